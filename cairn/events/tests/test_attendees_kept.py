"""An event's attendee list is kept (``attendee_list``) per event and address under the
agenda's stamp and the people's: a registration, an approval, a check-in or a renamed
registrant shows on the next request, and the kept rows' buttons still post with the
organiser's own CSRF token, without JavaScript."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from cairn.accounts.factories import UserFactory
from cairn.accounts.tests.helpers import make_user
from cairn.events.factories import EventFactory
from cairn.events.models import Registration, RegistrationStatus
from cairn.events.services.registrations import registration_mark_attended, registration_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def organised() -> tuple[Client, object, object]:
    organiser = make_user("facilitator")
    event = EventFactory(capacity=10, requires_approval=True)
    event.organisers.set([organiser])
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)
    return client, organiser, event


def page(client: Client, event: object) -> str:
    response = client.get(f"/fr/evenements/{event.pk}/inscrits/")  # type: ignore[attr-defined]
    assert response.status_code == 200
    return response.text


def test_a_new_registration_shows_on_the_next_request(organised) -> None:
    client, _organiser, event = organised
    first, second = UserFactory(profile__display_name="Anouk Premier"), UserFactory(profile__display_name="Bram Second")
    registration_register(event=event, user=first)
    html = page(client, event)
    assert "Anouk Premier" in html and "Bram Second" not in html

    registration_register(event=event, user=second)

    assert "Bram Second" in page(client, event)


def test_an_approval_through_the_kept_buttons_shows_on_the_next_request(organised) -> None:
    """The row's "Valider" button posts through the one form outside the kept HTML, with the
    token of the organiser's own session, and the list then shows the seat taken."""
    client, _organiser, event = organised
    member = UserFactory(profile__display_name="Chloé Attente")
    registration = registration_register(event=event, user=member)
    assert registration.status == RegistrationStatus.PENDING
    html = page(client, event)
    action = f"/fr/evenements/{event.pk}/inscrits/{registration.pk}/valider/"
    assert f'form="attendee-decision" formaction="{action}"' in html
    token = re.search(
        r'<form id="attendee-decision" method="post" hidden><input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"', html
    )
    assert token is not None
    assert "0 inscrit·es" in html

    response = client.post(action, {"csrfmiddlewaretoken": token.group(1)})

    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CONFIRMED
    assert "1 inscrit·es" in page(client, event)


def test_a_check_in_and_a_renamed_registrant_show_on_the_next_request(organised) -> None:
    client, organiser, event = organised
    event.requires_approval = False
    event.save()
    member = UserFactory(profile__display_name="Dirk Avant")
    registration = registration_register(event=event, user=member)
    html = page(client, event)
    assert "0 présent·es" in html and "Dirk Avant" in html

    registration_mark_attended(registration=registration, actor=organiser, present=True)
    assert "1 présent·es" in page(client, event)

    member.profile.display_name = "Dirk Après"
    member.profile.save()
    html = page(client, event)
    assert "Dirk Après" in html and "Dirk Avant" not in html


def test_each_event_keeps_its_own_list(organised) -> None:
    client, organiser, event = organised
    other = EventFactory(capacity=10)
    other.organisers.set([organiser])
    registration_register(event=event, user=UserFactory(profile__display_name="Emma Ici"))
    registration_register(event=other, user=UserFactory(profile__display_name="Femke Ailleurs"))

    assert "Emma Ici" in page(client, event) and "Femke Ailleurs" not in page(client, event)
    assert "Femke Ailleurs" in page(client, other) and "Emma Ici" not in page(client, other)


def test_who_may_read_the_list_is_kept_with_it_and_follows_the_organisers(organised) -> None:
    """An organiser replaced through the event's form is refused on the next request, the
    new one let in; a member is refused however kept the list is."""
    from cairn.events.services.events import event_update

    client, _organiser, event = organised
    newcomer = make_user("facilitator")
    others = {"newcomer": Client(), "member": Client()}
    others["newcomer"].force_login(newcomer)
    others["member"].force_login(make_user("member"))
    path = f"/fr/evenements/{event.pk}/inscrits/"
    for _twice in range(2):
        assert client.get(path).status_code == 200
        assert others["newcomer"].get(path).status_code == 403
        assert others["member"].get(path).status_code == 403

    event_update(actor=make_user("coordination"), event=event, organisers=[newcomer])

    assert client.get(path).status_code == 403
    assert others["newcomer"].get(path).status_code == 200
    assert others["member"].get(path).status_code == 403
    assert Client().get(path).status_code == 302  # a visitor: to the login form
    assert client.get("/fr/evenements/999999/inscrits/").status_code == 404
