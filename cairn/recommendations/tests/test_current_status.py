"""The stored current status of a recommendation (``current_status``, its date and its
assessment) always equals what the history gives today, whatever sequence of services wrote
the assessments: recorded and published at once, proposed in a campaign, edited, sent back,
published one by one or many at once, imported in bulk. Hypothesis draws the sequences;
after every step, every recommendation is checked.
"""

from __future__ import annotations

import datetime
import importlib
from typing import Any

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cairn.accounts.tests.helpers import make_user
from cairn.recommendations.factories import RecommendationFactory, ThemeFactory
from cairn.recommendations.models import Assessment, Recommendation, Status
from cairn.recommendations.services.assessments import assessment_publish, assessment_record, assessment_record_many
from cairn.recommendations.services.campaigns import assessment_proposal_update, assessment_return, campaign_open
from cairn.recommendations.tests.test_status import rolled_back

pytestmark = pytest.mark.django_db

DAY0 = datetime.date(2024, 1, 1)
ASSESSABLE = [s for s in Status if s != Status.NOT_ASSESSED]
RECOMMENDATIONS = 3

# A few days only, so that several assessments often share an effective date and the
# tie-breaks (publication time, then id) decide.
days = st.integers(0, 4)
statuses = st.sampled_from(ASSESSABLE)
which = st.integers(0, RECOMMENDATIONS - 1)
steps = st.one_of(
    st.tuples(st.just("record"), which, statuses, days),
    st.tuples(st.just("propose"), which, statuses, days),
    st.tuples(st.just("edit"), st.integers(0, 20), statuses, days),
    st.tuples(st.just("return"), st.integers(0, 20)),
    st.tuples(st.just("publish"), st.lists(st.integers(0, 20), min_size=1, max_size=3)),
    st.tuples(st.just("import"), st.lists(st.tuples(which, statuses, days), min_size=1, max_size=4)),
)


def stored() -> dict[int, tuple[str, datetime.date | None, int | None]]:
    return {
        pk: (status, date, assessment)
        for pk, status, date, assessment in Recommendation.objects.values_list(
            "pk", "current_status", "current_status_date", "current_assessment_id"
        )
    }


def from_history() -> dict[int, tuple[str, datetime.date | None, int | None]]:
    """What the history gives today, computed from the assessments (the rule's own query)."""
    computed = {}
    for rec in Recommendation.objects.with_status_in_history():
        latest = Assessment.objects.latest_published(rec.pk).values_list("pk", flat=True).first()
        computed[rec.pk] = (rec.status, rec.status_date, latest)  # type: ignore[attr-defined]
    return computed


def run(step: tuple[Any, ...], recs: list[Recommendation], coordinator: Any, campaign: Any) -> None:
    kind = step[0]
    proposals = list(Assessment.objects.proposals().order_by("pk"))
    if kind in ("record", "propose"):
        _kind, index, status, day = step
        assessment_record(
            actor=coordinator,
            recommendation=recs[index],
            status=status,
            effective_date=DAY0 + datetime.timedelta(days=day),
            public_comment="Expliqué en assemblée générale.",
            publish=kind == "record",
            campaign=None if kind == "record" else campaign,
        )
    elif kind == "edit" and proposals:
        _kind, index, status, day = step
        assessment_proposal_update(
            actor=coordinator,
            assessment=proposals[index % len(proposals)],
            status=status,
            effective_date=DAY0 + datetime.timedelta(days=day),
        )
    elif kind == "return" and proposals:
        assessment_return(actor=coordinator, assessment=proposals[step[1] % len(proposals)], note="Précisez la source.")
    elif kind == "publish" and proposals:
        assessment_publish(actor=coordinator, assessments=[proposals[index % len(proposals)] for index in step[1]])
    elif kind == "import":
        assessment_record_many(
            actor=coordinator,
            assessments=[
                Assessment(
                    recommendation=recs[index],
                    status=status,
                    effective_date=DAY0 + datetime.timedelta(days=day),
                    public_comment="Importée.",
                    source="registre.csv",
                )
                for index, status, day in step[1]
            ],
            notify=False,
        )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(sequence=st.lists(steps, min_size=1, max_size=10))
def test_the_stored_current_status_always_equals_the_history(sequence: list[tuple[Any, ...]]) -> None:
    with rolled_back():
        coordinator = make_user("coordination")
        campaign = campaign_open(actor=coordinator, name="Campagne")
        theme = ThemeFactory()
        recs = RecommendationFactory.create_batch(RECOMMENDATIONS, theme=theme)
        assert stored() == from_history()
        for step in sequence:
            run(step, recs, coordinator, campaign)
            assert stored() == from_history(), step


def test_a_proposal_changes_no_current_status_until_it_is_published() -> None:
    coordinator = make_user("coordination")
    rec = RecommendationFactory()
    done = assessment_record(actor=coordinator, recommendation=rec, status=Status.DONE, effective_date=DAY0)
    proposal = assessment_record(
        actor=coordinator,
        recommendation=rec,
        status=Status.NOT_DONE,
        effective_date=DAY0 + datetime.timedelta(days=1),
        publish=False,
        campaign=campaign_open(actor=coordinator, name="Campagne"),
    )
    assert stored()[rec.pk] == (Status.DONE, DAY0, done.pk)

    assert assessment_publish(actor=coordinator, assessments=[proposal]) == 1
    assert stored()[rec.pk] == (Status.NOT_DONE, DAY0 + datetime.timedelta(days=1), proposal.pk)
    row = Recommendation.objects.with_status().get(pk=rec.pk)
    assert (row.status, row.status_date) == (Status.NOT_DONE, DAY0 + datetime.timedelta(days=1))  # type: ignore[attr-defined]


def test_the_migration_fills_every_current_status_from_the_history() -> None:
    coordinator = make_user("coordination")
    assessed, never = RecommendationFactory.create_batch(2)
    assessment_record(actor=coordinator, recommendation=assessed, status=Status.IN_PROGRESS, effective_date=DAY0)
    latest = assessment_record(actor=coordinator, recommendation=assessed, status=Status.DONE, effective_date=DAY0)
    # As the rows stood before the migration: nothing stored.
    Recommendation.objects.update(current_status=Status.NOT_ASSESSED, current_status_date=None, current_assessment=None)

    migration = importlib.import_module("cairn.recommendations.migrations.0012_recommendation_current_status")
    migration.fill_current_status(apps, None)

    assert stored() == from_history()
    assert stored()[assessed.pk] == (Status.DONE, DAY0, latest.pk)
    assert stored()[never.pk] == (Status.NOT_ASSESSED, None, None)


def test_saving_an_instance_loaded_before_a_publication_keeps_the_current_status() -> None:
    coordinator = make_user("coordination")
    rec = RecommendationFactory()
    stale = Recommendation.objects.get(pk=rec.pk)
    assessment = assessment_record(actor=coordinator, recommendation=rec, status=Status.DONE, effective_date=DAY0)

    stale.title = "Un titre corrigé"
    stale.save()

    assert stored()[rec.pk] == (Status.DONE, DAY0, assessment.pk)
    assert Recommendation.objects.get(pk=rec.pk).title == "Un titre corrigé"
