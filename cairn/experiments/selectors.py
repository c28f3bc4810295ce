"""Reads of experiments: the calls' list and page, a member's answers and places, the
sections other apps show, and a member's part of their data export. Each owns its joins."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

from cairn.core.stamps import cached, stamp
from cairn.core.translation import shown_in
from cairn.experiments.models import (
    HOLDING_STATES,
    Action,
    Call,
    CallState,
    Decision,
    Expression,
    Group,
    LogEntry,
    MeetingRecord,
    Placement,
    PlacementState,
    Topic,
)
from cairn.experiments.services.meetings import group_meetings
from cairn.recommendations.models import Recommendation


def call_list(*, viewer: Any) -> QuerySet[Call]:
    """The calls the viewer may see, newest deadline first, with their numbers of topics and groups."""
    return Call.objects.visible_to(viewer).annotate(topic_count=Count("topics", distinct=True), group_count=Count("groups", distinct=True))


def visible_call(*, viewer: Any, slug: str) -> Call | None:
    return Call.objects.visible_to(viewer).filter(slug=slug).first()


def managed_call(*, pk: int) -> Call | None:
    return Call.objects.filter(pk=pk).first()


def managed_topic(*, pk: int) -> Topic | None:
    """A topic with its call, for the coordination team's form."""
    return Topic.objects.select_related("call").filter(pk=pk).first()


