"""Reads of the events' pages: each owns its joins, so a page's query count stays fixed."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils import timezone, translation

from cairn.accounts.models import Office, User
from cairn.core.sections import shown_sections
from cairn.core.stamps import cached
from cairn.core.translation import shown_in
from cairn.events.models import ACTIVE_STATUSES, CalendarFeed, Event, EventMessage, Feedback, Registration, RegistrationStatus, Series
from cairn.events.recurrence import BRUSSELS
from cairn.events.rules import ORGANISER_ROLES
from cairn.projects.models import Project
from cairn.recommendations.models import Recommendation


def agenda_cities() -> list[str]:
    """The cities of the offices: the agenda's place filter."""
    return sorted(set(Office.objects.values_list("city", flat=True)))


def _with_viewer_registration(qs: QuerySet[Event], viewer: Any) -> QuerySet[Event]:
    """Each event carries ``mine``: the viewer's own registrations (none or one), in one
    extra query for the whole page."""
    if not getattr(viewer, "is_authenticated", False):
        return qs
    return qs.prefetch_related(Prefetch("registrations", queryset=Registration.objects.filter(user=viewer), to_attr="mine"))


def filtered_events(*, viewer: Any, filters: dict[str, Any], upcoming: bool = True) -> QuerySet[Event]:
    qs = Event.objects.visible_to(viewer).select_related("office", "sector", "series")
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("meetup_format"):
        qs = qs.filter(meetup_format=filters["meetup_format"])
    if filters.get("attendance"):
        qs = qs.filter(attendance=filters["attendance"])
    if filters.get("city"):
        qs = qs.filter(Q(city=filters["city"]) | Q(office__city=filters["city"]))
    if filters.get("sector"):
        qs = qs.filter(sector=filters["sector"])
    if filters.get("language"):
        qs = qs.filter(languages__contains=filters["language"])
    if filters.get("project"):
        qs = qs.filter(projects=filters["project"])
    if filters.get("date_from"):
        qs = qs.filter(ends_at__gte=dt.datetime.combine(filters["date_from"], dt.time(0), tzinfo=BRUSSELS))
    elif upcoming:
        qs = qs.filter(ends_at__gte=timezone.now())
    if filters.get("date_to"):
        qs = qs.filter(starts_at__lt=dt.datetime.combine(filters["date_to"] + dt.timedelta(days=1), dt.time(0), tzinfo=BRUSSELS))
    return _with_viewer_registration(qs.order_by("starts_at", "pk"), viewer)


@dataclass
class MonthGrid:
    month: dt.date
    weeks: list[list[tuple[dt.date, list[Event]]]]
    previous: dt.date
    next: dt.date


def month_around(month: dt.date) -> tuple[dt.date, dt.date, dt.date]:
    """The first day of ``month``'s month, and of the months before and after it (no query)."""
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, (first - dt.timedelta(days=1)).replace(day=1), last + dt.timedelta(days=1)


