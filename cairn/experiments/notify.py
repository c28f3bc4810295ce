"""Experiments and the notifications app: a group can be followed (its members and its
facilitator follow it without asking), and each logbook entry raises an event for its
followers, fanned out after commit — in-app, by e-mail or in the digests, as each member
chose. A logbook highlight also becomes an update of the group's project, which notifies
the project's and its recommendations' followers (``projects.notify``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

GROUP = "experiment_group"
LOG_ENTRY = "experiment_log"


def group_titles(ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    from django.urls import reverse

    from cairn.experiments.models import CallState, Group

    rows = Group.objects.filter(pk__in=list(ids)).exclude(call__state=CallState.DRAFT).values_list("pk", "name")
    return {pk: (name, reverse("experiments:group", args=[pk])) for pk, name in rows}


def group_people(ids: Iterable[int]) -> dict[int, set[int]]:
    """A group's accepted members and its facilitator follow it without asking."""
    from cairn.experiments.models import Group, Placement, PlacementState

    ids = list(ids)
    people: dict[int, set[int]] = {pk: set() for pk in ids}
    for group_id, user_id in Placement.objects.filter(group__in=ids, state=PlacementState.ACCEPTED).values_list("group_id", "user_id"):
        people[group_id].add(user_id)
    for group_id, user_id in Group.objects.filter(pk__in=ids, facilitator__isnull=False).values_list("pk", "facilitator_id"):
        people[group_id].add(user_id)
    return people


def log_entry_posted(*, entry: Any) -> None:
    from cairn.notifications.services import notify_event

    group = entry.group
    notify_event(
        kind=LOG_ENTRY,
        targets=[(GROUP, group.pk)],
        subject=(GROUP, group.pk),
        actor_id=entry.author_id,
        data={"group": group.name, "entry": entry.pk},
        url_name="experiments:group",
        url_args=[group.pk],
    )


def describe_log_entry(data: dict[str, Any]) -> str:
    return _("Nouvelle entrée dans le carnet de bord du groupe « %(group)s »") % {"group": data.get("group", "")}
