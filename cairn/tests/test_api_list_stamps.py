"""Every list of the API is answered under the stamps of what it shows (``conditional``):
an unchanged list is sent again without being made again, and any change a reader could
see in it — a seat taken, a title edited, an event moved, an edition published — gives a
new answer and a new ``ETag`` at once."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.events.factories import EventFactory
from cairn.events.models import Event
from cairn.events.services.registrations import registration_register
from cairn.experiments.factories import CallFactory, GroupFactory
from cairn.experiments.models import Call, Group
from cairn.hackathons.factories import HackathonFactory
from cairn.hackathons.models import Hackathon
from cairn.projects.factories import ProjectFactory
from cairn.projects.models import Project
from cairn.reports.models import Edition

pytestmark = pytest.mark.django_db

#: A repeated answer runs the rate limit's counter only (as the registry's lists do).
COUNTER_QUERIES = 1


def _edition(n: int) -> Edition:
    return Edition.objects.create(
        title=f"État des lieux {2020 + n}",
        slug=f"etat-des-lieux-{2020 + n}",
        as_of=datetime.date(2020 + n, 6, 30),
        published_at=timezone.now(),
    )


def _seat_taken() -> Callable[[], None]:
    event = EventFactory(capacity=10)

    def change() -> None:
        registration_register(event=Event.objects.get(pk=event.pk), user=UserFactory(), email=False)

    return change


def _project_renamed() -> Callable[[], None]:
    project = ProjectFactory(title="Un guichet unique")

    def change() -> None:
        project.title = "Un guichet unique pour tous"
        project.save()

    return change


def _hackathon_moved() -> Callable[[], None]:
    hackathon = HackathonFactory()

    def change() -> None:
        event = Hackathon.objects.get(pk=hackathon.pk).event
        event.starts_at += datetime.timedelta(days=7)
        event.ends_at += datetime.timedelta(days=7)
        event.save()

    return change


def _call_renamed() -> Callable[[], None]:
    call = CallFactory(title="Appel de printemps")

    def change() -> None:
        fresh = Call.objects.get(pk=call.pk)
        fresh.title = "Appel d’automne"
        fresh.save()

    return change


def _group_renamed() -> Callable[[], None]:
    group = GroupFactory(name="Les Liégeois")

    def change() -> None:
        fresh = Group.objects.get(pk=group.pk)
        fresh.name = "Les Liégeoises et Liégeois"
        fresh.save()

    return change


def _story_published() -> Callable[[], None]:
    from cairn.stories.factories import make_story

    make_story(titles={"fr": "Un premier récit"}, published=True)

    def change() -> None:
        make_story(titles={"fr": "Un second récit"}, published=True)

    return change


def _edition_published() -> Callable[[], None]:
    _edition(1)

    def change() -> None:
        _edition(2)

    return change


CASES: list[tuple[str, Callable[[], Callable[[], None]]]] = [
    ("/api/v1/events/", _seat_taken),
    ("/api/v1/projects/", _project_renamed),
    ("/api/v1/hackathons/", _hackathon_moved),
    ("/api/v1/experiments/calls/", _call_renamed),
    ("/api/v1/experiments/groups/", _group_renamed),
    ("/api/v1/state-of-play/editions/", _edition_published),
    ("/api/v1/stories/", _story_published),
]


@pytest.mark.parametrize(("path", "arrange"), CASES, ids=[path.strip("/").split("/")[-1] for path, _ in CASES])
def test_a_list_is_sent_again_unchanged_and_made_again_after_any_change(
    client: Client, django_assert_num_queries: Any, path: str, arrange: Callable[[], Callable[[], None]]
) -> None:
    change = arrange()
    first = client.get(path)
    assert first.status_code == 200 and first.json()["items"]
    with django_assert_num_queries(COUNTER_QUERIES):
        again = client.get(path)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    change()

    changed = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    assert changed.json()["items"] != first.json()["items"]


def test_the_agenda_shows_the_seat_just_taken(client: Client) -> None:
    event = EventFactory(capacity=3)
    assert [e["seats_left"] for e in client.get("/api/v1/events/").json()["items"]] == [3]
    registration_register(event=event, user=UserFactory(), email=False)
    assert [e["seats_left"] for e in client.get("/api/v1/events/").json()["items"]] == [2]


def test_a_project_detail_without_a_stamp_hashes_its_answer_for_the_etag(client: Client) -> None:
    project = ProjectFactory()
    first = client.get(f"/api/v1/projects/{project.pk}")
    assert first.status_code == 200 and first["ETag"]
    assert client.get(f"/api/v1/projects/{project.pk}", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    Project.objects.filter(pk=project.pk).update(title="Autre titre")
    assert client.get(f"/api/v1/projects/{project.pk}", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
