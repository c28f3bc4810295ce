"""The events' API: the agenda with its filters and seats left, never the online link,
and the same queries at any size."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cairn.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_the_agenda_gives_the_seats_left_and_never_the_online_link(client: Client) -> None:
    event = EventFactory(capacity=20, confirmed_count=5, online_url="https://visio.example.org/secret", attendance="hybrid")
    EventFactory(starts_at=timezone.now() - dt.timedelta(days=3), ends_at=timezone.now() - dt.timedelta(days=3, hours=-2))
    items = client.get("/api/v1/events/").json()["items"]
    assert [(e["id"], e["seats_left"], e["capacity"]) for e in items] == [(event.pk, 15, 20)]
    detail = client.get(f"/api/v1/events/{event.pk}").json()
    assert "visio.example.org" not in str(detail)
    assert detail["url"].endswith(f"/evenements/{event.pk}/") or str(event.pk) in detail["url"]


@pytest.mark.parametrize(
    "query", ["date_from=hier", "date_from=2024-02-01&date_to=2024-01-01", "kind=soiree", "project=999999", "city=Atlantis"]
)
def test_bad_agenda_filters_are_refused(client: Client, query: str) -> None:
    response = client.get(f"/api/v1/events/?{query}")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("size", [3, 9])
def test_the_list_runs_the_same_queries_at_any_size(client: Client, django_assert_num_queries: Any, size: int) -> None:
    EventFactory.create_batch(size)
    client.get("/api/v1/events/")
    # The rate limit's counter (1), the agenda's cities (1), the page of events with office, sector and series (1).
    with django_assert_num_queries(3):
        response = client.get("/api/v1/events/?limit=100")
    assert len(response.json()["items"]) == size
