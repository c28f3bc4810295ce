"""The figures and the list as files: CSV, XLSX and JSON, with stable column names
(docs/figures.md). Every number comes from ``cairn.reports.figures``."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from cairn.recommendations.rates import STATUS_KEYS, StatusCounts
from cairn.reports.figures import BREAKDOWNS, CycleBlock, Figures

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


def _csv(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return out.getvalue()


def figures_csv(data: Figures) -> str:
    return _csv(FIGURE_COLUMNS, figure_rows(data))


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
                        theme.theme.title,
                        group.label,
                        rec.number,
                        rec.title,
                        rec.kind,
                        rec.status,  # type: ignore[attr-defined]  # an annotation
                        status_date.isoformat() if status_date else "",
                        getattr(rec, "public_comment", "") or "",
                    ]


def list_csv(cycles: list[CycleBlock]) -> str:
    return _csv(LIST_COLUMNS, list_rows(cycles))


def figures_xlsx(data: Figures, cycles: list[CycleBlock] | None = None) -> bytes:
    """One sheet per breakdown (and ``all``); with ``cycles``, a ``recommendations`` sheet."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for name in ("all", *BREAKDOWNS):
        sheet = workbook.create_sheet(title=name)
        sheet.append(list(FIGURE_COLUMNS))
        for row in figure_rows(data, breakdowns=[name]):
            sheet.append(row)
    if cycles is not None:
        sheet = workbook.create_sheet(title="recommendations")
        sheet.append(list(LIST_COLUMNS))
        for row in list_rows(cycles):
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
