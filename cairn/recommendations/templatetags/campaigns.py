"""Template helpers of the campaign pages: ``{% load campaigns %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from cairn.core.templatetags.components import badge_html
from cairn.recommendations.models import STATUS_TONES, Status

register = template.Library()


@register.simple_tag
def assessment_status(value: str) -> SafeString:
    """The status badge of a raw status value (``not_assessed``, ``done``…)."""
    status = Status(value) if value in Status.values else Status.NOT_ASSESSED
    return badge_html(status.label, STATUS_TONES[status])


@register.filter
def audit_value(value: Any) -> str:
    """An audited value as staff read it: empty values as a dash, lists joined."""
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k} → {v}" for k, v in value.items()) or "—"
    return str(value)
