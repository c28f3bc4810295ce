"""The demo's hackathons: one past whose chosen answer became a project, one open for registration."""

from __future__ import annotations

import random

import pytest

from cairn.accounts.seed import seed_accounts
from cairn.core.seeding import SeedContext
from cairn.hackathons.models import Hackathon, Phase, Team
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
    upcoming = Hackathon.objects.get(phase=Phase.REGISTRATION)
    assert upcoming.participants.count() == 8
    assert upcoming.sessions.count() == 5
