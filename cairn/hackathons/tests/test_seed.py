"""The demo's hackathons: one past whose chosen answer became a project, one open for registration."""

from __future__ import annotations

import random

import pytest

from cairn.accounts.seed import seed_accounts
from cairn.core.seeding import SeedContext
from cairn.hackathons.models import Hackathon, Mentor, MentorSlot, Phase, Team, TeamFile
from cairn.hackathons.seed import seed_hackathons
from cairn.projects.models import ProjectKind
from cairn.projects.seed import seed_projects
from cairn.recommendations.seed import seed_recommendations

pytestmark = pytest.mark.django_db


def test_the_seed_has_a_past_hackathon_made_project_and_an_open_one(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    context = SeedContext(scale="small", rng=random.Random(2015), log=lambda text: None)
    seed_accounts(context)
    seed_recommendations(context)
    seed_projects(context)
    with django_capture_on_commit_callbacks(execute=False):
        seed_hackathons(context)

    past = Hackathon.objects.get(phase=Phase.FOLLOW_UP)
    assert past.event.is_past
    chosen = Team.objects.get(hackathon=past, project__isnull=False)
    assert chosen.project.kind == ProjectKind.HACKATHON
    assert set(chosen.project.recommendations.all()) == set(chosen.question.recommendations.all())
    assert past.votes.exists() and Team.objects.filter(hackathon=past, scores__isnull=False).exists()
    assert all(3 <= t.memberships.count() <= 6 for t in Team.objects.filter(hackathon=past))
    # The past one's pages look lived in: mentors with slots inside its (moved) days, each
    # team's logbook, files (a readable PDF and a spreadsheet) and an answer saved twice.
    slots = MentorSlot.objects.filter(mentor__question__hackathon=past)
    assert Mentor.objects.filter(question__hackathon=past).count() == 6 and slots.count() == 12
    assert all(past.event.starts_at <= s.starts_at < s.ends_at <= past.event.ends_at for s in slots)
    for team in Team.objects.filter(hackathon=past):
        assert team.posts.count() == 3
        assert sorted(f.name for f in team.files.all()) == ["budget.xlsx", "plan-de-test.pdf"]
        assert [v.number for v in team.answer.versions.all()] == [2, 1]
    pdf = TeamFile.objects.filter(team__hackathon=past, name="plan-de-test.pdf").first()
    assert pdf is not None and pdf.content_type == "application/pdf"
    assert pdf.file.open("rb").read().rstrip().endswith(b"%%EOF")

    upcoming = Hackathon.objects.get(phase=Phase.REGISTRATION)
    assert upcoming.participants.count() == 8
    assert upcoming.sessions.count() == 5
