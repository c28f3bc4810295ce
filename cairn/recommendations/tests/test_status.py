"""The status of a recommendation, as of any date, computed in SQL from its assessments
(DESIGN.md §4): exact on hand-built histories, then hypothesis properties on generated ones.
The stored current status, which the services keep, is tested against this computation in
test_current_status.py.

The rule: the status as of a date is that of the latest *published* assessment effective on
or before that date (ties broken by publication time, then insertion); ``not_assessed`` when
there is none. Proposals (unpublished) never count.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cairn.recommendations.factories import RecommendationFactory, ThemeFactory
from cairn.recommendations.models import Assessment, Recommendation, Status
from cairn.recommendations.services.assessments import recommendation_status_refresh

pytestmark = pytest.mark.django_db

DAY0 = datetime.date(2022, 1, 1)
PUBLISHED = datetime.datetime(2025, 1, 1, 12, tzinfo=datetime.UTC)
ASSESSABLE = [s for s in Status if s != Status.NOT_ASSESSED]


def assess(
    recommendation: Recommendation,
    status: str,
    day: datetime.date,
    *,
    published: datetime.datetime | None = PUBLISHED,
) -> Assessment:
    """A row of history, written directly (these tests are about reading it), then the
    stored current status refreshed as every service does after writing."""
    assessment = Assessment.objects.create(
        recommendation=recommendation,
        status=status,
        effective_date=day,
        public_comment="Une explication publique.",
        published_at=published,
    )
    recommendation_status_refresh(recommendation_ids=[recommendation.pk])
    return assessment


def status_of(recommendation: Recommendation, as_of: datetime.date | None = None) -> tuple[str, datetime.date | None]:
    """The status computed from the history (today's too: not the stored one)."""
    row = Recommendation.objects.with_status_in_history(as_of).get(pk=recommendation.pk)
    return row.status, row.status_date


def stored_status_of(recommendation: Recommendation) -> tuple[str, datetime.date | None]:
    """Today's status as the lists read it: stored on the recommendation."""
    row = Recommendation.objects.with_status().get(pk=recommendation.pk)
    return row.status, row.status_date


# --- Exact, on hand-built histories ----------------------------------------------------------


def test_without_assessment_a_recommendation_is_not_assessed() -> None:
    recommendation = RecommendationFactory()
    assert status_of(recommendation) == (Status.NOT_ASSESSED, None)
    assert status_of(recommendation, DAY0) == (Status.NOT_ASSESSED, None)
    assert list(Recommendation.objects.assessed()) == []


def test_status_as_of_each_date_of_a_history() -> None:
    recommendation = RecommendationFactory()
    assess(recommendation, Status.NOT_DONE, datetime.date(2022, 3, 1))
    assess(recommendation, Status.IN_PROGRESS, datetime.date(2023, 2, 15))
    assess(recommendation, Status.DONE, datetime.date(2024, 6, 30))

    assert status_of(recommendation, datetime.date(2022, 2, 28)) == (Status.NOT_ASSESSED, None)
    # An assessment counts from its effective date itself.
    assert status_of(recommendation, datetime.date(2022, 3, 1)) == (Status.NOT_DONE, datetime.date(2022, 3, 1))
    assert status_of(recommendation, datetime.date(2023, 2, 14)) == (Status.NOT_DONE, datetime.date(2022, 3, 1))
    assert status_of(recommendation, datetime.date(2023, 2, 15)) == (Status.IN_PROGRESS, datetime.date(2023, 2, 15))
    assert status_of(recommendation, datetime.date(2024, 6, 29)) == (Status.IN_PROGRESS, datetime.date(2023, 2, 15))
    assert status_of(recommendation, datetime.date(2024, 6, 30)) == (Status.DONE, datetime.date(2024, 6, 30))
    assert status_of(recommendation) == (Status.DONE, datetime.date(2024, 6, 30))
    assert stored_status_of(recommendation) == (Status.DONE, datetime.date(2024, 6, 30))


def test_a_history_recorded_late_still_orders_by_effective_date() -> None:
    """An assessment recorded today about 2022 does not override what was found in 2023."""
    recommendation = RecommendationFactory()
    assess(recommendation, Status.IN_PROGRESS, datetime.date(2023, 5, 1), published=PUBLISHED)
    assess(recommendation, Status.POSTPONED, datetime.date(2022, 5, 1), published=PUBLISHED + datetime.timedelta(days=30))

    assert status_of(recommendation) == (Status.IN_PROGRESS, datetime.date(2023, 5, 1))
    assert status_of(recommendation, datetime.date(2022, 12, 31)) == (Status.POSTPONED, datetime.date(2022, 5, 1))


def test_on_the_same_effective_date_the_later_publication_wins() -> None:
    recommendation = RecommendationFactory()
    day = datetime.date(2023, 1, 10)
    assess(recommendation, Status.DONE, day, published=PUBLISHED + datetime.timedelta(hours=1))
    assess(recommendation, Status.NOT_DONE, day, published=PUBLISHED)

    assert status_of(recommendation) == (Status.DONE, day)


def test_proposals_never_count_until_published() -> None:
    recommendation = RecommendationFactory()
    assess(recommendation, Status.NOT_DONE, datetime.date(2022, 3, 1))
    proposal = assess(recommendation, Status.DONE, datetime.date(2023, 3, 1), published=None)

    assert status_of(recommendation) == (Status.NOT_DONE, datetime.date(2022, 3, 1))
    assert status_of(recommendation, datetime.date(2023, 3, 1)) == (Status.NOT_DONE, datetime.date(2022, 3, 1))

    Assessment.objects.filter(pk=proposal.pk).update(published_at=PUBLISHED)
    assert status_of(recommendation) == (Status.DONE, datetime.date(2023, 3, 1))


def test_a_recommendation_with_only_a_proposal_is_not_assessed() -> None:
    recommendation = RecommendationFactory()
    assess(recommendation, Status.DONE, datetime.date(2023, 3, 1), published=None)

    assert status_of(recommendation) == (Status.NOT_ASSESSED, None)
    assert list(Recommendation.objects.assessed()) == []


def test_each_recommendation_gets_its_own_status_in_one_query() -> None:
    theme = ThemeFactory()
    first, second, third = RecommendationFactory.create_batch(3, theme=theme)
    assess(first, Status.DONE, datetime.date(2022, 6, 1))
    assess(second, Status.REJECTED, datetime.date(2023, 6, 1))
    assess(second, Status.POSTPONED, datetime.date(2022, 6, 1))

    for annotated in (Recommendation.objects.with_status(), Recommendation.objects.with_status_in_history()):
        with CaptureQueriesContext(connection) as queries:
            statuses = dict(annotated.values_list("reference", "status"))
        assert len(queries) == 1
        assert statuses == {first.reference: Status.DONE, second.reference: Status.REJECTED, third.reference: Status.NOT_ASSESSED}
    assert set(Recommendation.objects.assessed()) == {first, second}
    filtered = Recommendation.objects.with_status(datetime.date(2022, 12, 31)).filter(status=Status.POSTPONED)
    assert list(filtered) == [second]


# --- Properties, on generated histories --------------------------------------------------------

# A history: distinct effective dates (days after DAY0), each with a status and whether it is
# published. Distinct dates make "the latest" unambiguous whatever the insertion order.
histories = st.lists(
    st.tuples(st.integers(0, 90), st.sampled_from(ASSESSABLE), st.booleans()),
    max_size=8,
    unique_by=lambda entry: entry[0],
)


@contextmanager
def rolled_back() -> Iterator[None]:
    """One hypothesis example in its own transaction, undone afterwards: examples share the
    test's database but never see each other's rows."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def expected_status(history: list[tuple[int, str, bool]], as_of: int | None) -> str:
    """The definition, in plain Python: the latest published entry effective by ``as_of``."""
    counted = [(day, status) for day, status, published in history if published and (as_of is None or day <= as_of)]
    return max(counted)[1] if counted else Status.NOT_ASSESSED


def record(recommendation: Recommendation, history: list[tuple[int, str, bool]]) -> None:
    for day, status, published in history:
        assess(recommendation, status, DAY0 + datetime.timedelta(days=day), published=PUBLISHED if published else None)


def statuses_at(recommendation: Recommendation, days: list[int]) -> dict[int, str]:
    return {day: status_of(recommendation, DAY0 + datetime.timedelta(days=day))[0] for day in days}


# Every day where something may change, the days around them, and the first day.
def checkpoints(history: list[tuple[int, str, bool]]) -> list[int]:
    return sorted({0, 91} | {d + shift for d, _s, _p in history for shift in (-1, 0, 1)})


PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY_SETTINGS
@given(history=histories)
def test_status_follows_the_definition_at_every_date(history: list[tuple[int, str, bool]]) -> None:
    with rolled_back():
        recommendation = RecommendationFactory()
        record(recommendation, history)
        days = checkpoints(history)
        assert statuses_at(recommendation, days) == {day: expected_status(history, day) for day in days}
        assert status_of(recommendation)[0] == expected_status(history, None)
        assert stored_status_of(recommendation)[0] == expected_status(history, None)


@PROPERTY_SETTINGS
@given(history=histories, later=histories, as_of=st.integers(0, 90))
def test_later_assessments_never_change_the_status_as_of_a_date(
    history: list[tuple[int, str, bool]], later: list[tuple[int, str, bool]], as_of: int
) -> None:
    """Whatever is recorded afterwards about later dates, the status as of a date stays."""
    earlier = [entry for entry in history if entry[0] <= as_of]
    afterwards = [(as_of + 1 + day, status, published) for day, status, published in later]
    with rolled_back():
        recommendation = RecommendationFactory()
        record(recommendation, earlier)
        before = status_of(recommendation, DAY0 + datetime.timedelta(days=as_of))
        record(recommendation, afterwards)
        assert status_of(recommendation, DAY0 + datetime.timedelta(days=as_of)) == before


@PROPERTY_SETTINGS
@given(data=st.data(), history=histories)
def test_the_order_assessments_are_recorded_in_never_matters(data: st.DataObject, history: list[tuple[int, str, bool]]) -> None:
    shuffled = data.draw(st.permutations(history))
    with rolled_back():
        theme = ThemeFactory()
        in_order, out_of_order = RecommendationFactory.create_batch(2, theme=theme)
        record(in_order, sorted(history))
        record(out_of_order, shuffled)
        days = checkpoints(history)
        assert statuses_at(out_of_order, days) == statuses_at(in_order, days)
        assert status_of(out_of_order) == status_of(in_order)


@PROPERTY_SETTINGS
@given(history=histories)
def test_unpublished_proposals_never_count(history: list[tuple[int, str, bool]]) -> None:
    """A history with proposals reads exactly as the same history without them."""
    with rolled_back():
        theme = ThemeFactory()
        with_proposals, published_only = RecommendationFactory.create_batch(2, theme=theme)
        record(with_proposals, history)
        record(published_only, [entry for entry in history if entry[2]])
        days = checkpoints(history)
        assert statuses_at(with_proposals, days) == statuses_at(published_only, days)
        assert status_of(with_proposals) == status_of(published_only)
        assert Recommendation.objects.assessed().filter(pk=with_proposals.pk).exists() == any(p for _d, _s, p in history)
