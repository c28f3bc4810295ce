"""The stamp the calls' API list is answered under (``cairn.core.stamps``); the groups'
list adds ``groups_stamp`` (``state_of_play.py``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max

from cairn.core.stamps import stamp
from cairn.experiments.models import Action, Call, Decision, Expression, LogEntry, MeetingRecord, Placement


@stamp("calls")
def calls_stamp() -> tuple[Any, ...]:
    """What changes when a call is created, edited or changes state, whatever its state (the
    list shows each call the reader may see, with its numbers of topics and groups; the
    groups' count is in ``groups_stamp``) — one query."""
    row = Call.objects.aggregate(
        n=Count("pk", distinct=True), latest=Max("updated_at"), topic_count=Count("topics", distinct=True), last_topic=Max("topics__pk")
    )
    return (row["n"], str(row["latest"]), row["topic_count"], row["last_topic"])


@stamp("experiment-interest")
def interest_stamp() -> tuple[Any, ...]:
    """What changes when a member expresses interest in a topic or changes it, or takes,
    declines or leaves a place in a group — two queries. A call's page counts them."""
    expressions = Expression.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    placements = Placement.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    return (expressions["n"], str(expressions["latest"]), placements["n"], str(placements["latest"]))


@stamp("experiment-group-life")
def group_life_stamp() -> tuple[Any, ...]:
    """What changes in a group's life besides the group and its places: a logbook entry, an
    action added or done, a decision, a meeting's agenda or notes written — four queries.
    Entries, actions and decisions are only ever added (an action is then marked done), so
    their number, latest id and the actions done tell every change."""
    log = LogEntry.objects.aggregate(n=Count("pk"), last=Max("pk"))
    actions = Action.objects.aggregate(n=Count("pk"), last=Max("pk"), done=Count("done_at"))
    decisions = Decision.objects.aggregate(n=Count("pk"), last=Max("pk"))
    records = MeetingRecord.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    return (*log.values(), *actions.values(), *decisions.values(), records["n"], str(records["latest"]))