@dataclass
class CallFigures:
    interests: int = 0
    people: int = 0
    groups: int = 0
    active_members: int = 0
    meetings_held: int = 0
    meetups: int = 0
    meetup_registrations: int = 0
    meetup_attended: int = 0
    by_office: list[tuple[str, int]] = field(default_factory=list)
    by_sector: list[tuple[str, int]] = field(default_factory=list)


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
    held, meetups with their registrations and attendance, and interests by office and by
    sector. Six queries, whatever the size."""
    from cairn.events.models import Event, Kind, Registration, RegistrationStatus

    now = timezone.now()
    interests = Expression.objects.filter(topic__call=call).aggregate(n=Count("pk"), people=Count("user", distinct=True))
    groups = Group.objects.filter(call=call).aggregate(
        n=Count("pk", distinct=True),
        members=Count("placements__user", filter=Q(placements__state=PlacementState.ACCEPTED), distinct=True),
    )
    events = Event.objects.filter(projects__experiment_group__call=call).aggregate(
        held=Count("pk", filter=Q(ends_at__lt=now), distinct=True), meetups=Count("pk", filter=Q(kind=Kind.MEETUP), distinct=True)
    )
    attendance = Registration.objects.filter(event__projects__experiment_group__call=call, event__kind=Kind.MEETUP).aggregate(
        registered=Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED), distinct=True),
        attended=Count("pk", filter=Q(attended_at__isnull=False), distinct=True),
    )
    by_office = [
        (row["office__city"] or "", row["n"])
        for row in Expression.objects.filter(topic__call=call).values("office__city").annotate(n=Count("pk")).order_by("-n", "office__city")
    ]
    language = (get_language() or "fr")[:2]
    by_sector = [
        (row[f"user__profile__sector__name_{language}"] or row["user__profile__sector__name_fr"] or "", row["n"])
        for row in Expression.objects.filter(topic__call=call)
        .values("user__profile__sector__name_fr", f"user__profile__sector__name_{language}")
        .annotate(n=Count("pk"))
        .order_by("-n", "user__profile__sector__name_fr")
    ]
    return CallFigures(
        interests=interests["n"],
        people=interests["people"],
        groups=groups["n"],
        active_members=groups["members"],
        meetings_held=events["held"],
        meetups=events["meetups"],
        meetup_registrations=attendance["registered"],
        meetup_attended=attendance["attended"],
        by_office=by_office,
        by_sector=by_sector,
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


# --- groups --------------------------------------------------------------------------------


@dataclass
class GroupPage:
    group: Group
    details: bool
    members: list[Placement]
    pending: list[Placement]
    meetings: list[Any]
    log: list[LogEntry]
    actions: list[Action]
    recommendations: list[Recommendation]
    #: The group's own meetings, latest first (the next ones two months ahead at most), each
    #: with its ``experiment_record`` (agenda, notes, public summary) or ``None``.
    records: list[Any]
    decisions: list[Decision]


def _viewer_is_member(group: Group, viewer: Any) -> bool:
    if not getattr(viewer, "is_authenticated", False):
        return False
    return Placement.objects.filter(group=group, user=viewer, state=PlacementState.ACCEPTED).exists()


def visible_group(*, viewer: Any, pk: int) -> Group | None:
    """The group if its call is visible, with ``viewer_is_member`` set for the rules."""
    group = (
        Group.objects.visible_to(viewer)
        .select_related("call", "topic", "office", "project", "facilitator__profile", "series")
        .filter(pk=pk)
        .first()
    )
    if group is not None:
        group.viewer_is_member = _viewer_is_member(group, viewer)  # type: ignore[attr-defined]
    return group


#: How many of its meetings and decisions the group's page shows, and how far ahead its
#: meetings appear there (an agenda is written before the meeting): 12, 62 days, 50.
RECORDS_SHOWN, RECORDS_AHEAD_DAYS, DECISIONS_SHOWN = 12, 62, 50


def group_page(*, viewer: Any, group: Group, details: bool) -> GroupPage:
    """What the group's page shows: the public summary (charter, members as their profiles
    allow, meetings, logbook highlights); with ``details`` (its members, facilitator, staff)
    the whole logbook, the actions and the invitations and requests waiting."""
    from cairn.events.models import Event

    members = list(group.placements.filter(state=PlacementState.ACCEPTED).select_related("user__profile").order_by("pk"))
    pending: list[Placement] = []
    actions: list[Action] = []
    log = LogEntry.objects.filter(group=group).select_related("author__profile")
    if details:
        pending = list(
            group.placements.filter(state__in=[PlacementState.INVITED, PlacementState.REQUESTED, PlacementState.PROPOSED])
            .select_related("user__profile")
            .order_by("pk")
        )
        actions = list(Action.objects.filter(group=group).select_related("owner__profile"))
    else:
        log = log.filter(highlight=True)
    meetings: list[Any] = []
    if group.project_id:
        meetings = list(Event.objects.filter(projects=group.project_id, ends_at__gte=timezone.now()).order_by("starts_at", "pk")[:10])
    recommendations = list(Recommendation.objects.visible_to(viewer).filter(experiment_topics=group.topic_id).order_by("reference"))
    horizon = timezone.now() + datetime.timedelta(days=RECORDS_AHEAD_DAYS)
    records = list(
        group_meetings(group)
        .filter(starts_at__lte=horizon)
        .select_related("experiment_record")
        .order_by("-starts_at", "-pk")[:RECORDS_SHOWN]
    )
    decisions = list(Decision.objects.filter(group=group).select_related("meeting")[:DECISIONS_SHOWN])
    return GroupPage(
        group=group,
        details=details,
        members=members,
        pending=pending,
        meetings=meetings,
        log=list(log[:50]),
        actions=actions,
        recommendations=recommendations,
        records=records,
        decisions=decisions,
    )


@dataclass
class Forming:
    topic: Topic
    expressions: list[Expression]
    groups: list[Group]
    unplaced: list[Expression]


def forming_page(*, pk: int) -> Forming | None:
    """The staff's page to form a topic's groups: the answers with their people, the groups
    with their places, and who holds no place yet."""
    topic = Topic.objects.select_related("call").filter(pk=pk).first()
    if topic is None:
        return None
    expressions = list(
        Expression.objects.filter(topic=topic)
        .select_related("user__profile", "office")
        .prefetch_related("skills")
        .order_by("created_at", "pk")
    )
    groups = list(
        Group.objects.filter(topic=topic)
        .select_related("facilitator__profile", "office")
        .prefetch_related(Prefetch("placements", queryset=Placement.objects.select_related("user__profile").order_by("pk")))
        .order_by("name", "pk")
    )
    holding = {p.user_id for g in groups for p in g.placements.all() if p.state in HOLDING_STATES}
    return Forming(topic=topic, expressions=expressions, groups=groups, unplaced=[e for e in expressions if e.user_id not in holding])


def group_people(*, group: Group) -> QuerySet[Any]:
    """Who may own an action of the group: its members and its facilitator."""
    from cairn.accounts.models import User

    members = Placement.objects.filter(group=group, state=PlacementState.ACCEPTED).values("user")
    return User.objects.filter(Q(pk__in=members) | Q(pk=group.facilitator_id or 0)).select_related("profile").order_by("pk")


def group_meeting(*, group: Group, pk: int) -> Any:
    """One of the group's own meetings with what was written of it, or ``None``."""
    return group_meetings(group).select_related("experiment_record").filter(pk=pk).first()


def group_meeting_choices(*, group: Group) -> Any:
    """The group's meetings held so far, latest first: where a decision may have been taken."""
    return group_meetings(group).filter(starts_at__lte=timezone.now()).order_by("-starts_at", "-pk")


def group_action(*, group: Group, pk: int) -> Action | None:
    return Action.objects.filter(group=group, pk=pk).first()


def group_placement(*, group: Group, pk: int) -> Placement | None:
    return Placement.objects.filter(group=group, pk=pk).select_related("user").first()


