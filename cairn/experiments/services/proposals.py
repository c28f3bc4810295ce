"""Cairn proposes a topic's groups with the shared ``cairn.core.grouping`` (the method and
its limits: docs/decisions/0022-grouping-with-cp-sat.md): the same place (an office) or
online, a language everyone in the group speaks, a rhythm and a moment every member can
make, a balance of skills and sectors, someone willing to co-lead, within the call's size
bounds and its number of groups per topic. Each placement keeps its reasons; each person
left out keeps why. The team then adjusts by hand (``services.groups``).

Rhythms are compatible when they are neighbours (every week and every two weeks, every two
weeks and every month, every month and a few times): a person is available for each
compatible rhythm at each moment they chose, and each group meets on one such slot."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cairn.core import grouping
from cairn.core.audit import record_change
from cairn.experiments.models import Expression, Group, Moment, Placement, PlacementState, Rhythm, Topic
from cairn.experiments.services.groups import _refuse_unless_forming, group_create
from cairn.experiments.stamps import interest_stamp

#: Each rhythm and the rhythms it goes along with.
COMPATIBLE_RHYTHMS: dict[str, tuple[str, ...]] = {
    Rhythm.WEEKLY: (Rhythm.WEEKLY, Rhythm.FORTNIGHTLY),
    Rhythm.FORTNIGHTLY: (Rhythm.WEEKLY, Rhythm.FORTNIGHTLY, Rhythm.MONTHLY),
    Rhythm.MONTHLY: (Rhythm.FORTNIGHTLY, Rhythm.MONTHLY, Rhythm.FEW_TIMES),
    Rhythm.FEW_TIMES: (Rhythm.MONTHLY, Rhythm.FEW_TIMES),
}
#: Every slot a group may meet on: a rhythm and a moment.
SLOTS = tuple(f"{rhythm}|{moment}" for rhythm in Rhythm.values for moment in Moment.values)
#: The place of people who can only meet online (people who can do both have no place: they fit any group).
ONLINE = "online"


def place_of(*, office_id: int | None, online: bool) -> str | None:
    if office_id is not None and not online:
        return f"office:{office_id}"
    if office_id is None:
        return ONLINE
    return None


def person_of(expression: Any, *, first_timer: bool) -> grouping.Person:
    """What ``core.grouping`` needs to know of an expression of interest: plain values."""
    sector = getattr(getattr(getattr(expression, "user", None), "profile", None), "sector_id", None)
    return grouping.Person(
        id=expression.pk,
        languages=frozenset(expression.languages.split()),
        place=place_of(office_id=expression.office_id, online=expression.online),
        skills=frozenset(skill.name for skill in expression.skills.all()),
        traits=frozenset(
            filter(None, [f"sector:{sector}" if sector else "", f"office:{expression.office_id}" if expression.office_id else ""])
        ),
        preferences=(expression.topic_id,),
        availability=frozenset(
            f"{rhythm}|{moment}"
            for rhythm in COMPATIBLE_RHYTHMS.get(expression.rhythm, (expression.rhythm,))
            for moment in expression.moments.split()
        ),
        first_timer=first_timer,
        lead=expression.co_lead,
    )


def propose(people: Sequence[grouping.Person], *, topic_id: int, call: Any, **settings: Any) -> grouping.Result:
    """The groups ``core.grouping`` forms for one topic under the call's bounds."""
    return grouping.form_groups(
        people,
        [grouping.Target(id=topic_id)],
        grouping.Settings(
            min_size=call.min_group_size,
            max_size=call.max_group_size,
            max_groups_per_target=call.max_groups_per_topic,
            slots=SLOTS,
            seed=topic_id,
            **settings,
        ),
    )


def _stored(reasons: Iterable[grouping.Reason], cities: dict[int, str]) -> list[dict[str, Any]]:
    """Reasons as JSON, the place named by its city (the office may be renamed or removed later)."""
    out = []
    for reason in reasons:
        data = dict(reason.data)
        place = data.get("place")
        if isinstance(place, str) and place.startswith("office:"):
            data["place"] = cities.get(int(place.split(":", 1)[1]), "")
        out.append({"code": reason.code, "data": data})
    return out


def topic_propose(*, actor: Any, topic: Topic) -> int:
    """Form the topic's groups as Cairn proposes them: groups in formation, each member's
    place proposed (not yet sent) with its reasons, and the reasons of those left out. Only
    for a topic without groups yet; how many groups were made. Heavy: run by the worker
    (``tasks.propose_groups``)."""
    call = _refuse_unless_forming(topic)
    if Group.objects.filter(topic=topic).exists():
        raise ValidationError(_("Ce sujet a déjà des groupes : ajustez-les à la main."), code="has_groups")
    expressions = list(
        Expression.objects.filter(topic=topic, user__is_active=True, user__anonymised_at__isnull=True)
        .select_related("office", "user__profile")
        .prefetch_related("skills")
        .order_by("pk")
    )
    veterans = set(
        Placement.objects.filter(user__in=[e.user_id for e in expressions], state=PlacementState.ACCEPTED)
        .exclude(topic__call=call)
        .values_list("user_id", flat=True)
    )
    people = [person_of(e, first_timer=e.user_id not in veterans) for e in expressions]
    result = propose(people, topic_id=topic.pk, call=call)
    by_id: dict[Any, Expression] = {e.pk: e for e in expressions}
    cities = {e.office_id: e.office.city for e in expressions if e.office_id and e.office}
    with transaction.atomic():
        for n, proposed in enumerate(result.groups, start=1):
            rhythm = (proposed.slot or Rhythm.MONTHLY).split("|")[0]
            office_id = int(proposed.place.split(":", 1)[1]) if proposed.place and proposed.place.startswith("office:") else None
            where = cities.get(office_id, "") if office_id else _("en ligne")
            group = group_create(
                actor=actor,
                topic=topic,
                name=f"{topic.title[:80]} · {where} {n}",
                office=next((by_id[m].office for m in proposed.members if by_id[m].office_id == office_id), None) if office_id else None,
                online=office_id is None,
                languages=proposed.language,
                rhythm=rhythm,
            )
            Placement.objects.bulk_create(
                Placement(
                    group=group,
                    topic=topic,
                    user_id=by_id[member].user_id,
                    state=PlacementState.PROPOSED,
                    reason=_("Proposé·e par Cairn."),
                    reasons=_stored(result.reasons.get(member, ()), cities),
                )
                for member in proposed.members
            )
        for expression_id, reasons in result.unplaced.items():
            Expression.objects.filter(pk=int(str(expression_id))).update(unplaced_reasons=_stored(reasons, cities))
        interest_stamp.forget()  # the places and reasons above were written with no signal
        record_change(
            actor=actor,
            instance=call,
            action="groups_proposed",
            after={"topic": topic.pk, "groups": len(result.groups), "unplaced": len(result.unplaced), "status": result.status},
        )
    return len(result.groups)
