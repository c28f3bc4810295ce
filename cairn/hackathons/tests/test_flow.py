"""The whole chain through the services: a hackathon with questions from recommendations,
registrations, teams formed by core.grouping, answers, jury and vote, results, the chosen
answer becomes a project linked to the recommendations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.hackathons.models import Answer, Membership, Phase, Team
from cairn.hackathons.selectors import results
from cairn.hackathons.services.answers import answer_choose, answer_save, criterion_add, juror_add, score_submit, vote_cast
from cairn.hackathons.services.hackathons import hackathon_set_phase
from cairn.hackathons.services.teams import teams_request
from cairn.hackathons.tests.helpers import new_hackathon, register_many
from cairn.projects.models import ProjectKind

pytestmark = pytest.mark.django_db


def test_from_questions_to_a_project(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    organiser = UserFactory(roles=["coordination"])
    hackathon = new_hackathon(organiser)
    register_many(hackathon, 18)
    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.TEAMS)
    with django_capture_on_commit_callbacks(execute=True):
        teams_request(actor=organiser, hackathon=hackathon)
    teams = list(Team.objects.filter(hackathon=hackathon))
    assert teams
    placed = Membership.objects.filter(team__hackathon=hackathon)
    assert placed.count() == 18
    assert all(m.reasons and m.reasons[0]["code"] in {"preference", "no_preference"} for m in placed)
    assert all(3 <= t.memberships.count() <= 5 for t in teams)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.RUNNING)
    assert len(mail.outbox) == 18
    name, calendar, content_type = mail.outbox[0].attachments[0]
    assert name.endswith(".ics") and content_type == "text/calendar"
    # The programme as the calendar's entries: the hackathon's days and each moment of them.
    text = calendar.decode() if isinstance(calendar, bytes) else calendar
    assert text.count("BEGIN:VEVENT") == 1 + hackathon.sessions.count()
    assert "SUMMARY:Hackathon de l’accueil — Ouverture" in text

    team = teams[0]
    member = team.memberships.first().participant.user
    answer_save(actor=member, team=team, summary="Un guichet d’accueil", answer="Ouvrir un guichet.", plan="1. Tester.")
    juror = UserFactory()
    juror_add(actor=organiser, hackathon=hackathon, user=juror)
    criterion = criterion_add(actor=organiser, hackathon=hackathon, name="Répond à la question", weight=2)
    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.JUDGING)
    score_submit(juror=juror, team=team, scores={criterion.pk: (5, "Clair")})
    with pytest.raises(ValidationError):
        score_submit(juror=juror, team=team, scores={criterion.pk: (6, "")})
    with pytest.raises(ValidationError):
        score_submit(juror=member, team=team, scores={criterion.pk: (5, "")})
    voter = UserFactory()
    vote_cast(user=voter, hackathon=hackathon, team=team)
    vote_cast(user=voter, hackathon=hackathon, team=teams[1])
    assert hackathon.votes.count() == 1
    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.RESULTS)
    rows = results(hackathon)
    assert rows[0].team == team and rows[0].rank == 1
    assert {r.team.pk: r.votes for r in rows}[teams[1].pk] == 1

    project = answer_choose(actor=organiser, team=team)
    assert project.kind == ProjectKind.HACKATHON
    assert set(project.recommendations.all()) == set(team.question.recommendations.all())
    assert project.updates.count() == 1
    assert answer_choose(actor=organiser, team=team) == project

    report = Client().get(f"/fr/hackathons/{hackathon.slug}/").content.decode()
    assert "Bilan du hackathon" in report and "18 personnes" in report and project.title in report

    recommendation = team.question.recommendations.first()
    page = Client().get(f"/fr/recommandations/{recommendation.reference}/")
    assert team.question.title.encode() in page.content
    assert project.title.encode() in page.content


def test_an_answer_after_the_deadline_is_refused(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    organiser = UserFactory(roles=["coordination"])
    hackathon = new_hackathon(organiser)
    register_many(hackathon, 6)
    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.TEAMS)
    with django_capture_on_commit_callbacks(execute=True):
        teams_request(actor=organiser, hackathon=hackathon)
    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.RUNNING)
    team = Team.objects.filter(hackathon=hackathon).first()
    member = team.memberships.first().participant.user
    answer_save(actor=member, team=team, summary="x", answer="y", plan="z")
    type(hackathon).objects.filter(pk=hackathon.pk).update(answers_due_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="close"):
        answer_save(actor=member, team=team, summary="changed", answer="y", plan="z")
    assert Answer.objects.get(team=team).summary == "x"  # nothing stored
