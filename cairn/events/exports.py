"""The attendee list as a spreadsheet (CSV or XLSX)."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _safe(value: str) -> str:
    """A cell that starts like a formula is written as text (CSV injection)."""
    return "'" + value if value[:1] in {"=", "+", "-", "@"} else value


def spreadsheet(header: list[str], rows: list[list[str]], *, fmt: str) -> tuple[bytes, str]:
    cleaned = [[_safe(str(cell)) for cell in row] for row in rows]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(cleaned)
        return ("\ufeff" + buffer.getvalue()).encode(), "text/csv; charset=utf-8"
    workbook = Workbook()
    sheet = workbook.create_sheet(title="Inscrits", index=0)
    sheet.append(header)
    for row in cleaned:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), XLSX
