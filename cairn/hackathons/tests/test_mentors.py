"""The mentors of a question: the organisers find people by name, name them mentors and add
their slots; the question's teams (and the organisers) see them on the team page; bad input
is answered with a translated message and nothing is stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.accounts.services import member_anonymise
from cairn.hackathons.models import Mentor, MentorSlot, Team
from cairn.hackathons.selectors import personal_data
from cairn.hackathons.services.mentors import mentor_add, mentor_slot_add
from cairn.hackathons.tests.test_pages import queries, with_teams

pytestmark = pytest.mark.django_db


def local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_organisers_name_a_mentor_and_slots_the_team_sees(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    hackathon, organiser = with_teams(6, django_capture_on_commit_callbacks)
    team = Team.objects.filter(hackathon=hackathon).first()
    question = team.question
    mentor_user = UserFactory(profile__display_name="Amina <b>Mentor</b>")
    url = f"/fr/hackathons/{hackathon.slug}/organisation/questions/{question.pk}/mentors/"
    client.force_login(organiser)
    assert "Amina &lt;b&gt;Mentor&lt;/b&gt;" in client.get(url, {"q": "amina"}).content.decode()
    assert client.post(url, {"q": "amina", "user": mentor_user.pk}).status_code == 302
    mentor = Mentor.objects.get()
    assert (mentor.question, mentor.user) == (question, mentor_user)

    start = hackathon.event.starts_at + dt.timedelta(hours=2)
    response = client.post(url, {"mentor": mentor.pk, "starts_at": local(start), "ends_at": local(start + dt.timedelta(hours=1))})
    assert response.status_code == 302
    assert MentorSlot.objects.get().starts_at == start

    team_url = f"/fr/hackathons/{hackathon.slug}/equipes/{team.pk}/"
    client.force_login(team.memberships.first().participant.user)
    page = client.get(team_url).content.decode()
    assert "Mentors de la question" in page and "Amina &lt;b&gt;Mentor&lt;/b&gt;" in page
    assert timezone.localtime(start).strftime("%H:%M") in page
    assert client.get(url).status_code == 403  # a team member does not name mentors

    client.force_login(UserFactory())
    assert "Amina" not in client.get(team_url).content.decode()


def test_bad_mentor_input_is_explained_and_nothing_is_stored(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    hackathon, organiser = with_teams(6, django_capture_on_commit_callbacks)
    question = Team.objects.filter(hackathon=hackathon).first().question
    url = f"/fr/hackathons/{hackathon.slug}/organisation/questions/{question.pk}/mentors/"
    client.force_login(organiser)
    stranger = UserFactory(profile__display_name="Zoé Hors")
    response = client.post(url, {"q": "amina", "user": stranger.pk}, follow=True)  # not among the results
    assert "parmi les résultats" in response.content.decode()
    assert client.post(url, {"q": "zoé", "user": "abc"}).status_code == 404
    assert not Mentor.objects.exists()

    mentor = mentor_add(actor=organiser, question=question, user=stranger)
    start = hackathon.event.starts_at + dt.timedelta(hours=2)
    backwards = client.post(url, {"mentor": mentor.pk, "starts_at": local(start), "ends_at": local(start - dt.timedelta(hours=1))})
    assert backwards.status_code == 400 and "La fin doit suivre le début" in backwards.content.decode()
    outside = client.post(
        url,
        {"mentor": mentor.pk, "starts_at": local(start + dt.timedelta(days=9)), "ends_at": local(start + dt.timedelta(days=9, hours=1))},
    )
    assert outside.status_code == 400 and "jours du hackathon" in outside.content.decode()
    assert client.post(url, {"mentor": mentor.pk, "starts_at": "demain", "ends_at": ""}).status_code == 400
    other = Team.objects.filter(hackathon=hackathon).exclude(question=question).first().question
    forged = mentor_add(actor=organiser, question=other, user=UserFactory())
    assert client.post(url, {"mentor": forged.pk, "starts_at": local(start), "ends_at": local(start)}).status_code == 404
    assert not MentorSlot.objects.exists()


def test_the_team_page_runs_the_same_queries_with_more_mentors(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    hackathon, organiser = with_teams(6, django_capture_on_commit_callbacks)
    team = Team.objects.filter(hackathon=hackathon).first()
    start = hackathon.event.starts_at + dt.timedelta(hours=2)
    client.force_login(organiser)
    counts = []
    for extra in (1, 3):
        for _n in range(extra):
            mentor = mentor_add(actor=organiser, question=team.question, user=UserFactory())
            for hour in range(extra):
                moment = start + dt.timedelta(hours=hour)
                mentor_slot_add(actor=organiser, mentor=mentor, starts_at=moment, ends_at=moment + dt.timedelta(minutes=30))
        counts.append(queries(client, f"/fr/hackathons/{hackathon.slug}/equipes/{team.pk}/"))
    assert counts[0] == counts[1], counts


def test_a_mentor_s_data_is_exported_and_erased(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    hackathon, organiser = with_teams(6, django_capture_on_commit_callbacks)
    question = Team.objects.filter(hackathon=hackathon).first().question
    person = UserFactory()
    mentor = mentor_add(actor=organiser, question=question, user=person)
    start = hackathon.event.starts_at + dt.timedelta(hours=2)
    mentor_slot_add(actor=organiser, mentor=mentor, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    exported = personal_data(user=person)["mentorships"]
    assert exported == [
        {"id": mentor.pk, "question": question.pk, "slots": [[start.isoformat(), (start + dt.timedelta(hours=1)).isoformat()]]}
    ]
    member_anonymise(user=person)
    assert not Mentor.objects.exists() and not MentorSlot.objects.exists()
