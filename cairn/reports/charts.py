"""The state of play's charts: SVG drawn on the server by Vega-Lite (altair + vl-convert,
docs/decisions/0004-charts.md), the same markup in the page and in the PDF.

Each chart is built from a ``Figures`` (never from its own query), carries a ``<title>``
and a ``<desc>`` for screen readers, and sits beside its data table, which is the
accessible equivalent. Rendering costs tens of milliseconds, so every SVG is cached under
a hash of its specification: the same data never renders twice.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cairn.core.stamps import cached
from cairn.recommendations.models import Status
from cairn.recommendations.rates import STATUS_KEYS
from cairn.reports.figures import Figures, Row

#: One colour per status, distinct for colour-blind readers and ≥ 3:1 against white.
STATUS_COLOURS = {
    Status.DONE: "#1b7a3a",
    Status.IN_PROGRESS: "#1f5fbf",
    Status.NOT_DONE: "#b35900",
    Status.REJECTED: "#b3261e",
    Status.POSTPONED: "#6b3fa0",
    Status.NOT_ASSESSED: "#767676",
}
CHART_WIDTH = 640
#: Bars beyond this many rows are left to the table (a chart of 300 groups reads as noise).
MAX_BARS = 30
CHART_TTL = 24 * 3600


@dataclass(frozen=True)
class Chart:
    """An SVG and what it shows, for the page and the PDF."""

    key: str
    title: str
    description: str
    svg: SafeString


def _status_label(key: str) -> str:
    return str(Status(key).label)


def _config() -> dict[str, Any]:
    # No ARIA inside the drawing: the <svg> as a whole is an image with a title and a
    # description, and the table beside it is the accessible equivalent.
    return {
        "aria": False,
        # Liberation Sans has Arial's metrics: the renderer measures labels with it, and a
        # reader's Arial or Helvetica takes the same room (a wider font would be clipped).
        "font": "Liberation Sans, Arial, Helvetica, sans-serif",
        "padding": 8,
        "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelLimit": 220},
        "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "columns": 3},
        "view": {"stroke": None},
        "background": "white",
    }


def _status_scale() -> dict[str, Any]:
    return {
        "domain": [_status_label(key) for key in STATUS_KEYS],
        "range": [STATUS_COLOURS[Status(key)] for key in STATUS_KEYS],
    }


def _render(spec: dict[str, Any], *, title: str, description: str) -> SafeString:
    """The SVG of a Vega-Lite ``spec``, with its title and description, from the cache
    when this exact chart was drawn before."""
    spec = {**spec, "config": _config(), "$schema": "https://vega.github.io/schema/vega-lite/v6.json"}
    digest = hashlib.sha256(json.dumps([spec, title, description], sort_keys=True, default=str).encode()).hexdigest()[:32]

    def draw() -> str:
        import vl_convert

        return _accessible(vl_convert.vegalite_to_svg(spec), digest=digest[:10], title=title, description=description)

    svg = cached("chart", digest, ttl=CHART_TTL, compute=draw)
    # The SVG is built from our own specification; every text in it (labels from the
    # registry) was escaped by the renderer as XML text.
    return mark_safe(svg)


_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")
_INNER_ARIA = re.compile(r'\s(?:role|aria-roledescription|aria-label|aria-hidden)="[^"]*"')


def _accessible(svg: str, *, digest: str, title: str, description: str) -> str:
    """``role="img"``, a ``<title>`` and a ``<desc>`` on the root; a scalable width."""
    title_id, desc_id = f"chart-{digest}-title", f"chart-{digest}-desc"
    match = _SVG_OPEN.search(svg)
    if match is None:  # pragma: no cover - vl-convert always writes an <svg> root
        return svg
    attributes = re.sub(r'\s(width|height|class)="[^"]*"', "", match.group(1))
    opening = (
        f'<svg{attributes} role="img" aria-labelledby="{title_id} {desc_id}" class="chart__svg" focusable="false">'
        f'<title id="{title_id}">{escape(title)}</title><desc id="{desc_id}">{escape(description)}</desc>'
    )
    # Vega still marks its containers up as graphics objects; inside an image they are noise.
    inner = _INNER_ARIA.sub("", svg[match.end() :])
    return svg[: match.start()] + opening + inner


def stacked_bars(rows: list[Row], *, key: str, title: str, description: str) -> Chart:
    """Recommendations by status, one horizontal stacked bar per row."""
    shown = rows[:MAX_BARS]
    values = [
        {"label": _short(row.label, row.detail), "status": _status_label(status), "order": index, "n": row.counts.by_status[status]}
        for row in shown
        for index, status in enumerate(STATUS_KEYS)
        if row.counts.by_status[status]
    ]
    order = [_short(row.label, row.detail) for row in shown]
    spec = {
        "data": {"values": values},
        "mark": {"type": "bar"},
        "width": CHART_WIDTH - 220,
        "height": {"step": 22},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": order, "title": None},
            "x": {"field": "n", "type": "quantitative", "stack": "zero", "title": _("Recommandations")},
            "color": {"field": "status", "type": "nominal", "scale": _status_scale(), "title": _("État d’avancement")},
            "order": {"field": "order", "type": "quantitative"},
        },
    }
    return Chart(key=key, title=title, description=description, svg=_render(spec, title=title, description=description))


def completion_bars(rows: list[Row], *, key: str, title: str, description: str) -> Chart:
    """Completion rate per row (rows without an assessed recommendation are left out)."""
    shown = [row for row in rows if row.counts.completion_rate is not None][:MAX_BARS]
    values = [
        {"label": _short(row.label, row.detail), "rate": round(100 * (row.counts.completion_rate or 0), 1), "done": row.counts.done}
        for row in shown
    ]
    spec = {
        "data": {"values": values},
        "mark": {"type": "bar", "color": STATUS_COLOURS[Status.DONE]},
        "width": CHART_WIDTH - 220,
        "height": {"step": 22},
        "encoding": {
            "y": {"field": "label", "type": "nominal", "sort": [v["label"] for v in values], "title": None},
            "x": {"field": "rate", "type": "quantitative", "scale": {"domain": [0, 100]}, "title": _("Taux de réalisation (%)")},
        },
    }
    return Chart(key=key, title=title, description=description, svg=_render(spec, title=title, description=description))


def trend_lines(data: Figures, *, key: str, title: str, description: str) -> Chart:
    """Counts by status at each month's end, one line per status."""
    values = [
        {"on": point.on.isoformat(), "status": _status_label(status), "n": point.counts.by_status[status]}
        for point in data.trend
        for status in STATUS_KEYS
    ]
    spec = {
        "data": {"values": values},
        "mark": {"type": "line", "point": len(data.trend) <= 24},
        "width": CHART_WIDTH - 60,
        "height": 220,
        "encoding": {
            "x": {"field": "on", "type": "temporal", "title": None, "axis": {"format": "%m/%Y"}},
            "y": {"field": "n", "type": "quantitative", "title": _("Recommandations")},
            "color": {"field": "status", "type": "nominal", "scale": _status_scale(), "title": _("État d’avancement")},
        },
    }
    return Chart(key=key, title=title, description=description, svg=_render(spec, title=title, description=description))


