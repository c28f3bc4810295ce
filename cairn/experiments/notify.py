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


def calls_shown(ids: Iterable[int], viewer: Any) -> dict[int, Any]:
    """What a question about a call shows of it (the ``inbox_items`` hook): only the calls
    the viewer may see (a draft for the staff alone), in one query."""
    from django.urls import reverse

    from cairn.core.items import ItemShown
    from cairn.experiments.models import Call

    rows = Call.objects.visible_to(viewer).filter(pk__in=list(ids)).values_list("pk", "title", "slug")
    return {pk: ItemShown(title, reverse("experiments:call", args=[slug])) for pk, title, slug in rows}


def groups_shown(ids: Iterable[int], viewer: Any) -> dict[int, Any]:
    """What a question about an experiment group shows of it: the groups whose call the
    viewer may see, in one query."""
    from django.urls import reverse

    from cairn.core.items import ItemShown
    from cairn.experiments.models import Group

    rows = Group.objects.visible_to(viewer).filter(pk__in=list(ids)).values_list("pk", "name")
    return {pk: ItemShown(name, reverse("experiments:group", args=[pk])) for pk, name in rows}


def call_interest_route(*, item_id: int, user: Any) -> str:
    """An expression of interest in a call becomes the call's own invitation to answer it:
    the e-mail with its link and deadline (``services.calls.call_invite``); refused once
    the call no longer takes answers."""
    from cairn.experiments.models import Call
    from cairn.experiments.services.calls import call_invite

    call_invite(actor=user, call=Call.objects.get(pk=item_id), user=user)
    return _("La personne a reçu l’invitation à exprimer son intérêt pour cet appel.")


def group_join_route(*, item_id: int, user: Any) -> str:
    """An expression of interest in a group becomes a request to join it, which the group
    answers as any other (``services.groups.join_request``); refused when the group does
    not take new members."""
    from cairn.experiments.models import Group
    from cairn.experiments.services.groups import join_request

    join_request(user=user, group=Group.objects.get(pk=item_id))
    return _("La demande de la personne pour rejoindre ce groupe attend la réponse du groupe.")


def call_topics() -> Any:
    """A call's broad themes, those of its topics' recommendations (the ``inbox_items`` hook's ``topics``)."""
    from django.db.models import F

    from cairn.experiments.models import Call

    return Call.objects.annotate(broad_theme=F("topics__recommendations__theme__category")).values("pk", "broad_theme")


def group_topics() -> Any:
    """A group's broad themes, those of the recommendations its call's topic answers (the
    ``inbox_items`` hook's ``topics``)."""
    from django.db.models import F

    from cairn.experiments.models import Group

    return Group.objects.annotate(broad_theme=F("topic__recommendations__theme__category")).values("pk", "broad_theme")
