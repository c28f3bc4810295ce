"""Stamps are cached between writes and forgotten by every write that may change them:
saves and deletes (signals), many-to-many changes, and the bulk writes of services."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cairn.recommendations.factories import RecommendationFactory, WorkingGroupFactory
from cairn.recommendations.models import Status
from cairn.recommendations.selectors.registry import registry_stamp
from cairn.recommendations.services import assessments as services
from cairn.reports.selectors import analyses_stamp
from cairn.stories.factories import make_story
from cairn.stories.selectors import published_stamp

pytestmark = pytest.mark.django_db


def queries(stamp) -> tuple[tuple, int]:
    with CaptureQueriesContext(connection) as captured:
        value = stamp()
    return value, len(captured)


def test_a_stamp_is_computed_once_then_read_from_the_cache() -> None:
    RecommendationFactory()
    first, computed = queries(registry_stamp)
    again, cached = queries(registry_stamp)
    assert (computed, cached) == (1, 0)
    assert again == first


def test_saving_or_deleting_a_watched_model_forgets_the_stamp() -> None:
    recommendation = RecommendationFactory()
    before = registry_stamp()
    RecommendationFactory()
    after_create = registry_stamp()
    assert after_create != before
    recommendation.delete()
    assert registry_stamp() not in (before, after_create)


def test_a_many_to_many_change_forgets_the_stamp() -> None:
    recommendation = RecommendationFactory()
    group = WorkingGroupFactory()
    before = registry_stamp()
    recommendation.groups.add(group)
    assert registry_stamp() != before


def test_publishing_an_assessment_by_update_forgets_the_stamp() -> None:
    """``assessment_publish`` publishes by ``UPDATE`` (no signal) and forgets the stamp itself."""
    proposal = services.assessment_record(
        actor=None, recommendation=RecommendationFactory(), status=Status.DONE, effective_date=timezone.localdate(), publish=False
    )
    before = registry_stamp()
    assert services.assessment_publish(actor=None, assessments=[proposal]) == 1
    assert registry_stamp() != before


def test_an_unrelated_write_keeps_the_cached_stamp() -> None:
    first = analyses_stamp()
    RecommendationFactory()
    value, count = queries(analyses_stamp)
    assert (value, count) == (first, 0)


def test_publishing_a_story_forgets_the_stories_stamp() -> None:
    before = published_stamp()
    make_story(published=True)
    assert published_stamp() != before
