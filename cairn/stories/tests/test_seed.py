"""The demo stories: about thirty, mostly published, in French and Dutch, linked to the seeded
registry, each with a cover and its alt text; written through the services."""

from __future__ import annotations

import io
import random

import pytest

from cairn.accounts.seed import seed_accounts
from cairn.core.models import AuditEntry
from cairn.core.seeding import SeedContext, seeders
from cairn.projects.models import ProjectRecommendation
from cairn.projects.seed import seed_projects
from cairn.recommendations.seed import seed_recommendations
from cairn.stories.models import Story, StoryState, StoryVersion
from cairn.stories.seed import SPECS, seed_stories

pytestmark = pytest.mark.django_db


def test_the_demo_stories() -> None:
    from PIL import Image

    names = [s.name for s in seeders()]
    assert names.index("recommendations") < names.index("projects") < names.index("stories")
    context = SeedContext(scale="small", rng=random.Random(2015), log=lambda text: None)
    seed_accounts(context)
    seed_recommendations(context)
    seed_projects(context)

    # Its time is measured with the whole seed's by bench/seed_sqlite.py, not asserted here.
    seed_stories(context)

    assert Story.objects.count() == len(SPECS) == 30
    published = Story.objects.published()
    assert published.count() == 25
    assert Story.objects.filter(state=StoryState.DRAFT).count() == 3
    assert Story.objects.filter(state=StoryState.IN_REVIEW).count() == 2
    # Some only in Dutch, some in French and Dutch, one in three languages.
    languages = {s.pk: sorted(s.versions.values_list("language", flat=True)) for s in published}
    assert sum(1 for v in languages.values() if v == ["nl"]) == 5
    assert sum(1 for v in languages.values() if v == ["fr", "nl"]) == 5
    assert sum(1 for v in languages.values() if v == ["en", "fr", "nl"]) == 1
    # Linked to the registry and its categories, with covers that are real images and alt texts.
    assert all(s.recommendations.exists() and s.categories.exists() for s in published)
    assert not StoryVersion.objects.filter(cover_alt="").exists()
    # Several stories tell of projects, public ones that answer one of their recommendations.
    about_projects = list(Story.objects.filter(projects__isnull=False).distinct())
    assert len(about_projects) >= 10
    for told in about_projects:
        for project in told.projects.all():
            assert not project.is_internal
            assert ProjectRecommendation.objects.filter(project=project, recommendation__in=told.recommendations.all()).exists()
    story = published.first()
    assert story is not None
    with Image.open(io.BytesIO(story.cover_image.read())) as cover:
        assert (cover.format, cover.size) == ("PNG", (640, 360))
    # Through the services: each published story's creation, submission and publication are audited.
    assert AuditEntry.objects.filter(content_type__model="story", action="publish").count() == 25
    # Published over two years, so the year filter has choices.
    assert {s.published_at.year for s in published if s.published_at} == {2023, 2024, 2025}
