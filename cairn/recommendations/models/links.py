"""Links between recommendations of different cycles (the same demand made again, a
continuation, a merge) and the links Cairn suggests for staff to confirm or dismiss."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cairn.recommendations.models.registry import Recommendation


class LinkKind(models.TextChoices):
    SAME_AS = "same_as", _("identique à")
    CONTINUES = "continues", _("prolonge")
    MERGED_INTO = "merged_into", _("fusionnée dans")


class RecommendationLink(models.Model):
    """A recommendation re-issued or continued in another cycle."""

    source = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(_("lien"), max_length=12, choices=LinkKind.choices)

    class Meta:
        verbose_name = _("lien entre recommandations")
        verbose_name_plural = _("liens entre recommandations")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="recommendations_link_once"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="recommendations_link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class SuggestionState(models.TextChoices):
    PENDING = "pending", _("à examiner")
    CONFIRMED = "confirmed", _("confirmée")
    DISMISSED = "dismissed", _("écartée")


class LinkSuggestion(models.Model):
    """Two recommendations of different cycles that Cairn finds alike (the same demand made
    again, a continuation), for staff to confirm as a link or dismiss. One row per pair
    (``first`` has the lower id), whatever the direction: a dismissed pair is never
    suggested again."""

    first = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("ressemblance"))
    state = models.CharField(_("état"), max_length=10, choices=SuggestionState.choices, default=SuggestionState.PENDING)
    created_at = models.DateTimeField(_("suggérée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("lien suggéré")
        verbose_name_plural = _("liens suggérés")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="recommendations_suggestion_once"),
            models.CheckConstraint(condition=Q(first__lt=models.F("second")), name="recommendations_suggestion_ordered"),
        ]
        indexes = [
            models.Index(fields=["state", "first"], name="recommendations_sugg_first"),
            models.Index(fields=["state", "second"], name="recommendations_sugg_second"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id} ({self.score:.2f})"
