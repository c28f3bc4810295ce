"""The organisers' board is kept (``views.organisers.manage``) per hackathon, person and
roles under the stamps of the hackathon's page: what an organiser does shows on the next
request — the board is the live tool of the day — and its kept forms post with the
reader's own CSRF token (``{% kept_csrf_token %}``)."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.tests.helpers import form_token, make_user
from cairn.events.services.events import event_update
from cairn.events.services.registrations import registration_mark_attended
from cairn.hackathons.models import Hackathon, Phase
from cairn.hackathons.services.hackathons import hackathon_set_phase
from cairn.hackathons.services.teams import teams_request
from cairn.hackathons.tests.helpers import new_hackathon, register_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def board() -> tuple[Client, object, Hackathon, str]:
    organiser = make_user("coordination")
    hackathon = new_hackathon(organiser)
    client = Client(enforce_csrf_checks=True)
    client.force_login(organiser)
    return client, organiser, hackathon, f"/fr/hackathons/{hackathon.slug}/organisation/"


def test_a_phase_changed_through_the_kept_form_shows_on_the_next_request(board) -> None:
    client, _organiser, hackathon, url = board
    client.get(url)
    kept = client.get(url)  # from the keep: its form still carries this reader's token
    before = hackathon.get_phase_display()
    assert f"Phase actuelle : {before}." in kept.text

    response = client.post(f"{url}phase/", {"phase": Phase.TEAMS, "csrfmiddlewaretoken": form_token(kept.text)}, HTTP_REFERER=url)

    assert response.status_code == 302
    hackathon.refresh_from_db()
    assert hackathon.phase == Phase.TEAMS
    assert f"Phase actuelle : {hackathon.get_phase_display()}." in client.get(url).text


def test_a_criterion_and_a_check_in_show_on_the_next_request(board) -> None:
    client, organiser, hackathon, url = board
    (member,) = register_many(hackathon, 1)
    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.TEAMS)
    first = client.get(url).text
    assert "Impact mesurable" not in first and "présent·e" not in first

    response = client.post(f"{url}jury/", {"name": "Impact mesurable", "weight": "2", "csrfmiddlewaretoken": form_token(first)})
    assert response.status_code == 302
    assert "Impact mesurable" in client.get(url).text

    registration = hackathon.event.registrations.get(user=member)
    registration_mark_attended(registration=registration, actor=organiser, present=True)
    assert "présent·e" in client.get(url).text


def test_the_teams_being_formed_show_on_the_next_request(board) -> None:
    """Team formation writes the hackathon with an update, which sends no signal: the
    service moves its change time and forgets the stamp itself."""
    client, organiser, hackathon, url = board
    register_many(hackathon, 3)
    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.TEAMS)
    assert "en cours de calcul" not in client.get(url).text

    teams_request(actor=organiser, hackathon=hackathon)  # the task runs after the commit: still pending

    assert "en cours de calcul" in client.get(url).text


def test_each_organiser_is_served_their_own_board() -> None:
    """Kept per person: a second organiser's board names people as they may see them and
    carries their own token, never the first one's."""
    coordinator, facilitator = make_user("coordination"), make_user("facilitator")
    hackathon = new_hackathon(coordinator)
    hackathon.event.organisers.add(facilitator)
    url = f"/fr/hackathons/{hackathon.slug}/organisation/"
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(coordinator)
    second.force_login(facilitator)
    first.get(url)
    other = second.get(url).text
    response = second.post(f"{url}jury/", {"name": "Faisabilité", "weight": "1", "csrfmiddlewaretoken": form_token(other)})
    assert response.status_code == 302
    assert "Faisabilité" in first.get(url).text


def test_who_may_organise_is_kept_with_the_board_and_follows_the_organisers() -> None:
    """The board keeps who may organise it under the same stamps: a facilitator taken off
    the event's organisers is refused on the next request, one added is let in, and a
    member is refused however kept the board is."""
    coordinator, facilitator, newcomer = make_user("coordination"), make_user("facilitator"), make_user("facilitator")
    hackathon = new_hackathon(coordinator)
    hackathon.event.organisers.add(facilitator)
    url = f"/fr/hackathons/{hackathon.slug}/organisation/"
    clients = {}
    for name, user in (("facilitator", facilitator), ("newcomer", newcomer), ("member", make_user("member"))):
        clients[name] = Client()
        clients[name].force_login(user)
    for _twice in range(2):
        assert clients["facilitator"].get(url).status_code == 200
        assert clients["newcomer"].get(url).status_code in (403, 404)
        assert clients["member"].get(url).status_code in (403, 404)

    # The event's form: one organiser replaced by another (their number stays the same).
    event_update(actor=coordinator, event=hackathon.event, organisers=[coordinator, newcomer])

    assert clients["facilitator"].get(url).status_code in (403, 404)
    assert clients["newcomer"].get(url).status_code == 200
    assert clients["member"].get(url).status_code in (403, 404)
