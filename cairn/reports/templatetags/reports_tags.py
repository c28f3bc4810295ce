"""Template helpers of the state of play: links to the registry behind a number, rates.

::

    {% load reports_tags %}
    <a href="{% registry_href params row.params status='done' %}">12</a>
    {{ counts.completion_rate|percent }}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def registry_href(params: Mapping[str, str], row_params: Mapping[str, str] | None = None, status: str = "", **extra: Any) -> str:
    """The registry listing the recommendations behind a number: the dashboard's filters,
    then the row's (a category, a cycle…), then a status."""
    query = {**params, **(row_params or {}), **{k: v for k, v in extra.items() if v}}
    if status:
        query["status"] = status
    url = reverse("recommendations:registry")
    return f"{url}?{urlencode(query)}" if query else url


@register.filter
def percent(rate: float | None) -> str:
    """A rate as a whole percentage in the reader's language; a dash when there is none."""
    if rate is None:
        return "—"
    return _("%(percent)s %%") % {"percent": number_format(round(100 * rate))}


@register.filter
def get_item(mapping: Mapping[str, Any] | None, key: str) -> Any:
    """``mapping[key]`` in a template (a status's count, a breakdown's rows); None if absent."""
    return None if mapping is None else mapping.get(key)


@register.filter
def urlencode_params(params: Mapping[str, str]) -> str:
    return urlencode(params)