def month_grid(*, viewer: Any, filters: dict[str, Any], month: dt.date) -> MonthGrid:
    first, previous, following = month_around(month)
    last = following - dt.timedelta(days=1)
    events = list(filtered_events(viewer=viewer, filters={**filters, "date_from": first, "date_to": last}, upcoming=False))
    by_day: dict[dt.date, list[Event]] = {}
    for event in events:
        by_day.setdefault(event.starts_at.astimezone(BRUSSELS).date(), []).append(event)
    weeks = [
        [(day, by_day.get(day, []) if day.month == first.month else []) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    return MonthGrid(month=first, weeks=weeks, previous=previous, next=following)


@dataclass
class EventPage:
    event: Event
    registration: Registration | None
    organisers: list[Any]
    recommendations: list[Recommendation]
    categories: list[Any]
    projects: list[Project] = field(default_factory=list)
    waitlist_position: int | None = None
    feedback: Feedback | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: What later apps add under the ``event_page_sections`` hook ("Poser une question"…).
    sections: list[Any] = field(default_factory=list)

    @property
    def is_registered(self) -> bool:
        return self.registration is not None and self.registration.status == RegistrationStatus.CONFIRMED

    @property
    def is_active(self) -> bool:
        return self.registration is not None and self.registration.status in ACTIVE_STATUSES


def event_page(*, viewer: Any, pk: int) -> EventPage | None:
    event = (
        Event.objects.visible_to(viewer)
        .select_related("office", "sector", "series")
        .prefetch_related(
            Prefetch("organisers", to_attr="organiser_list", queryset=_organiser_qs()),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.visible_to(viewer).select_related("cycle").order_by("reference"),
                to_attr="recommendation_list",
            ),
            Prefetch("categories", to_attr="category_list"),
            Prefetch("projects", queryset=Project.objects.visible_to(viewer).order_by("title", "pk"), to_attr="project_list"),
        )
        .filter(pk=pk)
        .first()
    )
    if event is None:
        return None
    event.organiser_ids = [u.pk for u in event.organiser_list]  # type: ignore[attr-defined]
    registration = None
    position = None
    feedback = None
    if getattr(viewer, "is_authenticated", False):
        registration = Registration.objects.filter(event=event, user=viewer).first()
        if registration is not None and registration.status == RegistrationStatus.WAITLISTED:
            position = (
                Registration.objects.waitlist()
                .filter(event=event)
                .filter(Q(queued_at__lt=registration.queued_at) | Q(queued_at=registration.queued_at, pk__lt=registration.pk))
                .count()
                + 1
            )
        if event.is_past and registration is not None:
            feedback = Feedback.objects.filter(event=event, user=viewer).first()
    return EventPage(
        event=event,
        registration=registration,
        organisers=event.organiser_list,  # type: ignore[attr-defined]
        recommendations=event.recommendation_list,  # type: ignore[attr-defined]
        categories=event.category_list,  # type: ignore[attr-defined]
        projects=event.project_list,  # type: ignore[attr-defined]
        waitlist_position=position,
        feedback=feedback,
        sections=shown_sections("event_page_sections", event, viewer),
    )


def _organiser_qs() -> QuerySet[Any]:
    return User.objects.select_related("profile").order_by("pk")


def possible_organisers(*, event: Event | Series | None = None) -> QuerySet[User]:
    """The people an event's or a series' form offers as organisers: exactly those the rule
    ``events.create_event`` allows (active holders of ``ORGANISER_ROLES``, and superusers),
    plus the current organisers of ``event`` (an event or a series), so saving keeps them —
    even one who left since (``User.objects.nameable``)."""
    current = event.organisers.values("pk") if event is not None and event.pk else User.objects.none().values("pk")
    may_organise = Q(groups__name__in=ORGANISER_ROLES) | Q(is_superuser=True) | Q(pk__in=current)
    return (
        User.objects.nameable(keeping=current).filter(may_organise).select_related("profile").distinct().order_by("profile__display_name")
    )


def managed_event(*, pk: int) -> Event | None:
    """An event with its organiser ids, for the permission check of organiser pages."""
    event = (
        Event.objects.select_related("series")
        .prefetch_related(Prefetch("organisers", to_attr="organiser_list", queryset=_organiser_qs()))
        .filter(pk=pk)
        .first()
    )
    if event is not None:
        event.organiser_ids = [u.pk for u in event.organiser_list]  # type: ignore[attr-defined]
    return event


def managed_series(*, pk: int) -> Series | None:
    """A series with its organiser ids, for the permission check of its edit page."""
    series = Series.objects.filter(pk=pk).first()
    if series is not None:
        series.organiser_ids = list(series.organisers.values_list("pk", flat=True))  # type: ignore[attr-defined]
    return series


def form_choices(*, viewer: Any, obj: Event | Series | None = None) -> dict[str, Any]:
    """The choices of an event's or a series' form: the people who may organise (those the
    rule allows, plus the current organisers), the recommendations and the projects the
    viewer may see, and the projects already linked that the viewer may not see (kept,
    never offered nor dropped)."""
    if obj is not None and obj.pk:
        kept_projects: QuerySet[Project] = obj.projects.exclude(pk__in=Project.objects.visible_to(viewer).values("pk"))
    else:
        kept_projects = Project.objects.none()
    return {
        "organiser_choices": possible_organisers(event=obj),
        "recommendation_choices": Recommendation.objects.visible_to(viewer).order_by("reference"),
        "project_choices": Project.objects.visible_to(viewer).order_by("title"),
        "kept_projects": kept_projects,
        "viewer": viewer,  # whose eyes the people picker names people for
    }


def current_links(*, obj: Event | Series) -> dict[str, list[int]]:
    """What an event or a series is linked to, as an edit form starts with it: the ids of
    its organisers (already read by ``managed_event``/``managed_series``), recommendations,
    theme categories and projects."""
    return {
        "organisers": list(obj.organiser_ids),  # type: ignore[union-attr]
        "recommendations": list(obj.recommendations.values_list("pk", flat=True)),
        "categories": list(obj.categories.values_list("pk", flat=True)),
        "projects": list(obj.projects.values_list("pk", flat=True)),
    }


def event_registration(*, event: Event, pk: int) -> Registration | None:
    """One registration for an event, with its person's profile (the check-in row)."""
    return Registration.objects.select_related("user__profile").filter(pk=pk, event=event).first()


def own_registration(*, event_id: int, user: Any) -> Registration | None:
    """The member's registration for an event, with the event."""
    return Registration.objects.select_related("event").filter(event_id=event_id, user=user).first()


def registration_by_cancel_token(*, token: str) -> Registration | None:
    """The registration an e-mail's cancellation link names, with its event."""
    return Registration.objects.select_related("event").filter(cancel_token=token).first()


def calendar_feed(*, token: str) -> CalendarFeed | None:
    """A private feed by its secret address, with its member; none for a closed account."""
    return CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()


def sent_messages(*, event: Event, limit: int = 20) -> QuerySet[EventMessage]:
    """The organisers' last messages to the event's registrants, with who sent them."""
    return event.messages.select_related("sent_by__profile")[:limit]


#: How many people the check-in page lists at once (a search narrows it).
CHECK_IN_LIMIT = 200


def check_in_list(*, event: Event, query: str = "") -> QuerySet[Registration]:
    """The confirmed registrants to tick on the check-in page, searched by name or e-mail."""
    return attendees(event=event, query=query).filter(status=RegistrationStatus.CONFIRMED)[:CHECK_IN_LIMIT]


def attendees(*, event: Event, query: str = "") -> QuerySet[Registration]:
    """Everyone registered (cancelled last), with their profile, in queue order."""
    qs = Registration.objects.filter(event=event).select_related("user__profile")
    if query:
        qs = qs.filter(Q(user__profile__display_name__icontains=query) | Q(user__email__icontains=query))
    return qs.order_by("status", "queued_at", "pk")


def attendee_counts(*, event: Event) -> dict[str, int]:
    rows = Registration.objects.filter(event=event).values_list("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(RegistrationStatus.values, 0)
    counts.update(dict(rows))  # type: ignore[arg-type]
    counts["attended"] = Registration.objects.filter(event=event, attended_at__isnull=False).count()
    return counts


def feedback_summary(*, event: Event) -> dict[str, Any]:
    qs = Feedback.objects.filter(event=event)
    summary = qs.aggregate(average=Avg("rating"), count=Count("pk"))
    summary["by_rating"] = dict(qs.values_list("rating").annotate(n=Count("pk")))
    summary["comments"] = list(qs.exclude(comment="").order_by("-created_at").values_list("rating", "comment"))
    return summary


def my_events(*, user: Any) -> tuple[list[Registration], list[Registration]]:
    """The member's registrations: upcoming ones (soonest first), then past ones."""
    qs = (
        Registration.objects.filter(user=user, status__in=ACTIVE_STATUSES)
        .select_related("event", "event__office")
        .order_by("event__starts_at")
    )
    now = timezone.now()
    rows = list(qs)
    return [r for r in rows if r.event.ends_at >= now], [r for r in rows if r.event.ends_at < now][::-1]


def series_page(*, viewer: Any, pk: int) -> tuple[Series, list[Event]] | None:
    series = Series.objects.select_related("office", "sector").filter(pk=pk).first()
    if series is None:
        return None
    occurrences = _with_viewer_registration(
        Event.objects.filter(series=series, ends_at__gte=timezone.now()).order_by("starts_at", "pk"), viewer
    )[:24]
    return series, list(occurrences)


def series_dates(*, series: Series, limit: int) -> list[Event]:
    """Every date of a series, cancelled ones included (its feed marks them), soonest first."""
    return list(Event.objects.filter(series=series).order_by("starts_at")[:limit])


def registered_event_ids(*, user: Any, events: list[Event]) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Registration.objects.filter(user=user, event__in=[e.pk for e in events], status=RegistrationStatus.CONFIRMED).values_list(
            "event_id", flat=True
        )
    )


# --- Sections on other apps' pages (registered in EventsConfig.ready) --------------------

#: How many upcoming events the project and recommendation pages show.
SECTION_EVENTS = 5


def _upcoming_about(viewer: Any, **about: Any) -> list[Event]:
    """The next scheduled events about a project or a recommendation: one query."""
    return list(
        Event.objects.visible_to(viewer)
        .scheduled()
        .upcoming()
        .filter(**about)
        .select_related("office")
        .order_by("starts_at", "pk")[:SECTION_EVENTS]
    )


def upcoming_for_project(project: Project, viewer: Any) -> list[Event]:
    return _upcoming_about(viewer, projects=project)


def upcoming_for_recommendation(recommendation: Recommendation, viewer: Any) -> list[Event]:
    return _upcoming_about(viewer, recommendations=recommendation)


#: How many of the next events the home page shows, and how long it keeps them.
HOME_EVENTS = 4
HOME_EVENTS_TTL = 300


def home_section_context(request: Any) -> dict[str, Any] | None:
    """The home page's "next events" (the ``home_sections`` hook): every event is public, so
    one list per language, cached five minutes like the headline figures; none, no section."""
    events = cached("home-events", translation.get_language(), ttl=HOME_EVENTS_TTL, compute=_home_events)
    return {"events": events} if events else None


def _home_events() -> list[dict[str, Any]]:
    upcoming = Event.objects.scheduled().upcoming().select_related("office").order_by("starts_at", "pk")[:HOME_EVENTS]
    return [
        {
            "pk": event.pk,
            "title": shown_in(event, "title"),
            "starts_at": event.starts_at,
            "place": event.place,
            "kind": event.get_kind_display(),
        }
        for event in upcoming
    ]


def personal_data(*, user: Any) -> dict[str, Any]:
    """A member's part of events in their data export: registrations (with their answers),
    feedback, whether they have a private calendar feed (never its secret address), the
    events and series they organise or created, and the messages they sent to registrants."""

    def event_row(event: Event) -> dict[str, Any]:
        return {"id": event.pk, "title": event.title, "starts_at": event.starts_at.isoformat()}

    def series_row(series: Series) -> dict[str, Any]:
        return {"id": series.pk, "title": series.title, "first_start": series.first_start.isoformat()}

    feed = CalendarFeed.objects.filter(user=user).first()
    return {
        "registrations": [
            {
                "id": r.pk,
                "event": r.event.title,
                "event_id": r.event_id,
                "starts_at": r.event.starts_at.isoformat(),
                "status": r.status,
                "answers": r.answers,
                "attended": r.attended_at is not None,
            }
            for r in Registration.objects.filter(user=user).select_related("event").order_by("event__starts_at", "pk")
        ],
        "feedback": [
            {"id": f.pk, "event": f.event.title, "event_id": f.event_id, "rating": f.rating, "comment": f.comment}
            for f in Feedback.objects.filter(user=user).select_related("event").order_by("event__starts_at", "pk")
        ],
        "calendar_feed": {"id": feed.pk} if feed else None,
        "organised_events": [event_row(e) for e in Event.objects.filter(organisers=user).order_by("starts_at", "pk")],
        "organised_series": [series_row(s) for s in Series.objects.filter(organisers=user).order_by("first_start", "pk")],
        "created_events": [event_row(e) for e in Event.objects.filter(created_by=user).order_by("starts_at", "pk")],
        "created_series": [series_row(s) for s in Series.objects.filter(created_by=user).order_by("first_start", "pk")],
        "messages_sent": [
            {
                "id": m.pk,
                "event_id": m.event_id,
                "subject": m.subject,
                "body": m.body,
                "sent_at": m.sent_at.isoformat() if m.sent_at else None,
            }
            for m in EventMessage.objects.filter(sent_by=user).order_by("created_at", "pk")
        ],
    }


def events_shown(ids: Any, viewer: Any) -> dict[int, Any]:
    """What a question about an event shows of it (the ``inbox_items`` hook): only the
    events the viewer may see, in one query."""
    from django.urls import reverse

    from cairn.core.items import ItemShown

    rows = Event.objects.visible_to(viewer).filter(pk__in=list(ids)).values_list("pk", "title")
    return {pk: ItemShown(title, reverse("events:detail", args=[pk])) for pk, title in rows}
