"""Audit entries of the registry, described for people: action labels and field rows."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from cairn.core.audit import history_of
from cairn.core.models import AuditEntry
from cairn.recommendations.models import Assessment, Recommendation, Status

AUDIT_ACTIONS = {
    "create": gettext_lazy("Création"),
    "update": gettext_lazy("Modification"),
    "assessment_published": gettext_lazy("Évaluation publiée"),
    "assessment_proposed": gettext_lazy("Évaluation proposée"),
    "assessment_proposal_updated": gettext_lazy("Proposition modifiée"),
    "assessment_returned": gettext_lazy("Proposition renvoyée à son auteur·rice"),
    "groups_added": gettext_lazy("Groupes ajoutés"),
    "admin_create": gettext_lazy("Création (administration)"),
    "admin_update": gettext_lazy("Modification (administration)"),
    "admin_delete": gettext_lazy("Suppression (administration)"),
}


def _audit_value(name: str, value: Any) -> Any:
    """Statuses by their label; other values as recorded."""
    if name == "status" and value in Status.values:
        return Status(value).label
    return value


def recommendation_history(recommendation: Any) -> QuerySet[AuditEntry]:
    """Every audited change of a recommendation, newest first, with who made it."""
    return history_of(recommendation).select_related("actor__profile")


def describe_audit_entries(entries: Any) -> Any:
    """Give each audit entry a readable ``action_label`` and ``rows`` (field label, before,
    after), for the recommendation page and its full history alike. No query."""
    labels = {
        f.name: f.verbose_name for f in [*Recommendation._meta.get_fields(), *Assessment._meta.get_fields()] if hasattr(f, "verbose_name")
    }
    for entry in entries:
        entry.action_label = AUDIT_ACTIONS.get(entry.action, entry.action)
        entry.rows = [
            {
                "field": labels.get(name, name),
                "before": _audit_value(name, values.get("before")),
                "after": _audit_value(name, values.get("after")),
            }
            for name, values in entry.changes.items()
        ]
    return entries
