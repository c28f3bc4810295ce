"""The agenda's rows and the calendar's grid are kept per reader (``views.agenda.rows_key``)
under the agenda's stamp: a member's own registration shows on their next request, and one
member's rows are never another's or a visitor's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.events.factories import EventFactory
from cairn.events.services.registrations import registration_cancel, registration_register

pytestmark = pytest.mark.django_db

REGISTERED = '<span class="badge badge--success">Inscrit·e</span>'


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", ["/fr/evenements/", "/fr/evenements/calendrier/"])
def test_a_member_s_registration_shows_in_their_rows_only_on_the_next_request(path: str) -> None:
    start = timezone.now() + dt.timedelta(hours=2)
    event = EventFactory(capacity=5, title="Atelier vélo-cargo", starts_at=start, ends_at=start + dt.timedelta(hours=1))
    one, other = UserFactory(), UserFactory()
    mine, theirs, visitor = signed_in(one), signed_in(other), Client()
    for client in (mine, theirs, visitor):
        page = client.get(path).text
        assert "Atelier vélo-cargo" in page and REGISTERED not in page

    registration = registration_register(event=event, user=one)

    assert REGISTERED in mine.get(path).text
    assert REGISTERED not in theirs.get(path).text
    assert REGISTERED not in visitor.get(path).text

    registration_cancel(registration=registration, actor=one)
    assert REGISTERED not in mine.get(path).text


def test_a_member_s_events_show_a_new_registration_on_the_next_request() -> None:
    start = timezone.now() + dt.timedelta(days=2)
    event = EventFactory(capacity=5, title="Rencontre des coopérateurs", starts_at=start, ends_at=start + dt.timedelta(hours=1))
    one, other = UserFactory(), UserFactory()
    mine, theirs = signed_in(one), signed_in(other)
    for client in (mine, theirs):
        assert "Rencontre des coopérateurs" not in client.get("/fr/evenements/mes-evenements/").text

    registration_register(event=event, user=one)

    assert "Rencontre des coopérateurs" in mine.get("/fr/evenements/mes-evenements/").text
    assert "Rencontre des coopérateurs" not in theirs.get("/fr/evenements/mes-evenements/").text
