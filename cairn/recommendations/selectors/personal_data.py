"""A member's part of the registry in their data export (the ``personal_data`` hook)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from cairn.recommendations.models import Assessment, Campaign, CampaignAssignment, GroupPerson, RegistryImport


def personal_data(*, user: Any) -> dict[str, Any]:
    """The working groups the member took part in, the assessments they recorded or
    published, the campaigns they opened, the recommendations assigned to them and the
    registry files they uploaded. Nothing here is erased: the registry's record stays,
    under no name."""
    return {
        "working_groups": [
            {"id": p.pk, "group_id": p.group_id, "group": p.group.name, "role": p.role}
            for p in GroupPerson.objects.filter(user=user).select_related("group").order_by("group_id", "pk")
        ],
        "assessments": [
            {
                "id": a.pk,
                "recommendation": a.recommendation.reference,
                "status": a.status,
                "effective_date": a.effective_date.isoformat(),
                "recorded": a.assessed_by_id == user.pk,
                "published": a.published_by_id == user.pk,
                "published_at": a.published_at.isoformat() if a.published_at else None,
            }
            for a in Assessment.objects.filter(Q(assessed_by=user) | Q(published_by=user)).select_related("recommendation").order_by("pk")
        ],
        "campaigns_opened": [
            {"id": c.pk, "name": c.name, "at": c.created_at.isoformat()} for c in Campaign.objects.filter(opened_by=user).order_by("pk")
        ],
        "assignments": [
            {"id": a.pk, "campaign": a.campaign.name, "recommendation": a.recommendation.reference, "at": a.assigned_at.isoformat()}
            for a in CampaignAssignment.objects.filter(assignee=user).select_related("campaign", "recommendation").order_by("pk")
        ],
        "registry_imports": [
            {"id": i.pk, "file": i.filename, "state": i.state, "at": i.created_at.isoformat()}
            for i in RegistryImport.objects.filter(created_by=user).order_by("pk")
        ],
    }
