"""The figures and the list as files: CSV, XLSX and JSON, with stable column names
(docs/figures.md). Every number comes from ``cairn.reports.figures``; every CSV and XLSX
cell goes through ``cairn.core.spreadsheets``, so no title opens as a formula."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from cairn.core.spreadsheets import csv_text, xlsx_bytes
from cairn.core.translation import shown_in, text_in
from cairn.recommendations.rates import STATUS_KEYS, StatusCounts
from cairn.reports.chronology import CycleBlock
from cairn.reports.figures import BREAKDOWNS, Figures

#: The columns of the figures table, in order (CSV header, XLSX sheets).
FIGURE_COLUMNS: tuple[str, ...] = (
    "breakdown",
    "key",
    "label",
    "total",
    *STATUS_KEYS,
    "assessed",
    "engaged",
    "completion_rate",
    "engagement_rate",
)
#: The columns of the full list.
LIST_COLUMNS: tuple[str, ...] = (
    "reference",
    "cycle",
    "country",
    "theme",
    "groups",
    "number",
    "title",
    "kind",
    "status",
    "status_date",
    "public_comment",
    "theme_language",
)


def _counts_cells(counts: StatusCounts) -> list[Any]:
    data = counts.as_dict()
    return [
        data["total"],
        *(data["by_status"][key] for key in STATUS_KEYS),
        data["assessed"],
        data["engaged"],
        data["completion_rate"],
        data["engagement_rate"],
    ]


def figure_rows(data: Figures, *, breakdowns: Iterable[str] = ("all", *BREAKDOWNS)) -> Iterator[list[Any]]:
    """Rows of the figures table: ``all`` first (key and label empty), then every breakdown."""
    for name in breakdowns:
        if name == "all":
            yield ["all", "", "", *_counts_cells(data.overall)]
        else:
            for row in data.breakdowns[name]:
                yield [name, row.key, row.label, *_counts_cells(row.counts)]


def figures_csv(data: Figures) -> str:
    return csv_text(FIGURE_COLUMNS, figure_rows(data), lineterminator="\n")


def figures_json(data: Figures) -> str:
    return json.dumps(data.as_dict(), ensure_ascii=False, indent=2) + "\n"


def list_rows(cycles: list[CycleBlock]) -> Iterator[list[Any]]:
    for cycle in cycles:
        for theme in cycle.themes:
            for group in theme.groups:
                for rec in group.recommendations:
                    status_date = getattr(rec, "status_date", None)
                    yield [
                        rec.reference,
                        cycle.cycle.name,
                        cycle.cycle.country,
                        text_in(theme.theme, "title"),
                        group.label,
                        rec.number,
                        rec.title,
                        rec.kind,
                        rec.status,  # type: ignore[attr-defined]  # an annotation
                        status_date.isoformat() if status_date else "",
                        getattr(rec, "public_comment", "") or "",
                        shown_in(theme.theme, "title").language,
                    ]


def list_csv(cycles: list[CycleBlock]) -> str:
    return csv_text(LIST_COLUMNS, list_rows(cycles), lineterminator="\n")


def figures_xlsx(data: Figures, cycles: list[CycleBlock] | None = None) -> bytes:
    """One sheet per breakdown (and ``all``); with ``cycles``, a ``recommendations`` sheet."""
    sheets = [(name, FIGURE_COLUMNS, figure_rows(data, breakdowns=[name])) for name in ("all", *BREAKDOWNS)]
    if cycles is not None:
        sheets.append(("recommendations", LIST_COLUMNS, list_rows(cycles)))
    return xlsx_bytes(sheets)
