"""Reads of experiments: the calls' list and page, a member's answers and places, the
sections other apps show, and a member's part of their data export. Each owns its joins."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from cairn.core.stamps import cached, stamp
from cairn.experiments.models import Action, Call, CallState, Expression, Group, LogEntry, Placement, PlacementState, Topic
from cairn.recommendations.models import Recommendation


def call_list(*, viewer: Any) -> QuerySet[Call]:
    """The calls the viewer may see, newest deadline first, with their numbers of topics and groups."""
    return Call.objects.visible_to(viewer).annotate(topic_count=Count("topics", distinct=True), group_count=Count("groups", distinct=True))


def visible_call(*, viewer: Any, slug: str) -> Call | None:
    return Call.objects.visible_to(viewer).filter(slug=slug).first()


def managed_call(*, pk: int) -> Call | None:
    return Call.objects.filter(pk=pk).first()


@dataclass
class CallFigures:
    interests: int = 0
    people: int = 0
    groups: int = 0
    active_members: int = 0
    meetings_held: int = 0
    by_office: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class CallPage:
    call: Call
    phases: list[Any]
    topics: list[Topic]
    mine: dict[int, Expression]
    figures: CallFigures


def _topics(call: Call, viewer: Any) -> list[Topic]:
    return list(
        call.topics.prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.visible_to(viewer).order_by("reference")),
            Prefetch("groups", queryset=Group.objects.select_related("office").order_by("name", "pk")),
        ).annotate(interest_count=Count("expressions", distinct=True))
    )


def call_figures(call: Call) -> CallFigures:
    """The call's figures (its page): interests, people, groups, active members, meetings
    held, and interests by office. A fixed number of queries."""
    from cairn.events.models import Event

    interests = Expression.objects.filter(topic__call=call).aggregate(n=Count("pk"), people=Count("user", distinct=True))
    groups = Group.objects.filter(call=call).aggregate(
        n=Count("pk", distinct=True),
        members=Count("placements__user", filter=Q(placements__state=PlacementState.ACCEPTED), distinct=True),
    )
    meetings = Event.objects.filter(projects__experiment_group__call=call, ends_at__lt=timezone.now()).count()
    by_office = [
        (row["office__city"] or "", row["n"])
        for row in Expression.objects.filter(topic__call=call).values("office__city").annotate(n=Count("pk")).order_by("-n", "office__city")
    ]
    return CallFigures(
        interests=interests["n"],
        people=interests["people"],
        groups=groups["n"],
        active_members=groups["members"],
        meetings_held=meetings,
        by_office=by_office,
    )


def call_page(*, viewer: Any, slug: str) -> CallPage | None:
    call = visible_call(viewer=viewer, slug=slug)
    if call is None:
        return None
    mine: dict[int, Expression] = {}
    if getattr(viewer, "is_authenticated", False):
        mine = {e.topic_id: e for e in Expression.objects.filter(topic__call=call, user=viewer)}
    topics = _topics(call, viewer)
    for topic in topics:
        topic.mine = mine.get(topic.pk)  # type: ignore[attr-defined]
    return CallPage(call=call, phases=list(call.phases.all()), topics=topics, mine=mine, figures=call_figures(call))


def call_topics(*, call: Call) -> QuerySet[Topic]:
    """The call's topics with their recommendations (the staff's page of topics)."""
    return call.topics.prefetch_related("recommendations")


def visible_topic(*, viewer: Any, pk: int) -> Topic | None:
    return Topic.objects.select_related("call").filter(pk=pk, call__in=Call.objects.visible_to(viewer)).first()


def own_expression(*, user: Any, pk: int) -> Expression | None:
    """The member's own answer; anyone else's answers 404 like a missing one."""
    return Expression.objects.select_related("topic__call").filter(pk=pk, user=user).first()


@dataclass
class Mine:
    expressions: list[Expression]
    placements: list[Placement]


def my_experiments(*, user: Any) -> Mine:
    """A member's answers to calls and their places in groups (their page)."""
    expressions = list(
        Expression.objects.filter(user=user)
        .select_related("topic__call", "office")
        .prefetch_related("skills")
        .order_by("-topic__call__interest_deadline", "topic__position", "pk")
    )
    placements = list(
        Placement.objects.filter(user=user)
        .exclude(state=PlacementState.PROPOSED)
        .select_related("group__call", "group__topic")
        .order_by("-created_at", "-pk")
    )
    return Mine(expressions=expressions, placements=placements)


