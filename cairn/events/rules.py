"""Who may do what with events.

Everyone reads events (visitors too); the cooperative's members register (an account the
register does not list yet does not: Cairn has no events open to non-members). Organisers
of an event — and the coordination team, who run the process — manage it: attendee list,
check-in, messages, edits. Creating events is for facilitators (who run meetups and
experiment groups) and the coordination team; the same people are the ones an event's
form offers as organisers (``ORGANISER_ROLES``, read by ``selectors.possible_organisers``).
"""

from __future__ import annotations

from typing import Any

import rules

from cairn.accounts.models import Role
from cairn.accounts.rules import is_admin, is_coordinator, is_member, is_signed_in, is_superuser

can_manage_all_events = is_coordinator | is_admin

#: Who may organise events: create them, and be named an event's organiser in its form.
#: Superusers too, as for every admin right (``is_admin``).
ORGANISER_ROLES = frozenset({Role.FACILITATOR, Role.COORDINATION, Role.ADMIN})


@rules.predicate
def has_an_organiser_role(user: Any) -> bool:
    return not ORGANISER_ROLES.isdisjoint(user.role_names)


may_organise = is_signed_in & (has_an_organiser_role | is_superuser)


@rules.predicate
def is_organiser(user: Any, event: Any) -> bool:
    if event is None or not getattr(user, "is_authenticated", False):
        return False
    organiser_ids = getattr(event, "organiser_ids", None)
    if organiser_ids is None:
        organiser_ids = event.organisers.values_list("pk", flat=True)
    return user.pk in set(organiser_ids)


rules.add_perm("events.view_agenda", rules.always_allow)
#: Register for events, and have "my events" (the registrations and their private feed).
rules.add_perm("events.register", is_member)
rules.add_perm("events.create_event", may_organise)
#: Object-level: an event or a series (both have ``organisers``).
rules.add_perm("events.manage_event", is_signed_in & (is_organiser | can_manage_all_events))
