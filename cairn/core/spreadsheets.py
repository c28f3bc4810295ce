"""Write CSV and XLSX files that are safe to open in a spreadsheet.

Every CSV or XLSX Cairn hands out (the state of play's open data, an event's attendee
list) is written here. A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is a formula to Excel, LibreOffice and Google Sheets ("CSV injection"):
a title such as ``=HYPERLINK("https://…","Cliquez")`` would run in the reader's
spreadsheet. ``safe_cell`` writes such text after an apostrophe, as OWASP advises, in
every cell — headers included; numbers stay numbers. In an XLSX every text cell is
also written as a string, so openpyxl never takes one for a formula (``=…``) or an error
value (``#N/A``), and characters XML cannot hold are dropped instead of failing the file.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Cell = str | int | float | Decimal | datetime.date | None


def safe_cell(value: object) -> Cell:
    """``value`` as a cell: None stays empty, numbers and dates keep their type, anything
    else is text, after an apostrophe when it would start a formula."""
    if value is None or (isinstance(value, (int, float, Decimal, datetime.date)) and not isinstance(value, bool)):
        return value  # type: ignore[return-value]
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[object], rows: Iterable[Sequence[object]], *, lineterminator: str = "\r\n") -> str:
    """A CSV of ``header`` then ``rows``, every cell through ``safe_cell``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=lineterminator)
    for row in _with_header(header, rows):
        writer.writerow(["" if cell is None else cell for cell in map(safe_cell, row)])
    return out.getvalue()


def xlsx_bytes(sheets: Iterable[tuple[str, Sequence[object], Iterable[Sequence[object]]]]) -> bytes:
    """An XLSX workbook with one sheet per ``(title, header, rows)``, written as it goes."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title)
        for row in _with_header(header, rows):
            cells = []
            for value in map(safe_cell, row):
                if isinstance(value, str):
                    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
                    cell.data_type = "s"  # text, whatever openpyxl would have guessed
                else:
                    cell = WriteOnlyCell(sheet, value=value)
                cells.append(cell)
            sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _with_header(header: Sequence[object], rows: Iterable[Sequence[object]]) -> Iterable[Sequence[object]]:
    yield header
    yield from rows
