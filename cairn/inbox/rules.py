"""Who may do what with the inbox.

Anyone may ask: a visitor confirms their address first, an account is recognised. The
coordination team and admins triage every conversation; a person a conversation is
assigned to (a department lead, a project coordinator) handles that one; a member reads
their own conversations under "Mes questions", without the internal notes. Anyone else
gets 404 for a conversation, as if it did not exist.
"""

from __future__ import annotations

from typing import Any

import rules

from cairn.accounts.models import Role
from cairn.accounts.rules import is_admin, is_coordinator, is_department_lead, is_facilitator, is_signed_in

can_triage = is_coordinator | is_admin


@rules.predicate
def is_assignee(user: Any, conversation: Any) -> bool:
    return conversation is not None and user.is_authenticated and conversation.assignee_id == user.pk


@rules.predicate
def is_sender(user: Any, conversation: Any) -> bool:
    return conversation is not None and user.is_authenticated and conversation.person_id == user.pk


#: The coordination team's inbox: the list of every conversation, the figures, the saved answers.
rules.add_perm("inbox.triage", can_triage)
#: The inbox's list: everything for the coordination team, the conversations assigned to
#: them for those who may receive one.
can_receive = can_triage | is_department_lead | is_facilitator
#: The roles of ``can_receive``: whom the assign form's people picker looks among.
RECEIVING_ROLES = (Role.COORDINATION, Role.ADMIN, Role.DEPARTMENT_LEAD, Role.FACILITATOR)
rules.add_perm("inbox.view_inbox", can_receive)
#: Read and answer this conversation, add notes, route it.
rules.add_perm("inbox.handle_conversation", is_signed_in & (can_triage | is_assignee))
#: Read one's own conversation and write in it ("Mes questions").
rules.add_perm("inbox.view_own", is_signed_in & is_sender)
rules.add_perm("inbox.ask_signed_in", is_signed_in)
