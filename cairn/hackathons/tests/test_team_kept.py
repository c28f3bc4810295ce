"""A team's page is kept per team, person and roles, with who may read which part, under
the stamps of all it shows and all that decides who sees it: a logbook entry, a new member,
a mentor's slot added or moved show on the next request; its forms post with the reader's own CSRF
token; no one is served a part of the page that is not theirs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.accounts.tests.helpers import form_token, signed_in
from cairn.hackathons.models import Team, TeamPost
from cairn.hackathons.services.hackathons import hackathon_reschedule
from cairn.hackathons.services.mentors import mentor_add, mentor_slot_add
from cairn.hackathons.services.teams import membership_move
from cairn.hackathons.tests.test_pages import with_teams

pytestmark = pytest.mark.django_db

LOGBOOK = "Journal de l’équipe"


def page(client: Client, team: Team) -> str:
    response = client.get(team.get_absolute_url())
    assert response.status_code == 200
    return response.text


def test_a_logbook_entry_posted_through_the_kept_page_shows_on_the_next_request(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    hackathon, _organiser = with_teams(6, django_capture_on_commit_callbacks)
    team = Team.objects.filter(hackathon=hackathon).first()
    client = signed_in(team.memberships.first().participant.user, csrf=True)
    page(client, team)
    kept = page(client, team)
    token = form_token(kept, after=f'action="/fr/hackathons/{hackathon.slug}/equipes/{team.pk}/journal/"')

    response = client.post(f"{team.get_absolute_url()}journal/", {"csrfmiddlewaretoken": token, "text": "Maquette prête"})

    assert response.status_code == 302
    assert TeamPost.objects.filter(team=team).count() == 1
    assert "Maquette prête" in page(client, team)


def test_who_reads_the_private_part_follows_the_memberships(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    """A member of the team and an organiser read its logbook; another participant and a
    visitor read the public part, from the same address. A participant moved into the team
    reads the logbook on the next request, and the one moved out no longer does."""
    hackathon, organiser = with_teams(6, django_capture_on_commit_callbacks)
    team, other_team = Team.objects.filter(hackathon=hackathon)[:2]
    insider = team.memberships.first()
    outsider = other_team.memberships.first()
    clients = {
        "insider": signed_in(insider.participant.user),
        "outsider": signed_in(outsider.participant.user),
        "organiser": signed_in(organiser),
        "visitor": Client(),
    }
    for _twice in range(2):
        shown = {name: LOGBOOK in page(client, team) for name, client in clients.items()}
        assert shown == {"insider": True, "outsider": False, "organiser": True, "visitor": False}

    membership_move(actor=organiser, hackathon=hackathon, participant=outsider.participant, question=team.question, number=team.number)
    membership_move(
        actor=organiser, hackathon=hackathon, participant=insider.participant, question=other_team.question, number=other_team.number
    )

    assert LOGBOOK in page(clients["outsider"], team)
    assert LOGBOOK not in page(clients["insider"], team)


def test_a_mentor_s_new_slot_and_a_rescheduling_show_on_the_next_request(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    hackathon, organiser = with_teams(6, django_capture_on_commit_callbacks)
    team = Team.objects.filter(hackathon=hackathon).first()
    mentor = mentor_add(actor=organiser, question=team.question, user=UserFactory(profile__display_name="Amina Mentor"))
    start = hackathon.event.starts_at + dt.timedelta(hours=2)
    client = signed_in(team.memberships.first().participant.user)
    assert "Amina Mentor" in page(client, team)

    slot = mentor_slot_add(actor=organiser, mentor=mentor, starts_at=start, ends_at=start + dt.timedelta(hours=1))

    before = f'datetime="{timezone.localtime(slot.starts_at).isoformat()}"'
    assert before in page(client, team)
    assert before in page(client, team)

    hackathon_reschedule(actor=organiser, hackathon=hackathon, shift=dt.timedelta(days=7))

    after = f'datetime="{timezone.localtime(slot.starts_at + dt.timedelta(days=7)).isoformat()}"'
    shown = page(client, team)
    assert after in shown
    assert before not in shown
