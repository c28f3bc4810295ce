"""Who reaches the events' pages and their organiser pages: their rows of the role × page
matrix (the harness: ``cairn/accounts/tests/matrix.py``), and who sees an online event's
link."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.accounts.tests.helpers import ROLES, make_user
from cairn.accounts.tests.matrix import PageMatrix, role_clients
from cairn.events.factories import EventFactory
from cairn.events.services.calendar_feeds import calendar_feed_for
from cairn.events.services.registrations import registration_register
from cairn.events.services.series import series_create

pytestmark = pytest.mark.django_db

PAGES = {
    "agenda": "/fr/evenements/?kind=meetup&language=fr",
    "month calendar": "/fr/evenements/calendrier/",
    "event page": "/fr/evenements/{event}/",
    "series page": "/fr/evenements/series/{series}/",
    "my events": "/fr/evenements/mes-evenements/",
    "private feed": "/fr/evenements/mon-agenda/{feed_token}.ics",
    "create event": "/fr/evenements/nouveau/",
    "edit event": "/fr/evenements/{event}/modifier/",
    "edit series": "/fr/evenements/series/{series}/modifier/",
    "event attendees": "/fr/evenements/{event}/inscrits/",
    "attendees export": "/fr/evenements/{event}/inscrits/export.csv",
    "event check-in": "/fr/evenements/{event}/presences/",
    "message registrants": "/fr/evenements/{event}/message/",
    "event feedback results": "/fr/evenements/{event}/avis-recus/",
    "api events": "/api/v1/events/",
    "api event": "/api/v1/events/{event}",
}

MATRIX = """
page                   | visitor | registered  | member | facilitator | coordination | department_lead | admin
agenda                 | 200     | 200         | 200    | 200         | 200          | 200             | 200
month calendar         | 200     | 200         | 200    | 200         | 200          | 200             | 200
event page             | 200     | 200         | 200    | 200         | 200          | 200             | 200
series page            | 200     | 200         | 200    | 200         | 200          | 200             | 200
my events              | login   | member-only | 200    | 200         | 200          | 200             | 200
private feed           | 200     | 200         | 200    | 200         | 200          | 200             | 200
create event           | login   | 403         | 403    | 200         | 200          | 403             | 200
edit event             | login   | 403         | 403    | 403         | 200          | 403             | 200
edit series            | login   | 403         | 403    | 403         | 200          | 403             | 200
event attendees        | login   | 403         | 403    | 403         | 200          | 403             | 200
attendees export       | login   | 403         | 403    | 403         | 200          | 403             | 200
event check-in         | login   | 403         | 403    | 403         | 200          | 403             | 200
message registrants    | login   | 403         | 403    | 403         | 200          | 403             | 200
event feedback results | login   | 403         | 403    | 403         | 200          | 403             | 200
api events             | 200     | 200         | 200    | 200         | 200          | 200             | 200
api event              | 200     | 200         | 200    | 200         | 200          | 200             | 200
"""


def page_objects() -> dict[str, object]:
    """A series organised by a facilitator who is none of the role clients (so the
    facilitator column is "not an organiser": 403 on organiser pages), one of its
    occurrences, and a member's private feed: its secret address is the permission (a wrong
    or reset one answers 404: ``test_pages.py``)."""
    series = series_create(
        actor=make_user("facilitator"),
        title="Afterwork",
        kind="meetup",
        meetup_format="afterwork",
        address="Place du Marché",
        city="Liège",
        rule="FREQ=MONTHLY;BYDAY=1TH;COUNT=2",
        first_start=timezone.now() + datetime.timedelta(days=40),
        duration=datetime.timedelta(hours=2),
    )
    feed = calendar_feed_for(user=UserFactory())
    return {"event": series.occurrences.first().pk, "series": series.pk, "feed_token": feed.token}


PAGE_MATRIX = PageMatrix(PAGES, MATRIX, page_objects)


@pytest.mark.parametrize("page_name", PAGES)
def test_role_page_matrix(page_name: str) -> None:
    PAGE_MATRIX.check(page_name)


# --- who sees an online event's link ----------------------------------------------------

ONLINE_LINK = {
    "visitor": False,
    "registered": False,
    "member": False,
    "facilitator": False,
    "coordination": True,
    "department_lead": False,
    "admin": True,
}


def test_online_link_is_shown_to_registered_people_organisers_and_coordination() -> None:
    clients = role_clients()
    link = "https://visio.example.org/salle"
    event = EventFactory(attendance="online", online_url=link, address="")
    url = f"/fr/evenements/{event.pk}/"

    shown = {role: link in clients[role].get(url).text for role in ROLES}

    assert shown == ONLINE_LINK
    registered = UserFactory()
    registration_register(event=event, user=registered)
    client = Client()
    client.force_login(registered)
    assert link in client.get(url).text
    organiser = UserFactory()
    event.organisers.add(organiser)
    client.force_login(organiser)
    assert link in client.get(url).text
