"""Every write to the registry goes through these functions; each is audited."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.core.audit import record_change, snapshot
from cairn.recommendations.models import (
    STATUSES_NEEDING_RATIONALE,
    Assessment,
    Campaign,
    CampaignAssignment,
    Recommendation,
    Status,
)

RECOMMENDATION_FIELDS = ["section", "number", "title", "text", "kind", "language", "parent", "is_internal"]


def number_position(number: str) -> str:
    """A sort key for numbers as written: "2" < "2.3" < "10"; letters keep their order."""
    parts = re.findall(r"\d+|[^\d\W]+", number.lower())
    return ".".join(part.zfill(4) if part.isdigit() else part for part in parts)[:60] or "~"


def recommendation_reference(*, cycle_code: str, theme_code: str, number: str) -> str:
    """The stable public reference, e.g. ``2020-21/ACC/04``; it never changes afterwards."""
    cleaned = ".".join(part.zfill(2) if part.isdigit() else part for part in re.findall(r"\w+", number)) or number
    return f"{cycle_code}/{theme_code}/{cleaned}"


def recommendation_create(
    *, actor: Any, theme: Any, number: str, title: str, groups: Iterable[Any] = (), departments: Iterable[Any] = (), **fields: Any
) -> Recommendation:
    with transaction.atomic():
        recommendation = Recommendation(
            cycle=theme.cycle,
            theme=theme,
            number=number,
            position=number_position(number),
            title=title,
            reference=recommendation_reference(cycle_code=theme.cycle.code, theme_code=theme.code, number=number),
            **fields,
        )
        recommendation.full_clean(exclude=["groups", "departments"])
        recommendation.save()
        recommendation.groups.set(list(groups))
        recommendation.departments.set(list(departments))
        record_change(
            actor=actor, instance=recommendation, action="create", after=snapshot(recommendation, ["title", *RECOMMENDATION_FIELDS])
        )
    return recommendation


def recommendation_update(*, actor: Any, recommendation: Recommendation, **changes: Any) -> Recommendation:
    """Change text fields; the cycle, theme and public reference never change."""
    unknown = set(changes) - {"title", *RECOMMENDATION_FIELDS}
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    with transaction.atomic():
        before = snapshot(recommendation, sorted(changes))
        for name, value in changes.items():
            setattr(recommendation, name, value)
        if "number" in changes:
            recommendation.position = number_position(recommendation.number)
        recommendation.full_clean(exclude=["groups", "departments"])
        recommendation.save(update_fields=[*changes, *(["position"] if "number" in changes else []), "updated_at"])
        record_change(actor=actor, instance=recommendation, action="update", before=before, after=snapshot(recommendation, sorted(changes)))
    return recommendation


def _validate_assessment(status: str, public_comment: str, effective_date: datetime.date) -> None:
    errors: dict[str, list[str]] = {}
    if status not in Status.values or status == Status.NOT_ASSESSED:
        errors["status"] = [_("Choisissez un état d’avancement.")]
    if status in STATUSES_NEEDING_RATIONALE and not public_comment.strip():
        errors["public_comment"] = [_("Une recommandation rejetée ou reportée doit être expliquée publiquement.")]
    if effective_date > timezone.localdate():
        errors["effective_date"] = [_("La date d’effet ne peut pas être dans le futur.")]
    if errors:
        raise ValidationError(errors)


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
    _validate_assessment(status, public_comment, effective_date)
    allowed = {"interviewee", "interviewee_role", "interviewee_department", "interview_date", "source", "notes"}
    if set(evidence) - allowed:
        raise ValueError(f"Unknown evidence fields: {sorted(set(evidence) - allowed)}")
    now = timezone.now()
    with transaction.atomic():
        assessment = Assessment.objects.create(
            recommendation=recommendation,
            campaign=campaign,
            status=status,
            effective_date=effective_date,
            assessed_by=actor if getattr(actor, "is_authenticated", False) else None,
            public_comment=public_comment.strip(),
            internal_note=internal_note.strip(),
            published_at=now if publish else None,
            published_by=actor if publish and getattr(actor, "is_authenticated", False) else None,
            **evidence,
        )
        record_change(
            actor=actor,
            instance=recommendation,
            action="assessment_published" if publish else "assessment_proposed",
            after={"status": status, "effective_date": effective_date.isoformat(), "assessment": assessment.pk},
        )
    return assessment


def assessment_publish(*, actor: Any, assessments: Iterable[Assessment]) -> int:
    """Publish proposed assessments (one or many); already published ones are left alone."""
    now = timezone.now()
    published = 0
    with transaction.atomic():
        for assessment in Assessment.objects.select_for_update().filter(pk__in=[a.pk for a in assessments], published_at__isnull=True):
            assessment.published_at, assessment.published_by = now, actor
            assessment.save(update_fields=["published_at", "published_by"])
            record_change(
                actor=actor,
                instance=assessment.recommendation,
                action="assessment_published",
                after={"status": assessment.status, "effective_date": assessment.effective_date.isoformat(), "assessment": assessment.pk},
            )
            published += 1
    return published


def campaign_open(*, actor: Any, name: str, description: str = "") -> Campaign:
    with transaction.atomic():
        campaign = Campaign(name=name.strip(), description=description, opened_by=actor)
        campaign.full_clean()
        campaign.save()
        record_change(actor=actor, instance=campaign, action="create", after={"name": campaign.name})
    return campaign


def campaign_assign(*, actor: Any, campaign: Campaign, recommendations: Iterable[Recommendation], assignee: Any) -> int:
    """Assign many recommendations to one person; re-assigning moves them."""
    ids = [r.pk for r in recommendations]
    with transaction.atomic():
        existing = set(
            CampaignAssignment.objects.filter(campaign=campaign, recommendation_id__in=ids).values_list("recommendation_id", flat=True)
        )
        CampaignAssignment.objects.filter(campaign=campaign, recommendation_id__in=existing).update(assignee=assignee)
        CampaignAssignment.objects.bulk_create(
            [CampaignAssignment(campaign=campaign, recommendation_id=pk, assignee=assignee) for pk in ids if pk not in existing]
        )
        record_change(actor=actor, instance=campaign, action="assign", after={"assignee": assignee.pk, "recommendations": ids})
    return len(ids)
