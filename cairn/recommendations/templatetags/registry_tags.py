"""Template helpers of the registry: a recommendation's status as a badge, a rate as a
percentage.

``status`` is an annotation (``Recommendation.objects.with_status()``), not a field, so
it has no ``get_status_display``: these give its label and tone, and ``status_badge``
renders the design system's badge with them::

    {% load registry_tags %}
    {% status_badge recommendation.status %}
    {{ counts.completion_rate|percent }}
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from cairn.core.templatetags.components import badge_html
from cairn.recommendations import rates
from cairn.recommendations.models import STATUS_TONES, Status

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else str(value)


@register.filter
def status_tone(value: str) -> str:
    return STATUS_TONES[Status(value)] if value in Status.values else "neutral"


@register.simple_tag
def status_badge(value: str) -> SafeString:
    return badge_html(status_label(value), status_tone(value))


@register.filter
def percent(rate: float | None) -> str:
    """A rate as a whole percentage in the reader's language; a dash when there is none
    (``cairn.recommendations.rates.percent``, the one way rates are shown)."""
    return rates.percent(rate)
