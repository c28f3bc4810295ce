"""An event's page is kept (``views.pages.event_detail``) per event, person and roles under
the stamps of all it shows: the reader's registration made through the kept form, a seat
taken by someone else, an opinion given after the event, a cancellation show on the next
request; no reader is served another's registration box."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.accounts.tests.helpers import form_token, make_user, signed_in
from cairn.events.factories import EventFactory
from cairn.events.models import Registration, RegistrationStatus
from cairn.events.services.events import event_cancel
from cairn.events.services.registrations import registration_register

pytestmark = pytest.mark.django_db


def page(client: Client, event: object) -> str:
    response = client.get(f"/fr/evenements/{event.pk}/")  # type: ignore[attr-defined]
    assert response.status_code == 200
    return response.text


def test_registering_through_the_kept_page_shows_on_the_next_request() -> None:
    event = EventFactory(capacity=10, online_url="https://visio.example.org/atelier", attendance="hybrid")
    member = make_user("member")
    client = signed_in(member, csrf=True)
    page(client, event)
    kept = page(client, event)
    assert "Vous n’êtes pas inscrit·e." in kept
    token = form_token(kept, after=f'action="/fr/evenements/{event.pk}/inscription/"')

    response = client.post(f"/fr/evenements/{event.pk}/inscription/", {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert Registration.objects.get(event=event, user=member).status == RegistrationStatus.CONFIRMED
    shown = page(client, event)
    assert "Vous êtes inscrit·e." in shown
    assert "9 places restantes sur 10" in shown
    assert "https://visio.example.org/atelier" in shown


def test_each_reader_gets_their_own_box_and_sees_the_others_seats() -> None:
    event = EventFactory(capacity=10, online_url="https://visio.example.org/atelier", attendance="hybrid")
    registered, other = make_user("member"), make_user("member")
    registration_register(event=event, user=registered)
    clients = {"registered": signed_in(registered), "other": signed_in(other), "visitor": Client()}
    for _twice in range(2):
        shown = {name: page(client, event) for name, client in clients.items()}
        assert "https://visio.example.org/atelier" in shown["registered"]
        assert all("https://visio.example.org/atelier" not in shown[name] for name in ("other", "visitor"))
        assert "Connectez-vous pour vous inscrire." in shown["visitor"]
        assert all("9 places restantes sur 10" in html for html in shown.values())

    registration_register(event=event, user=UserFactory())

    assert all("8 places restantes sur 10" in page(client, event) for client in clients.values())


def test_an_opinion_given_and_a_cancellation_show_on_the_next_request() -> None:
    ended = timezone.now() - dt.timedelta(days=1)
    past = EventFactory(capacity=10, starts_at=ended - dt.timedelta(hours=2), ends_at=ended)
    member = make_user("member")
    Registration.objects.create(event=past, user=member, status=RegistrationStatus.CONFIRMED)
    client = signed_in(member)
    assert "votre avis est enregistré" not in page(client, past)

    assert client.post(f"/fr/evenements/{past.pk}/avis/", {"rating": "4", "comment": "Très utile"}).status_code == 302

    assert "votre avis est enregistré" in page(client, past)
    upcoming = EventFactory(capacity=10)
    assert "Annulé" not in page(client, upcoming)
    event_cancel(actor=make_user("coordination"), event=upcoming)
    assert "Annulé" in page(client, upcoming)


def test_the_kept_page_offers_the_template_every_name_the_built_page_does(rf) -> None:  # type: ignore[no-untyped-def]
    """The kept page reads ``event_context``'s values lazily, one name each
    (``EVENT_CONTEXT``): a name added there and not here would be missing from the page
    only when it is served from the keep."""
    from cairn.events.views.pages import EVENT_CONTEXT, event_context

    request = rf.get("/fr/evenements/")
    request.user = make_user("member")

    assert set(event_context(request, EventFactory().pk)) == set(EVENT_CONTEXT)
