"""Who may do what with hackathons.

Everyone reads a hackathon once it left the draft, its questions, teams and results. Members
propose questions during the call, register (through the event), vote and, in a team, write
its answer. The hackathon's organisers (its event's) and the coordination team run it:
phases, questions, teams, jury, chosen answers. Creating one is for the coordination team.
A juror scores, never a team they belong to (the service refuses it too).
"""

from __future__ import annotations

from typing import Any

import rules

from cairn.accounts.rules import is_admin, is_coordinator, is_member, is_signed_in

can_manage_all = is_coordinator | is_admin


@rules.predicate
def organises(user: Any, hackathon: Any) -> bool:
    if hackathon is None or not getattr(user, "is_authenticated", False):
        return False
    ids = getattr(hackathon, "organiser_ids", None)
    if ids is None:
        ids = hackathon.event.organisers.values_list("pk", flat=True)
    return user.pk in set(ids)


@rules.predicate
def is_published(user: Any, hackathon: Any) -> bool:
    return hackathon is not None and hackathon.phase != "draft"


@rules.predicate
def is_juror(user: Any, hackathon: Any) -> bool:
    if hackathon is None or not getattr(user, "is_authenticated", False):
        return False
    return hackathon.jurors.filter(user=user).exists()


@rules.predicate
def in_team(user: Any, team: Any) -> bool:
    if team is None or not getattr(user, "is_authenticated", False):
        return False
    return team.memberships.filter(participant__user=user).exists()


may_manage = is_signed_in & (organises | can_manage_all)

rules.add_perm("hackathons.view_hackathon", is_published | may_manage)
rules.add_perm("hackathons.create_hackathon", can_manage_all)
rules.add_perm("hackathons.manage_hackathon", may_manage)
#: Propose a question (during the call), register, vote.
rules.add_perm("hackathons.take_part", is_member)
rules.add_perm("hackathons.score", is_signed_in & is_juror)
#: Object-level on a team: write its answer.
rules.add_perm("hackathons.answer", is_signed_in & in_team)
