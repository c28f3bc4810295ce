"""Assessments: recording and publishing a status change with its evidence (DESIGN.md §4).
Append-only and audited; publishing notifies the followers."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.core.audit import audit_entry, record_change, record_changes
from cairn.recommendations.models import STATUSES_NEEDING_RATIONALE, Assessment, Campaign, Recommendation, Status
from cairn.recommendations.notify import notify_assessment_published
from cairn.recommendations.selectors.registry import registry_stamp


def validate_assessment(status: str, public_comment: str, effective_date: datetime.date) -> None:
    errors: dict[str, list[str]] = {}
    if status not in Status.values or status == Status.NOT_ASSESSED:
        errors["status"] = [_("Choisissez un état d’avancement.")]
    if status in STATUSES_NEEDING_RATIONALE and not public_comment.strip():
        errors["public_comment"] = [_("Une recommandation rejetée ou reportée doit être expliquée publiquement.")]
    if effective_date > timezone.localdate():
        errors["effective_date"] = [_("La date d’effet ne peut pas être dans le futur.")]
    if errors:
        raise ValidationError(errors)


def recommendation_status_refresh(*, recommendation_ids: Iterable[int]) -> int:
    """Store the current status of these recommendations as their history gives it today
    (``Recommendation.current_status``, its date and its assessment): the one place they
    are written. Every service that writes or publishes assessments calls it in its
    transaction, after its writes. Two queries whatever the number: the recommendations'
    rows are locked first (in id order), so that of two transactions writing assessments of
    the same recommendation, the second computes from what the first committed; then one
    ``UPDATE`` computes every row from the history. Returns the number of rows updated."""
    ids = sorted(set(recommendation_ids))
    if not ids:
        return 0
    with transaction.atomic():
        list(Recommendation.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
        latest = Assessment.objects.latest_published(OuterRef("pk"))
        return Recommendation.objects.filter(pk__in=ids).update(
            current_status=Coalesce(Subquery(latest.values("status")[:1]), Value(Status.NOT_ASSESSED.value)),
            current_status_date=Subquery(latest.values("effective_date")[:1]),
            current_assessment=Subquery(latest.values("pk")[:1]),
        )


def assessment_record(
    *,
    actor: Any,
    recommendation: Recommendation,
    status: str,
    effective_date: datetime.date,
    public_comment: str = "",
    internal_note: str = "",
    publish: bool = True,
    campaign: Campaign | None = None,
    **evidence: Any,
) -> Assessment:
    """Record an assessment: published at once by the coordination team, or proposed
    within a campaign for a coordinator to review."""
    allowed = {"interviewee", "interviewee_role", "interviewee_department", "interview_date", "source", "notes"}
    if set(evidence) - allowed:
        raise ValueError(f"Unknown evidence fields: {sorted(set(evidence) - allowed)}")
    assessment = Assessment(
        recommendation=recommendation,
        campaign=campaign,
        status=status,
        effective_date=effective_date,
        public_comment=public_comment,
        internal_note=internal_note,
        **evidence,
    )
    [recorded] = assessment_record_many(actor=actor, assessments=[assessment], publish=publish)
    return recorded


def assessment_record_many(*, actor: Any, assessments: Sequence[Assessment], publish: bool = True, notify: bool = True) -> list[Assessment]:
    """Record assessments (unsaved, with their recommendation, status, date and evidence) in
    one insert — the registry import and the demo seed record hundreds. Each is validated and
    audited as ``assessment_record`` does: assessed by ``actor`` unless it names its
    assessor; when ``publish``, published now by ``actor`` unless it says when and by whom,
    and its followers are notified unless ``notify`` is False (a history recorded long after
    the fact)."""
    assessments = list(assessments)
    now = timezone.now()
    recorder = actor if getattr(actor, "is_authenticated", False) else None
    for assessment in assessments:
        validate_assessment(assessment.status, assessment.public_comment, assessment.effective_date)
        assessment.public_comment = assessment.public_comment.strip()
        assessment.internal_note = assessment.internal_note.strip()
        if assessment.assessed_by_id is None:
            assessment.assessed_by = recorder
        if publish:
            assessment.published_at = assessment.published_at or now
            if assessment.published_by_id is None:
                assessment.published_by = recorder
        else:
            assessment.published_at = assessment.published_by = None
    with transaction.atomic():
        Assessment.objects.bulk_create(assessments, batch_size=1000)
        entries = []
        for assessment in assessments:
            entry = audit_entry(
                actor=None,
                instance=assessment.recommendation,
                action="assessment_published" if publish else "assessment_proposed",
                after={"status": assessment.status, "effective_date": assessment.effective_date.isoformat(), "assessment": assessment.pk},
            )
            entry.actor_id = assessment.published_by_id if publish else assessment.assessed_by_id  # who recorded it
            entries.append(entry)
        record_changes(entries)
        if publish:
            recommendation_status_refresh(recommendation_ids=[a.recommendation_id for a in assessments])
        registry_stamp.forget()  # bulk inserts send no signal
        if publish and notify:
            for assessment in assessments:
                notify_assessment_published(assessment=assessment, recommendation=assessment.recommendation, actor=actor)
    return assessments


def assessment_publish(*, actor: Any, assessments: Iterable[Assessment]) -> int:
    """Publish proposed assessments (one or many); already published ones are left alone,
    and so are proposals sent back to their author (they wait for the author's edit).

    Each row is published by a conditional ``UPDATE … WHERE published_at IS NULL``: of two
    coordinators publishing the same proposal at once, exactly one updates the row and
    audits it (SQLite has no ``SELECT … FOR UPDATE``; PostgreSQL also takes the row locks).
    """
    now = timezone.now()
    published: list[Assessment] = []
    with transaction.atomic():
        candidates = Assessment.objects.select_for_update(of=("self",)).filter(
            pk__in=[a.pk for a in assessments], published_at__isnull=True, returned_at__isnull=True
        )
        for assessment in candidates.select_related("recommendation").order_by("pk"):
            won = Assessment.objects.filter(pk=assessment.pk, published_at__isnull=True, returned_at__isnull=True).update(
                published_at=now, published_by=actor
            )
            if not won:
                continue
            record_change(
                actor=actor,
                instance=assessment.recommendation,
                action="assessment_published",
                after={"status": assessment.status, "effective_date": assessment.effective_date.isoformat(), "assessment": assessment.pk},
            )
            published.append(assessment)
        if published:
            # The UPDATE above bypasses the model: the current statuses, then the stamp.
            recommendation_status_refresh(recommendation_ids=[a.recommendation_id for a in published])
            registry_stamp.forget()
        for assessment in published:
            notify_assessment_published(assessment=assessment, recommendation=assessment.recommendation, actor=actor)
    return len(published)