def own_placement(*, user: Any, pk: int) -> Placement | None:
    return Placement.objects.filter(user=user, pk=pk).first()


def topic_placement(*, topic: Topic, pk: int) -> Placement | None:
    return Placement.objects.filter(pk=pk, topic=topic).select_related("group").first()


def managed_group(*, pk: int) -> Group | None:
    return Group.objects.select_related("call", "topic", "facilitator__profile", "project").filter(pk=pk).first()


def facilitator_search(*, query: str, limit: int = 20) -> list[Any]:
    """Facilitators whose name holds ``query``, for the team to choose one: a search by name
    (as the directory searches), never by e-mail address."""
    from cairn.accounts.models import Role, User

    query = query.strip()
    if len(query) < 2:
        return []
    return list(
        User.objects.filter(
            groups__name=Role.FACILITATOR, is_active=True, anonymised_at__isnull=True, profile__display_name__icontains=query
        )
        .select_related("profile")
        .order_by("profile__display_name", "pk")[:limit]
    )


@dataclass
class FacilitatorPage:
    groups: list[Any]
    meetings: list[Any]
    actions: list[Action]
    lapsed: list[Any]


def facilitator_page(*, user: Any) -> FacilitatorPage:
    """A facilitator's groups, their next meetings, open actions, and the groups whose rhythm
    has lapsed: no meeting held for longer than their rhythm plans (and a week's grace)."""
    from django.db.models import Max

    from cairn.events.models import Event
    from cairn.experiments.models import RHYTHM_DAYS, GroupStatus, Rhythm

    now = timezone.now()
    groups = list(
        Group.objects.filter(facilitator=user)
        .exclude(status=GroupStatus.CONCLUDED)
        .select_related("call", "topic")
        .annotate(last_meeting=Max("project__events__starts_at", filter=Q(project__events__starts_at__lt=now)))
        .order_by("name", "pk")
    )
    project_ids = [g.project_id for g in groups if g.project_id]
    meetings = list(Event.objects.filter(projects__in=project_ids, ends_at__gte=now).distinct().order_by("starts_at", "pk")[:10])
    actions = list(
        Action.objects.filter(group__in=groups, done_at__isnull=True).select_related("group", "owner__profile").order_by("due_on", "pk")
    )
    lapsed = []
    for group in groups:
        if group.status != GroupStatus.ACTIVE:
            continue
        since = group.last_meeting or group.updated_at  # type: ignore[attr-defined]
        if (now - since).days > RHYTHM_DAYS[Rhythm(group.rhythm)] + 7:
            lapsed.append(group)
    return FacilitatorPage(groups=groups, meetings=meetings, actions=actions, lapsed=lapsed)


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
        {"slug": call.slug, "title": shown_in(call, "title"), "interest_deadline": call.interest_deadline}
        for call in Call.objects.filter(state=CallState.OPEN).order_by("interest_deadline", "pk")[:10]
    ]


def home_section_context(request: HttpRequest) -> dict[str, object] | None:
    """The home page's card: the calls open now whose deadline is still to come (at most
    three), or nothing, titles in the reader's language. Cached per language under the open
    calls' stamp, so a visit usually makes no query."""
    count, _latest = open_calls_stamp()
    if not count:
        return None
    now = timezone.now()
    cards = cached("home-open-calls", get_language(), stamps=[open_calls_stamp], ttl=HOME_CACHE_TTL, compute=_open_call_cards)
    calls = [card for card in cards if card["interest_deadline"] >= now][:3]
    return {"calls": calls} if calls else None


# --- personal data ---------------------------------------------------------------------------


def personal_data(*, user: Any) -> dict[str, Any]:
    """A member's part of experiments in their data export: their answers to calls, their
    places in groups, the groups they facilitate, the logbook entries they wrote, the
    actions they own, the meetings' agendas and notes they last wrote, the decisions they
    noted and the calls they created."""
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
        "meeting_records": [
            {"id": r.pk, "group_id": r.group_id, "event_id": r.event_id, "agenda": r.agenda, "notes": r.notes, "summary": r.summary}
            for r in MeetingRecord.objects.filter(updated_by=user).order_by("pk")
        ],
        "decisions": [{"id": d.pk, "group_id": d.group_id, "text": d.text} for d in Decision.objects.filter(author=user).order_by("pk")],
        "calls_created": [{"id": c.pk, "title": c.title} for c in Call.objects.filter(created_by=user).order_by("pk")],
    }


def group_list(*, viewer: Any) -> QuerySet[Group]:
    """The experiment groups whose call the viewer may see (their public summary), with their call and office."""
    return Group.objects.visible_to(viewer).select_related("call", "office")
