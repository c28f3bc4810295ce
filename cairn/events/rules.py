"""Who may do what with events.

Everyone reads events (visitors too); members register. Organisers of an event — and the
coordination team, who run the process — manage it: attendee list, check-in, messages,
edits. Creating events is for facilitators (who run meetups and experiment groups) and
the coordination team.
"""

from __future__ import annotations

from typing import Any

import rules

from cairn.accounts.rules import is_admin, is_coordinator, is_facilitator, is_member

can_manage_all_events = is_coordinator | is_admin


@rules.predicate
def is_organiser(user: Any, event: Any) -> bool:
    if event is None or not getattr(user, "is_authenticated", False):
        return False
    organiser_ids = getattr(event, "organiser_ids", None)
    if organiser_ids is None:
        organiser_ids = event.organisers.values_list("pk", flat=True)
    return user.pk in set(organiser_ids)


rules.add_perm("events.view_agenda", rules.always_allow)
rules.add_perm("events.register", is_member)
rules.add_perm("events.create_event", is_facilitator | can_manage_all_events)
#: Object-level: an event or a series (both have ``organisers``).
rules.add_perm("events.manage_event", is_member & (is_organiser | can_manage_all_events))
