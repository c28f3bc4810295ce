"""Query counts of the agenda, the event page and the attendee list, pinned at two sizes
(STYLE.md §12): N and 10 × N events or registrations cost the same number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.accounts.tests.helpers import make_user
from cairn.core.stamps import cache as page_cache
from cairn.events.factories import EventFactory
from cairn.events.models import Registration, RegistrationStatus
from cairn.events.services.registrations import registration_register
from cairn.projects.factories import ProjectFactory
from cairn.recommendations.factories import RecommendationFactory
from cairn.tests.page_snapshots import main_content

pytestmark = pytest.mark.django_db

N = 4
SIZES = [N, 10 * N]
# Signed in: 1 session, 2 the account with its profile (account menu), roles and second
# factor (cairn/accounts/backends.py).
SIGNED_IN = 2

# Agenda, anonymous: 1 the offices' cities (place filter), 2 sectors (filter), 3 projects
# the viewer may see (filter), 4 COUNT for the paginator, 5 the page of events with office,
# sector and series joined.
AGENDA = 5
# The filters' HTML is kept under the projects' stamp, and a visitor's rows under the
# agenda's (two queries each when not in the cache); kept, a visitor's agenda runs none.
STAMPS = 2 + 2
# A member's first request, nothing kept: the stamps of the filters' key and of the
# member's rows' key (the projects' and the agenda's, 2 + 2), the agenda built as above,
# and the member's own registrations for the page's events (one prefetch).
AGENDA_MEMBER = SIGNED_IN + STAMPS + AGENDA + 1
# Event page, registered member: 1 the event with office, sector, series; 2 organisers
# with profiles; 3 recommendations visible to the viewer; 4 categories; 5 projects visible
# to the viewer; 6 the member's registration.
EVENT_PAGE_MEMBER = SIGNED_IN + 6
# The page is kept per reader under the agenda's stamp (two queries), the opinions' (one),
# the registry's (one), the projects' (two) and the people's (two), with who may see it;
# kept, it reads nothing.
EVENT_PAGE_STAMPS = 2 + 1 + 1 + 2 + 2
# Attendee list, organiser: kept under the agenda's stamp and the people's (two queries
# each), with who may read it; built: 1 the event, 2 its organisers (permission), 3 COUNT
# (paginator), 4 the registrations with profiles, 5 counts by status, 6 count attended.
ATTENDEES_KEPT = SIGNED_IN
ATTENDEES = SIGNED_IN + 2 + 2 + 2 + 4


def count(client: Client, url: str, *, cleared: bool = False) -> int:
    """The queries of one request of ``url``; ``cleared``: with nothing kept yet."""
    if cleared:
        page_cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", SIZES)
def test_agenda_queries(client: Client, size: int) -> None:
    member = UserFactory()
    for n in range(size):
        event = EventFactory(capacity=5)
        if n % 2:
            registration_register(event=event, user=member)

    assert count(client, "/fr/evenements/?kind=workshop") == STAMPS + AGENDA
    assert count(client, "/fr/evenements/?kind=workshop") == 0
    client.force_login(member)
    first = client.get("/fr/evenements/")
    assert count(client, "/fr/evenements/", cleared=True) == AGENDA_MEMBER
    # Kept for this member (their rows carry their registrations): only the signed-in page.
    assert count(client, "/fr/evenements/") == SIGNED_IN
    assert main_content(client.get("/fr/evenements/")) == main_content(first)


# The month's calendar, anonymous: 1 the offices' cities, 2 sectors, 3 projects (the
# filters), 4 the month's events; kept (filters and grid), none.
CALENDAR = 4


@pytest.mark.parametrize("size", SIZES)
def test_calendar_queries(client: Client, size: int) -> None:
    member = UserFactory()
    for n in range(size):
        event = EventFactory(
            capacity=5, starts_at=timezone.now() + dt.timedelta(hours=n + 1), ends_at=timezone.now() + dt.timedelta(hours=n + 2)
        )
        if n % 2:
            registration_register(event=event, user=member)

    assert count(client, "/fr/evenements/calendrier/") == STAMPS + CALENDAR
    assert count(client, "/fr/evenements/calendrier/") == 0
    client.force_login(member)
    # Signed in, the filters kept: the member's grid under its own key (1–2 the agenda's
    # stamp, cached since the visitor's request), built from the cities (the form
    # validates the filters), the month's events and the member's own registrations (one
    # prefetch); then kept.
    assert count(client, "/fr/evenements/calendrier/") == SIGNED_IN + 3
    assert count(client, "/fr/evenements/calendrier/") == SIGNED_IN


@pytest.mark.parametrize("size", SIZES)
def test_event_page_queries(client: Client, size: int) -> None:
    organisers = [UserFactory() for _ in range(min(size, 8))]
    event = EventFactory(capacity=size * 3)
    event.organisers.set(organisers)
    event.recommendations.set([RecommendationFactory() for _ in range(size // 2)])
    event.projects.set([ProjectFactory(is_internal=n % 2 == 0) for n in range(size // 2)])
    member = UserFactory()
    for _ in range(size):
        registration_register(event=event, user=UserFactory())
    registration_register(event=event, user=member)
    client.force_login(member)

    path = f"/fr/evenements/{event.pk}/"
    first = client.get(path)
    assert count(client, path, cleared=True) == EVENT_PAGE_STAMPS + EVENT_PAGE_MEMBER
    assert count(client, path) == SIGNED_IN
    assert main_content(client.get(path)) == main_content(first)


@pytest.mark.parametrize("size", SIZES)
def test_attendee_list_queries(client: Client, size: int) -> None:
    organiser = make_user("facilitator")
    event = EventFactory(capacity=size, questions=["Régime"])
    event.organisers.set([organiser])
    for _ in range(size + 3):
        registration_register(event=event, user=UserFactory(), answers={"Régime": "végé"})
    assert Registration.objects.filter(status=RegistrationStatus.WAITLISTED).count() == 3
    client.force_login(organiser)

    path = f"/fr/evenements/{event.pk}/inscrits/"
    first = client.get(path)
    assert count(client, path, cleared=True) == ATTENDEES
    # Kept while no registration changes, with who may read it: the same table, no query.
    assert count(client, path) == ATTENDEES_KEPT
    assert main_content(client.get(path)) == main_content(first)


@pytest.mark.parametrize("size", SIZES)
def test_the_project_filter_builds_no_project_instances(client: Client, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from cairn.projects.models import Project

    projects = [ProjectFactory(title=f"Projet <b>{n}</b>") for n in range(size)]
    EventFactory().projects.add(projects[0])
    built: list[object] = []
    from_db = Project.from_db.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(Project, "from_db", classmethod(lambda cls, *a, **k: built.append(1) or from_db(cls, *a, **k)))

    # The project filter is one query whether it validates a value or not (its options
    # are read once, for the check and for the <select>).
    assert count(client, f"/fr/evenements/?project={projects[0].pk}") == STAMPS + AGENDA
    html = client.get(f"/fr/evenements/?project={projects[0].pk}").text
    assert built == []
    assert html.count("<option") >= size + 1
    assert f'<option value="{projects[0].pk}" selected>Projet &lt;b&gt;0&lt;/b&gt;</option>' in html


# A member's events: 1 their secret feed's address; kept for them under the agenda's stamp
# (2–3 when not in the cache), built: 4 their registrations with their events (upcoming and
# past in one query).
MY_EVENTS = 4


@pytest.mark.parametrize("size", SIZES)
def test_my_events_queries(client: Client, size: int) -> None:
    member = UserFactory()
    for n in range(size):
        start = timezone.now() + dt.timedelta(days=n + 1)
        event = EventFactory(capacity=5, starts_at=start, ends_at=start + dt.timedelta(hours=1))
        registration_register(event=event, user=member)
        if n % 2:  # half of them past (moved after registering, which only future events take)
            event.starts_at, event.ends_at = start - dt.timedelta(days=60), start - dt.timedelta(days=60, hours=-1)
            event.save()
    client.force_login(member)
    first = client.get("/fr/evenements/mes-evenements/")  # the feed's address is made once

    assert count(client, "/fr/evenements/mes-evenements/", cleared=True) == SIGNED_IN + MY_EVENTS
    assert count(client, "/fr/evenements/mes-evenements/") == SIGNED_IN + 1
    assert main_content(client.get("/fr/evenements/mes-evenements/")) == main_content(first)
