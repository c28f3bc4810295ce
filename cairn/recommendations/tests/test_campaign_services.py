"""The campaign workflow's services: open, assign, propose, edit, send back, publish, close.

Every refused call is followed by a check that nothing was written (``registry_snapshot``),
and every accepted one by a look at its audit entry.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cairn.accounts.tests.helpers import make_user
from cairn.core.audit import history_of
from cairn.recommendations.factories import RecommendationFactory
from cairn.recommendations.models import Assessment, Campaign, CampaignAssignment, Recommendation
from cairn.recommendations.services import campaigns as services
from cairn.recommendations.services.assessments import assessment_publish, assessment_record
from cairn.recommendations.tests.campaign_fixtures import TODAY, World, make_department_lead, make_world, proposal_data, registry_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def assign(world: World, recommendations: list[Recommendation], assignee) -> list[CampaignAssignment]:
    services.campaign_assign(actor=world.coordinator, campaign=world.campaign, recommendations=recommendations, assignee=assignee)
    return [CampaignAssignment.objects.get(campaign=world.campaign, recommendation=r) for r in recommendations]


def status_of(recommendation: Recommendation) -> str:
    return Recommendation.objects.with_status().get(pk=recommendation.pk).status  # type: ignore[attr-defined]


# --- opening, assigning, closing -------------------------------------------------------


def test_opening_a_campaign_is_audited(world: World) -> None:
    entry = history_of(world.campaign).get()

    assert (entry.action, entry.actor, entry.changes) == (
        "create",
        world.coordinator,
        {"name": {"before": None, "after": "État des lieux 2026"}},
    )


def test_assigning_many_then_moving_some_records_who_had_them_before(world: World) -> None:
    first, second = world.finance_recs

    assert (
        services.campaign_assign(
            actor=world.coordinator, campaign=world.campaign, recommendations=[first, second], assignee=world.facilitator
        )
        == 2
    )
    services.campaign_assign(actor=world.coordinator, campaign=world.campaign, recommendations=[second], assignee=world.lead)

    assert dict(CampaignAssignment.objects.values_list("recommendation_id", "assignee_id")) == {
        first.pk: world.facilitator.pk,
        second.pk: world.lead.pk,
    }
    moved = history_of(world.campaign).filter(action="assign").first()
    assert moved is not None
    assert moved.changes == {
        "assignee": {"before": None, "after": world.lead.pk},
        "assignees": {"before": {str(second.pk): world.facilitator.pk}, "after": None},
        "recommendations": {"before": None, "after": [second.pk]},
    }


def test_an_assignee_who_cannot_propose_is_refused_and_nothing_is_written(world: World) -> None:
    member = make_user("member")
    before = registry_snapshot()

    with pytest.raises(ValidationError) as refused:
        services.campaign_assign(actor=world.coordinator, campaign=world.campaign, recommendations=world.finance_recs, assignee=member)

    assert "assignee" in refused.value.message_dict
    assert registry_snapshot() == before


def test_closing_is_audited_once_and_stops_assignments_and_proposals(world: World) -> None:
    [assignment] = assign(world, world.finance_recs[:1], world.facilitator)

    assert services.campaign_close(actor=world.coordinator, campaign=world.campaign) is True
    assert services.campaign_close(actor=world.coordinator, campaign=world.campaign) is False

    assert world.campaign.state == Campaign.State.CLOSED
    closes = list(history_of(world.campaign).filter(action="close").values_list("changes", flat=True))
    assert closes == [{"state": {"before": "open", "after": "closed"}}]
    before = registry_snapshot()
    with pytest.raises(ValidationError):
        services.campaign_assign(
            actor=world.coordinator, campaign=world.campaign, recommendations=world.people_recs, assignee=world.facilitator
        )
    with pytest.raises(ValidationError):
        services.assessment_propose(actor=world.facilitator, assignment=assignment, **proposal_data())
    assert registry_snapshot() == before


# --- who may propose -------------------------------------------------------------------


def test_a_facilitator_proposes_for_what_is_assigned_to_them_and_the_status_waits_for_review(world: World) -> None:
    [assignment] = assign(world, world.finance_recs[:1], world.facilitator)

    proposal = services.assessment_propose(actor=world.facilitator, assignment=assignment, **proposal_data())

    assert (proposal.published_at, proposal.campaign, proposal.assessed_by) == (None, world.campaign, world.facilitator)
    assert (proposal.interviewee, proposal.interviewee_role, proposal.source) == ("Marie Dupont", "Directrice financière", "Entretien")
    # A proposal is not part of the history: the public status has not changed.
    assert status_of(world.finance_recs[0]) == "not_assessed"
    entry = history_of(world.finance_recs[0]).get()
    assert (entry.action, entry.actor) == ("assessment_proposed", world.facilitator)
    assert entry.changes["status"] == {"before": None, "after": "in_progress"}


def test_a_facilitator_cannot_propose_for_what_is_assigned_to_someone_else(world: World) -> None:
    [assignment] = assign(world, world.finance_recs[:1], world.lead)
    before = registry_snapshot()

    with pytest.raises(PermissionDenied):
        services.assessment_propose(actor=world.facilitator, assignment=assignment, **proposal_data())

    assert registry_snapshot() == before


def test_a_department_lead_proposes_for_their_department_even_when_assigned_to_someone_else(world: World) -> None:
    finance_assignment, people_assignment = assign(world, [world.finance_recs[0], world.people_recs[0]], world.facilitator)

    proposal = services.assessment_propose(actor=world.lead, assignment=finance_assignment, **proposal_data())

    assert proposal.assessed_by == world.lead
    before = registry_snapshot()
    with pytest.raises(PermissionDenied):
        services.assessment_propose(actor=world.lead, assignment=people_assignment, **proposal_data())
    assert registry_snapshot() == before


def test_a_department_lead_proposes_for_another_department_when_it_is_assigned_to_them(world: World) -> None:
    [assignment] = assign(world, world.people_recs[:1], world.lead)

    assert services.assessment_propose(actor=world.lead, assignment=assignment, **proposal_data()).pk


def test_a_department_lead_without_a_department_proposes_only_for_what_is_assigned(world: World) -> None:
    lead = make_user("department_lead")
    [assignment] = assign(world, world.finance_recs[:1], world.facilitator)

    with pytest.raises(PermissionDenied):
        services.assessment_propose(actor=lead, assignment=assignment, **proposal_data())


@pytest.mark.parametrize("status", ["rejected", "postponed"])
def test_rejected_or_postponed_without_a_public_rationale_is_refused_and_nothing_is_written(world: World, status: str) -> None:
    [assignment] = assign(world, world.finance_recs[:1], world.facilitator)
    before = registry_snapshot()

    with pytest.raises(ValidationError) as refused:
        services.assessment_propose(actor=world.facilitator, assignment=assignment, **proposal_data(status=status, public_comment="   "))

    assert refused.value.message_dict == {"public_comment": ["Une recommandation rejetée ou reportée doit être expliquée publiquement."]}
    assert registry_snapshot() == before


def test_one_proposal_at_a_time_per_recommendation_and_campaign(world: World) -> None:
    [assignment] = assign(world, world.finance_recs[:1], world.lead)
    services.assessment_propose(actor=world.lead, assignment=assignment, **proposal_data())
    before = registry_snapshot()

    with pytest.raises(ValidationError):
        services.assessment_propose(actor=world.lead, assignment=assignment, **proposal_data(status="done"))

    assert registry_snapshot() == before


# --- editing, sending back, publishing -------------------------------------------------


def test_the_author_edits_a_proposal_until_it_is_published_with_before_and_after_audited(world: World) -> None:
    [assignment] = assign(world, world.finance_recs[:1], world.facilitator)
    proposal = services.assessment_propose(actor=world.facilitator, assignment=assignment, **proposal_data())

    services.assessment_proposal_update(actor=world.facilitator, assessment=proposal, status="done", public_comment="Fait en octobre.")

    proposal.refresh_from_db()
    assert (proposal.status, proposal.public_comment) == ("done", "Fait en octobre.")
    entry = history_of(world.finance_recs[0]).filter(action="assessment_proposal_updated").get()
    assert entry.changes == {
        "public_comment": {"before": "Le chantier a commencé en septembre.", "after": "Fait en octobre."},
        "status": {"before": "in_progress", "after": "done"},
    }


def test_only_the_author_edits_a_proposal(world: World) -> None:
    [assignment] = assign(world, world.finance_recs[:1], world.facilitator)
    proposal = services.assessment_propose(actor=world.facilitator, assignment=assignment, **proposal_data())
    before = registry_snapshot()

    for other in (world.lead, world.coordinator):
        with pytest.raises(PermissionDenied):
            services.assessment_proposal_update(actor=other, assessment=proposal, status="done")

    assert registry_snapshot() == before


def test_a_published_assessment_never_changes(world: World) -> None:
    [assignment] = assign(world, world.finance_recs[:1], world.facilitator)
    proposal = services.assessment_propose(actor=world.facilitator, assignment=assignment, **proposal_data())
    stale = Assessment.objects.get(pk=proposal.pk)  # read before publication, as a second browser tab would
    assessment_publish(actor=world.coordinator, assessments=[proposal])
    before = registry_snapshot()

    with pytest.raises(ValidationError):
        services.assessment_proposal_update(actor=world.facilitator, assessment=stale, status="done")

    assert registry_snapshot() == before
    assert status_of(world.finance_recs[0]) == "in_progress"


def test_a_proposal_sent_back_waits_for_its_author_then_returns_to_review(world: World) -> None:
    [assignment] = assign(world, world.finance_recs[:1], world.facilitator)
    proposal = services.assessment_propose(actor=world.facilitator, assignment=assignment, **proposal_data())

    assert services.assessment_return(actor=world.coordinator, assessment=proposal, note="Précisez la source.") is True

    assert (proposal.review_note, proposal.returned_at is not None) == ("Précisez la source.", True)
    assert list(Assessment.objects.awaiting_review()) == []
    # Publishing skips it while it is with its author.
    assert assessment_publish(actor=world.coordinator, assessments=[proposal]) == 0
    services.assessment_proposal_update(actor=world.facilitator, assessment=proposal, source="Rapport annuel 2025")
    assert list(Assessment.objects.awaiting_review()) == [proposal]
    returned = history_of(world.finance_recs[0]).filter(action="assessment_returned").get()
    assert returned.changes["review_note"] == {"before": None, "after": "Précisez la source."}


def test_sending_back_needs_a_note_and_writes_nothing_without_one(world: World) -> None:
    [assignment] = assign(world, world.finance_recs[:1], world.facilitator)
    proposal = services.assessment_propose(actor=world.facilitator, assignment=assignment, **proposal_data())
    before = registry_snapshot()

    with pytest.raises(ValidationError):
        services.assessment_return(actor=world.coordinator, assessment=proposal, note="  ")

    assert registry_snapshot() == before


def test_publishing_twice_publishes_once(world: World) -> None:
    assignments = assign(world, world.finance_recs, world.facilitator)
    proposals = [services.assessment_propose(actor=world.facilitator, assignment=a, **proposal_data()) for a in assignments]
    stale = [Assessment.objects.get(pk=p.pk) for p in proposals]  # a second coordinator's page, read before the first click

    assert assessment_publish(actor=world.coordinator, assessments=proposals) == 2
    first_times = list(Assessment.objects.order_by("pk").values_list("published_at", flat=True))
    assert assessment_publish(actor=make_user("coordination"), assessments=stale) == 0

    assert list(Assessment.objects.order_by("pk").values_list("published_at", flat=True)) == first_times
    assert set(Assessment.objects.values_list("published_by", flat=True)) == {world.coordinator.pk}
    for recommendation in world.finance_recs:
        assert history_of(recommendation).filter(action="assessment_published").count() == 1
        assert status_of(recommendation) == "in_progress"


def test_the_direct_path_publishes_at_once_and_is_append_only(world: World) -> None:
    recommendation = RecommendationFactory()
    assessment_record(actor=world.coordinator, recommendation=recommendation, status="in_progress", effective_date=TODAY)
    assessment_record(actor=world.coordinator, recommendation=recommendation, status="done", effective_date=TODAY, public_comment="Livré.")

    assert list(recommendation.assessments.order_by("pk").values_list("status", flat=True)) == ["in_progress", "done"]
    assert status_of(recommendation) == "done"


def test_the_department_scope_follows_the_lead_s_profile(world: World) -> None:
    """The scope follows the profile's department: moving the lead moves what they may assess."""
    [assignment] = assign(world, world.finance_recs[:1], world.facilitator)
    moved = make_department_lead(world.people)

    with pytest.raises(PermissionDenied):
        services.assessment_propose(actor=moved, assignment=assignment, **proposal_data())


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_publishing_at_the_same_moment_publish_once() -> None:
    """Real concurrency, two threads with their own connections: on PostgreSQL the row lock
    and the conditional UPDATE both guard it; SQLite (a database file in tests) serialises
    the two writers, and the conditional UPDATE still publishes once."""
    import threading

    from django.db import connection

    world = make_world()
    [assignment] = assign(world, world.finance_recs[:1], world.facilitator)
    proposal = services.assessment_propose(actor=world.facilitator, assignment=assignment, **proposal_data())
    other = make_user("coordination")
    barrier = threading.Barrier(2)
    results: list[int] = []

    def publish(actor) -> None:
        try:
            barrier.wait()
            results.append(assessment_publish(actor=actor, assessments=[proposal]))
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(actor,)) for actor in (world.coordinator, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [0, 1]
    assert history_of(world.finance_recs[0]).filter(action="assessment_published").count() == 1
