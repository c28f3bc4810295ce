"""Assessment campaigns and who is assigned which recommendation in them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from cairn.core.models import TimeStampedModel
from cairn.recommendations.models.registry import Recommendation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cairn.accounts.models import User


class Campaign(TimeStampedModel):
    """An assessment campaign, e.g. "État des lieux 2023"."""

    class State(models.TextChoices):
        OPEN = "open", _("Ouverte")
        CLOSED = "closed", _("Clôturée")

    name = models.CharField(_("nom"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    state = models.CharField(_("état"), max_length=8, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("campagne d’évaluation")
        verbose_name_plural = _("campagnes d’évaluation")

    def __str__(self) -> str:
        return self.name


class CampaignAssignmentQuerySet(models.QuerySet["CampaignAssignment"]):
    def in_open_campaigns(self) -> CampaignAssignmentQuerySet:
        return self.filter(campaign__state=Campaign.State.OPEN)

    def proposable_by(self, user: User | AnonymousUser) -> CampaignAssignmentQuerySet:
        """What ``user`` may propose an assessment for: everything for the coordination team;
        for anyone else, their to-do (``to_do_of``)."""
        from cairn.recommendations.rules import can_manage_registry

        if getattr(user, "is_authenticated", False) and can_manage_registry(user):
            return self
        return self.to_do_of(user)

    def to_do_of(self, user: User | AnonymousUser) -> CampaignAssignmentQuerySet:
        """What is assigned to ``user`` and, for a department lead, what belongs to their
        department (whoever it is assigned to)."""
        from cairn.recommendations.rules import is_department_lead

        if not getattr(user, "is_authenticated", False):
            return self.none()
        scope = Q(assignee=user)
        department_id = getattr(getattr(user, "profile", None), "department_id", None)
        if department_id is not None and is_department_lead(user):
            scope |= Q(
                Exists(
                    Recommendation.departments.through.objects.filter(recommendation=OuterRef("recommendation"), department=department_id)
                )
            )
        return self.filter(scope)


class CampaignAssignment(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="assignments")
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="assignments")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigné·e à"), on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attribution")
        verbose_name_plural = _("attributions")
        constraints = [models.UniqueConstraint(fields=["campaign", "recommendation"], name="recommendations_assigned_once")]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.recommendation_id}→{self.assignee_id}"