# --- what experiments add to other pages ----------------------------------------------------


def open_calls_for_recommendation(recommendation: Recommendation, viewer: Any) -> list[Topic]:
    """The topics of open calls that act on a recommendation (its page's section): one query."""
    return list(
        Topic.objects.filter(recommendations=recommendation, call__state=CallState.OPEN)
        .select_related("call")
        .order_by("call__interest_deadline", "position", "pk")
    )


HOME_CACHE_TTL = 300


@stamp("open-calls")
def open_calls_stamp() -> tuple[Any, ...]:
    """What changes when a call opens, closes or is edited (one query): the number of open
    calls and their latest change; part of the home section's cache key."""
    row = Call.objects.filter(state=CallState.OPEN).aggregate(n=Count("pk"), latest=Max("updated_at"))
    return (row["n"], str(row["latest"]))


def _open_call_cards() -> list[dict[str, Any]]:
    return [
        {"slug": call.slug, "title": call.title, "interest_deadline": call.interest_deadline}
        for call in Call.objects.filter(state=CallState.OPEN).order_by("interest_deadline", "pk")[:10]
    ]


def home_section_context(request: HttpRequest) -> dict[str, object] | None:
    """The home page's card: the calls open now whose deadline is still to come (at most
    three), or nothing. Cached under the open calls' stamp, so a visit usually makes no query."""
    count, _latest = open_calls_stamp()
    if not count:
        return None
    now = timezone.now()
    cards = cached("home-open-calls", stamps=[open_calls_stamp], ttl=HOME_CACHE_TTL, compute=_open_call_cards)
    calls = [card for card in cards if card["interest_deadline"] >= now][:3]
    return {"calls": calls} if calls else None


# --- personal data ---------------------------------------------------------------------------


def personal_data(*, user: Any) -> dict[str, Any]:
    """A member's part of experiments in their data export: their answers to calls, their
    places in groups, the groups they facilitate, the logbook entries they wrote, the
    actions they own and the calls they created."""
    return {
        "expressions": [
            {
                "id": e.pk,
                "topic_id": e.topic_id,
                "motivation": e.motivation,
                "rhythm": e.rhythm,
                "moments": e.moments,
                "office_id": e.office_id,
                "online": e.online,
                "languages": e.languages,
                "co_lead": e.co_lead,
                "keep_informed": e.keep_informed,
                "skills": sorted(s.name for s in e.skills.all()),
            }
            for e in Expression.objects.filter(user=user).prefetch_related("skills").order_by("pk")
        ],
        "placements": [
            {"id": p.pk, "group_id": p.group_id, "state": p.state, "reason": p.reason}
            for p in Placement.objects.filter(user=user).order_by("pk")
        ],
        "facilitated_groups": [{"id": g.pk, "name": g.name} for g in Group.objects.filter(facilitator=user).order_by("pk")],
        "log_entries": [
            {"id": e.pk, "group_id": e.group_id, "posted_on": e.posted_on.isoformat(), "text": e.text}
            for e in LogEntry.objects.filter(author=user).order_by("pk")
        ],
        "actions": [{"id": a.pk, "group_id": a.group_id, "title": a.title} for a in Action.objects.filter(owner=user).order_by("pk")],
        "calls_created": [{"id": c.pk, "title": c.title} for c in Call.objects.filter(created_by=user).order_by("pk")],
    }
