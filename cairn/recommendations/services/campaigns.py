"""Assessment campaigns: open, assign, close; interviewers' proposals and their review."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.core.audit import record_change, snapshot
from cairn.recommendations.models import Assessment, Campaign, CampaignAssignment, Recommendation
from cairn.recommendations.services.assessments import assessment_record, validate_assessment


def campaign_open(*, actor: Any, name: str, description: str = "") -> Campaign:
    with transaction.atomic():
        campaign = Campaign(name=name.strip(), description=description, opened_by=actor)
        campaign.full_clean()
        campaign.save()
        record_change(actor=actor, instance=campaign, action="create", after={"name": campaign.name})
    return campaign


def campaign_assign(*, actor: Any, campaign: Campaign, recommendations: Iterable[Recommendation], assignee: Any) -> int:
    """Assign many recommendations (a list, or a queryset: only its keys are read) to one
    person; re-assigning moves them. Refused when there is none."""
    if isinstance(recommendations, QuerySet):
        ids = sorted(set(recommendations.values_list("pk", flat=True)))
    else:
        ids = sorted({r.pk for r in recommendations})
    if not ids:
        raise ValidationError(_("Aucune recommandation ne correspond : rien n’a été attribué."))
    if campaign.state != Campaign.State.OPEN:
        raise ValidationError(_("Cette campagne est clôturée : on ne peut plus y attribuer de recommandations."))
    if not rules.has_perm("recommendations.propose_assessment", assignee):
        raise ValidationError(
            {"assignee": [_("Cette personne ne peut pas proposer d’évaluation : donnez-lui d’abord un rôle d’animation ou de direction.")]}
        )
    with transaction.atomic():
        previous = dict(
            CampaignAssignment.objects.select_for_update()
            .filter(campaign=campaign, recommendation_id__in=ids)
            .values_list("recommendation_id", "assignee_id")
        )
        CampaignAssignment.objects.filter(campaign=campaign, recommendation_id__in=previous).update(assignee=assignee)
        CampaignAssignment.objects.bulk_create(
            [CampaignAssignment(campaign=campaign, recommendation_id=pk, assignee=assignee) for pk in ids if pk not in previous],
            ignore_conflicts=True,  # a concurrent assignment of the same recommendation keeps the first one
        )
        record_change(
            actor=actor,
            instance=campaign,
            action="assign",
            before={"assignees": {str(pk): previous[pk] for pk in ids if pk in previous}},
            after={"assignee": assignee.pk, "recommendations": ids},
        )
    return len(ids)


def campaign_close(*, actor: Any, campaign: Campaign) -> bool:
    """Close an open campaign: nobody proposes in it any more; proposals already made can
    still be reviewed. Closing a closed campaign changes nothing and returns False."""
    with transaction.atomic():
        closed = Campaign.objects.filter(pk=campaign.pk, state=Campaign.State.OPEN).update(
            state=Campaign.State.CLOSED, updated_at=timezone.now()
        )
        if closed:
            record_change(
                actor=actor,
                instance=campaign,
                action="close",
                before={"state": Campaign.State.OPEN},
                after={"state": Campaign.State.CLOSED},
            )
    campaign.refresh_from_db(fields=["state", "updated_at"])
    return bool(closed)


#: What an interviewer may write on a proposal (and change until it is published).
PROPOSAL_FIELDS = [
    # The evidence, as the interview happened…
    "interviewee",
    "interviewee_role",
    "interviewee_department",
    "interview_date",
    "source",
    "notes",
    # …then what it says.
    "status",
    "effective_date",
    "public_comment",
    "internal_note",
]


def assessment_propose(
    *,
    actor: Any,
    assignment: CampaignAssignment,
    status: str,
    effective_date: datetime.date,
    public_comment: str = "",
    internal_note: str = "",
    **evidence: Any,
) -> Assessment:
    """Propose a status for an assigned recommendation, with the interview behind it, for a
    coordinator to review. One proposal at a time per recommendation and campaign: while
    one waits (or was sent back), its author edits it with ``assessment_proposal_update``.

    Department leads propose for their department's recommendations or what is assigned to
    them; facilitators only for what is assigned to them (``rules.py``).
    """
    if not rules.has_perm("recommendations.propose_for_assignment", actor, assignment):
        raise PermissionDenied(_("Vous ne pouvez pas proposer d’évaluation pour cette recommandation."))
    campaign = assignment.campaign
    with transaction.atomic():
        # Writing to the assignment row first serialises proposals for the same
        # recommendation: a row lock on PostgreSQL, the database write lock on SQLite.
        CampaignAssignment.objects.filter(pk=assignment.pk).update(assigned_at=F("assigned_at"))
        if not Campaign.objects.filter(pk=campaign.pk, state=Campaign.State.OPEN).exists():
            raise ValidationError(_("Cette campagne est clôturée : elle ne reçoit plus de propositions."))
        if Assessment.objects.proposals().filter(campaign=campaign, recommendation_id=assignment.recommendation_id).exists():
            raise ValidationError(_("Une proposition attend déjà la relecture pour cette recommandation : modifiez-la plutôt."))
        return assessment_record(
            actor=actor,
            recommendation=assignment.recommendation,
            status=status,
            effective_date=effective_date,
            public_comment=public_comment,
            internal_note=internal_note,
            publish=False,
            campaign=campaign,
            **evidence,
        )


def _proposal_snapshot(assessment: Assessment) -> dict[str, Any]:
    data = snapshot(assessment, PROPOSAL_FIELDS)
    data["assessment"] = assessment.pk
    return data


def assessment_proposal_update(*, actor: Any, assessment: Assessment, **changes: Any) -> Assessment:
    """Change a proposal: only its author, only until it is published. A proposal that was
    sent back goes back to the reviewers' queue."""
    unknown = set(changes) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    if assessment.assessed_by_id is None or assessment.assessed_by_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Seule la personne qui a fait cette proposition peut la modifier."))
    changes = {name: value.strip() if isinstance(value, str) else value for name, value in changes.items()}
    merged = {name: changes.get(name, getattr(assessment, name)) for name in ("status", "public_comment", "effective_date")}
    validate_assessment(merged["status"], merged["public_comment"], merged["effective_date"])
    with transaction.atomic():
        before = _proposal_snapshot(assessment)
        # Conditional: a proposal published in the meantime is never changed.
        updated = Assessment.objects.filter(pk=assessment.pk, published_at__isnull=True).update(**changes, returned_at=None, review_note="")
        if not updated:
            raise ValidationError(_("Cette proposition vient d’être publiée : elle ne peut plus être modifiée."))
        assessment.refresh_from_db()
        record_change(
            actor=actor,
            instance=assessment.recommendation,
            action="assessment_proposal_updated",
            before=before,
            after=_proposal_snapshot(assessment),
        )
    return assessment


def assessment_return(*, actor: Any, assessment: Assessment, note: str) -> bool:
    """Send a proposal back to its author with a note saying what to change. Returns False
    when it was published or sent back in the meantime (nothing changes then)."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": [_("Expliquez à l’auteur·rice ce qu’il faut revoir.")]})
    with transaction.atomic():
        returned = Assessment.objects.filter(pk=assessment.pk, published_at__isnull=True, returned_at__isnull=True).update(
            returned_at=timezone.now(), review_note=note
        )
        if returned:
            record_change(
                actor=actor,
                instance=assessment.recommendation,
                action="assessment_returned",
                after={"assessment": assessment.pk, "review_note": note},
            )
    assessment.refresh_from_db(fields=["returned_at", "review_note", "published_at"])
    return bool(returned)
