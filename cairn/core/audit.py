"""The audit trail: who changed what, when, with the values before and after.

Services call ``record_change`` in the same transaction as the change they make (a service
writing in bulk builds its entries with ``audit_entry`` and saves them with
``record_changes``); staff read an object's history with ``history_of``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from cairn.core.models import AuditEntry


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values of ``fields`` as JSON-able data (foreign keys as their ids)."""
    data: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname) if hasattr(field, "attname") else getattr(instance, name)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def audit_entry(
    *, actor: Any, instance: models.Model, action: str, before: dict[str, Any] | None = None, after: dict[str, Any] | None = None
) -> AuditEntry:
    """The entry ``record_change`` saves, unsaved: only the values that differ, keyed by field."""
    changed = {
        key: {"before": (before or {}).get(key), "after": (after or {}).get(key)}
        for key in sorted(set(before or {}) | set(after or {}))
        if (before or {}).get(key) != (after or {}).get(key)
    }
    return AuditEntry(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        changes=changed,
    )


def record_change(
    *, actor: Any, instance: models.Model, action: str, before: dict[str, Any] | None = None, after: dict[str, Any] | None = None
) -> AuditEntry:
    entry = audit_entry(actor=actor, instance=instance, action=action, before=before, after=after)
    entry.save()
    return entry


def record_changes(entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """Save many ``audit_entry`` results at once, for services that write in bulk."""
    return AuditEntry.objects.bulk_create(list(entries), batch_size=1000)


def history_of(instance: models.Model) -> models.QuerySet[AuditEntry]:
    return (
        AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk))
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )


def changes_made_by(actor: Any) -> list[dict[str, Any]]:
    """Every change ``actor`` made, oldest first, as JSON-able data: the part of a person's
    data export that the audit trail holds (the account row outlives an erasure, so these
    stay attributed to it, under no name)."""
    entries = AuditEntry.objects.filter(actor=actor).select_related("content_type").order_by("created_at", "pk")
    return [
        {
            "id": entry.pk,
            "action": entry.action,
            "object": f"{entry.content_type.app_label}.{entry.content_type.model}:{entry.object_id}",
            "changes": entry.changes,
            "at": entry.created_at.isoformat(),
        }
        for entry in entries.iterator(chunk_size=2000)
    ]
