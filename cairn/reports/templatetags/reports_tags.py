"""Template helpers of the state of play: links to the registry behind a number (rates
are shown with ``percent`` from ``registry_tags``).

::

    {% load reports_tags %}
    <a href="{% registry_href params row.params status='done' %}">12</a>
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.urls import reverse
from django.utils.http import urlencode

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
def get_item(mapping: Mapping[str, Any] | None, key: str) -> Any:
    """``mapping[key]`` in a template (a status's count, a breakdown's rows); None if absent."""
    return None if mapping is None else mapping.get(key)


@register.filter
def urlencode_params(params: Mapping[str, str]) -> str:
    return urlencode(params)


@register.simple_tag(takes_context=True)
def figures_block(context: template.Context, values: Mapping[str, Any]) -> str:
    """``reports/_figures.html`` with ``values`` (``views.figures_context``) added to the
    page's context: the dashboard reads them lazily, inside its cache blocks."""
    partial = context.template.engine.get_template("reports/_figures.html")  # type: ignore[union-attr]
    with context.push(**values):
        return partial.render(context)
