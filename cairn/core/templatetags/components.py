"""Cairn's design-system components, loaded in every template (settings ``builtins``).

Each tag renders one template under ``templates/components/``; the page at
``/<lang>/components/`` shows every one of them with its usage.
"""

from typing import Any

from django import template
from django.core.paginator import Page
from django.forms import BoundField
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from cairn.core.markdown import render_markdown
from cairn.core.pagination import AFTER, BEFORE, LAST, KeysetPage

register = template.Library()

BADGE_TONES = {"neutral", "info", "success", "warning", "danger", "progress"}


def badge_html(label: object, tone: str = "neutral") -> SafeString:
    """The design system's badge: a short status label. ``tone`` is one of neutral, info,
    success, warning, danger, progress; the tone is carried by colour *and* by the text,
    never by colour alone. Every badge tag of every app returns this (written in Python:
    a list shows one per row, and a template per badge was a visible share of it). The
    newline after it is the template's: pages read a space between a badge and its text."""
    return format_html('<span class="badge badge--{}">{}</span>\n', tone if tone in BADGE_TONES else "neutral", label)


@register.simple_tag
def badge(label: str, tone: str = "neutral") -> SafeString:
    return badge_html(label, tone)


@register.inclusion_tag("components/field.html")
def field(bound_field: BoundField, help_text: str = "") -> dict[str, Any]:
    """A form field with its label, help text and errors, wired for screen readers."""
    return {"field": bound_field, "help_text": help_text or bound_field.help_text}


@register.inclusion_tag("components/empty_state.html")
def empty_state(title: str, text: str = "", action_url: str = "", action_label: str = "") -> dict[str, Any]:
    return {"title": title, "text": text, "action_url": action_url, "action_label": action_label}


@register.inclusion_tag("components/pagination.html", takes_context=True)
def pagination(context: template.Context, page_obj: Any, param: str = "page") -> dict[str, Any]:
    """Previous/next links and the page numbers around the current one, keeping the filters."""
    request = context["request"]

    def url_for(number: int) -> str:
        query: QueryDict = request.GET.copy()
        query[param] = str(number)
        return "?" + query.urlencode()

    paginator = page_obj.paginator
    numbers = paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    pages = [{"number": n, "url": url_for(n) if isinstance(n, int) else "", "current": n == page_obj.number} for n in numbers]
    return {
        "page_obj": page_obj,
        "pages": pages,
        "previous_url": url_for(page_obj.previous_page_number()) if page_obj.has_previous() else "",
        "next_url": url_for(page_obj.next_page_number()) if page_obj.has_next() else "",
    }


def keyset_pagination(context: template.Context, page_obj: KeysetPage) -> dict[str, Any]:
    """First, previous, next and last links of a keyset page (``cairn.core.pagination``),
    keeping the filters: plain links, so the list pages without JavaScript."""
    request = context["request"]

    def url_for(param: str, value: str) -> str:
        query: QueryDict = request.GET.copy()
        for name in (AFTER, BEFORE, LAST, "page"):
            query.pop(name, None)
        if param:
            query[param] = value
        encoded = query.urlencode()
        return f"?{encoded}" if encoded else request.path  # the first page of an unfiltered list: its own address

    return {
        "page_obj": page_obj,
        "first_url": url_for("", "") if page_obj.has_previous else "",
        "previous_url": url_for(BEFORE, page_obj.first_cursor) if page_obj.has_previous else "",
        "next_url": url_for(AFTER, page_obj.last_cursor) if page_obj.has_next else "",
        "last_url": url_for(LAST, "1") if page_obj.has_next else "",
        "pagination_template": "components/keyset_pagination.html",
        "invalid_cursor": page_obj.invalid_cursor,
    }


@register.simple_block_tag(takes_context=True)
def results(context: template.Context, content: str, items: Any, empty_title: str, empty_text: str = "") -> str:
    """A list of results: the content between ``{% results %}`` and ``{% endresults %}`` when
    ``items`` has any, followed by the pagination when ``items`` is a page (its links keep
    the filters) or a keyset page (first, previous, next, last; a page link that could not
    be read is said above the first page); otherwise the empty state, ``empty_title`` and
    ``empty_text``."""
    values: dict[str, Any] = {"has_items": bool(items), "content": content, "empty_title": empty_title, "empty_text": empty_text}
    if values["has_items"] and isinstance(items, Page):
        values.update(pagination(context, items))
    elif isinstance(items, KeysetPage):
        values.update(keyset_pagination(context, items))
    engine = context.template.engine if context.template is not None else template.Engine.get_default()
    return engine.get_template("components/results.html").render(context.new(values))


@register.filter
def markdown(text: str) -> str:
    """Render user Markdown to sanitised HTML."""
    return render_markdown(text)


@register.simple_tag
def filters_summary(form: Any) -> str:
    """The label of a list page's folded filters: "Filtrer", or "Filtrer (2 actifs)" when the
    query string sets some of the form's fields (a phone shows the results first)."""
    data = getattr(form, "data", None) or {}
    active = sum(1 for name in getattr(form, "fields", {}) if any(value.strip() for value in _values(data, name)))
    if not active:
        return gettext("Filtrer")
    return ngettext("Filtrer (%(count)s actif)", "Filtrer (%(count)s actifs)", active) % {"count": active}


def _values(data: Any, name: str) -> list[str]:
    if isinstance(data, QueryDict):
        return [str(value) for value in data.getlist(name)]
    value = data.get(name)
    return [str(value)] if value not in (None, "") else []
