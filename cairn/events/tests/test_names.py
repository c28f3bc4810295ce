"""Names on the events' pages: organisers appear as their profile allows; the attendee list,
check-in and export keep the registrants' names, which their organisers need at the door."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.models import Visibility
from cairn.accounts.tests.helpers import make_user
from cairn.accounts.tests.naming import HOSTILE_ESCAPED, HOSTILE_NAME, NAMING_CASES, assert_named, page_as, person_with
from cairn.events.factories import EventFactory
from cairn.events.services.registrations import registration_register

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("viewer", "visibility", "named"), NAMING_CASES)
def test_the_event_page_names_its_organisers_as_their_profile_allows(client: Client, viewer: str, visibility: str, named: bool) -> None:
    organiser = person_with(visibility, roles=["facilitator"])
    event = EventFactory()
    event.organisers.add(organiser)

    html = page_as(client, viewer, f"/fr/evenements/{event.pk}/")

    assert_named(html, organiser, named=named)


def test_the_event_page_escapes_a_hostile_organiser_name(client: Client) -> None:
    event = EventFactory()
    event.organisers.add(person_with(Visibility.PUBLIC, name=HOSTILE_NAME, roles=["facilitator"]))

    html = client.get(f"/fr/evenements/{event.pk}/").text

    assert HOSTILE_ESCAPED in html and HOSTILE_NAME not in html


def test_organisers_see_their_registrants_names_whatever_their_profile(client: Client) -> None:
    """An organiser who may not see private profiles still reads the names of the people
    registered to their event: the list, the check-in and the export are for the door."""
    organiser = make_user("facilitator")
    event = EventFactory()
    event.organisers.add(organiser)
    private = person_with(Visibility.PRIVATE)
    registration_register(event=event, user=private)
    client.force_login(organiser)

    for url in (
        f"/fr/evenements/{event.pk}/inscrits/",
        f"/fr/evenements/{event.pk}/presences/",
        f"/fr/evenements/{event.pk}/inscrits/export.csv",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert private.profile.display_name in response.content.decode("utf-8-sig"), url