def _short(label: str, detail: str) -> str:
    text = f"{label} ({detail})" if detail else label
    return text if len(text) <= 48 else text[:47] + "…"


def dashboard_charts(data: Figures) -> dict[str, Chart]:
    """The four charts of the dashboard and the PDF: kept together in the cache every
    process shares too (one entry for the four, under the figures they draw and the
    language), so a restart or another worker draws nothing again."""
    digest = hashlib.sha256(json.dumps(data.as_dict(), sort_keys=True, default=str).encode()).hexdigest()[:32]
    return cached("charts", digest, get_language(), ttl=CHART_TTL, compute=lambda: _draw_charts(data), shared=True)


def _draw_charts(data: Figures) -> dict[str, Chart]:
    overall = data.overall
    charts = {
        "category": stacked_bars(
            data.breakdowns["category"],
            key="category",
            title=_("État d’avancement par grande thématique"),
            description=_("Barres empilées : pour chaque grande thématique, le nombre de recommandations dans chaque état."),
        ),
        "cycle": stacked_bars(
            data.breakdowns["cycle"],
            key="cycle",
            title=_("État d’avancement par cycle"),
            description=_("Barres empilées : pour chaque cycle, le nombre de recommandations dans chaque état."),
        ),
        "group": completion_bars(
            data.breakdowns["group"],
            key="group",
            title=_("Taux de réalisation par groupe de travail"),
            description=_("Barres : pour chaque groupe de travail, la part des recommandations évaluées qui sont réalisées."),
        ),
    }
    if data.trend:
        charts["trend"] = trend_lines(
            data,
            key="trend",
            title=_("Évolution mois par mois"),
            description=_(
                "Courbes : à la fin de chaque mois, le nombre de recommandations dans chaque état (%(total)s en tout aujourd’hui)."
            )
            % {"total": overall.total},
        )
    return charts
