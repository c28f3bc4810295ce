"""The attendee list as a spreadsheet (CSV or XLSX), through ``cairn.core.spreadsheets``:
no name, answer or question opens as a formula."""

from __future__ import annotations

from cairn.core.spreadsheets import XLSX_CONTENT_TYPE, csv_text, xlsx_bytes


def spreadsheet(header: list[str], rows: list[list[str]], *, fmt: str) -> tuple[bytes, str]:
    if fmt == "csv":
        # The byte order mark makes Excel read the file as UTF-8.
        return ("\ufeff" + csv_text(header, rows)).encode(), "text/csv; charset=utf-8"
    return xlsx_bytes([("Inscrits", header, rows)]), XLSX_CONTENT_TYPE
