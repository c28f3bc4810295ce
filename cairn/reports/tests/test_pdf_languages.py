"""The state of play's PDF in every language: Dutch and English words run longer than French
ones, and the tables must still fit the page. Each page's text is read back from the PDF
(poppler's ``pdftotext``): every table's column headers and every row with its figures are
found, a table running over pages repeats its header row, and no word lies outside the
page's printable box (A4, 15 mm side margins)."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import formats, translation

from cairn.recommendations.rates import percent
from cairn.recommendations.templatetags.registry_tags import status_label
from cairn.recommendations.tests.registry_fixtures import build_registry
from cairn.reports.models import ReportPdf
from cairn.reports.selectors import pdf_context
from cairn.reports.services import category_analysis_update, edition_publish, report_pdf_request

pytestmark = pytest.mark.django_db

#: The PDF's side margins (``@page`` in reports/pdf.html), in points; and what rounding allows.
SIDE_MARGIN = 15 / 25.4 * 72
TOLERANCE = 1.0


def _poppler(*args: str) -> str:
    if shutil.which("pdftotext") is None:
        # CI installs it (.ci/run): there a missing pdftotext fails instead of skipping.
        (pytest.fail if os.environ.get("CI") else pytest.skip)("pdftotext (poppler-utils) is not installed: apt-get install poppler-utils")
    return subprocess.run(["pdftotext", *args], capture_output=True, text=True, check=True).stdout


def _flat(text: str) -> str:
    """Text as read in the PDF's order, with the lines joined again: a word the hyphenation
    broke (U+2010 at the line's end) is whole, a break after a hyphen keeps the hyphen."""
    text = text.replace("\xa0", " ").replace("\u202f", " ")
    text = re.sub(r"\u2010\s*\n\s*", "", text)
    text = re.sub(r"-\s*\n\s*", "-", text)
    return re.sub(r"\s+", " ", text)


@dataclass
class Table:
    header: str
    rows: list[str]


def _expected_tables(edition: object = None) -> list[Table]:
    """What each of the PDF's tables shows, in the active language: its header row and each
    row with its figures, in the order of the cells."""
    context = pdf_context(edition=edition)
    figures, statuses = context["figures"], context["statuses"]
    status_headers = [status_label(status) for status in statuses]
    tables = []
    if context["charts"].get("trend"):
        header = " ".join([str(translation.gettext("Date")), str(translation.gettext("Total")), *status_headers])
        header += " " + translation.gettext("Taux de réalisation")
        rows = [
            " ".join(
                [
                    formats.date_format(point.on, "SHORT_DATE_FORMAT"),
                    str(point.counts.total),
                    *(str(point.counts.by_status.get(status, 0)) for status in statuses),
                    percent(point.counts.completion_rate),
                ]
            )
            for point in figures.trend
        ]
        tables.append(Table(header, rows))
    names = [n for n in context["chart_order"] if n != "trend" and context["charts"].get(n)] + list(context["table_only"])
    for name in names:
        header = " ".join(
            [
                str(context["column_labels"][name]),
                translation.gettext("Total"),
                *status_headers,
                translation.gettext("Taux de réalisation"),
                translation.gettext("Taux d’engagement"),
            ]
        )
        rows = []
        for row in figures.breakdowns[name]:
            c = row.counts
            label = f"{row.label} ({row.detail})" if row.detail else str(row.label)
            cells = [label, str(c.total), *(str(c.by_status.get(status, 0)) for status in statuses)]
            cells += [f"{percent(c.completion_rate)} ({c.done}/{c.assessed})", f"{percent(c.engagement_rate)} ({c.engaged}/{c.assessed})"]
            rows.append(" ".join(cells))
        tables.append(Table(header, rows))
    return tables


def _pages(pdf: ReportPdf) -> tuple[list[str], list[tuple[float, list[tuple[float, float, str]]]]]:
    """Each page's text in the PDF's order, and each page's width with its words' left and right edges."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(pdf.file.open("rb").read())
        boxes = _poppler("-bbox", str(path), "-")
        pages = []
        for page in re.finditer(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', boxes, re.S):
            words = [
                (float(x_min), float(x_max), word)
                for x_min, x_max, word in re.findall(
                    r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', page[2]
                )
            ]
            pages.append((float(page[1]), words))
        texts = [_flat(_poppler("-raw", "-f", str(n), "-l", str(n), str(path), "-")) for n in range(1, len(pages) + 1)]
    return texts, pages


@pytest.fixture
def registry_with_analyses():  # type: ignore[no-untyped-def]
    registry = build_registry()
    for key, category in registry.categories.items():
        category_analysis_update(
            category=category, text_fr=f"Analyse {key}.", text_nl=f"Analyse {key} NL.", text_en=f"Analysis {key}.", actor=None
        )
    return registry


def _check(pdf: ReportPdf, tables: list[Table]) -> None:
    texts, pages = _pages(pdf)
    assert len(texts) > 2
    for number, (width, words) in enumerate(pages, start=1):
        outside = [word for x_min, x_max, word in words if x_min < SIDE_MARGIN - TOLERANCE or x_max > width - SIDE_MARGIN + TOLERANCE]
        assert not outside, f"{pdf.language}, page {number}: words outside the printable box: {outside[:10]}"
    for table in tables:
        assert table.rows, "every table of the fixture has rows"
        assert any(table.header in text for text in texts), f"{pdf.language}: header not found: {table.header!r}"
        for row in table.rows:
            holding = [text for text in texts if row in text]
            assert holding, f"{pdf.language}: row not found with its figures: {row!r}"
            # On every page the row is on, its table's header row is there too (repeated).
            assert any(table.header in text for text in holding), f"{pdf.language}: {row!r} without its header row"


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_the_state_of_play_pdf_fits_its_tables_in_every_language(
    language: str, registry_with_analyses, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        pdf = report_pdf_request(edition=None, language=language)
    pdf.refresh_from_db()
    assert pdf.state == ReportPdf.State.READY
    with translation.override(language):
        tables = _expected_tables()

    _check(pdf, tables)


def test_an_edition_pdf_in_dutch_fits_its_tables(registry_with_analyses, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    edition = edition_publish(title="Stand van zaken 2024", as_of=datetime.date(2024, 6, 30), actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        pdf = report_pdf_request(edition=edition, language="nl")
    pdf.refresh_from_db()
    assert pdf.state == ReportPdf.State.READY
    with translation.override("nl"):
        tables = _expected_tables(edition)

    _check(pdf, tables)
