"""A long state of play is laid out in parts (``PDF_PART_LINES`` lines of the annex each)
so a worker's memory holds one part at a time; the parts make one PDF, numbered across
them, with every line of the annex in order and the first part's title and language.

``bench/pdf_memory.py`` measures the memory at 20,000 recommendations; here parts of two
lines make the small registry of the fixtures a PDF of several parts.
"""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from cairn.recommendations.tests.registry_fixtures import build_registry
from cairn.reports import services
from cairn.reports.models import ReportPdf
from cairn.reports.selectors import AnnexRow, pdf_context

pytestmark = pytest.mark.django_db


def _row(theme: str, number: int) -> AnnexRow:
    return AnnexRow(
        reference=f"{theme}/{number:02}", title="Titre", cycle="2019-2020", theme=theme, groups="Liège", status="done", public_comment=""
    )


def test_parts_end_with_a_theme_when_one_ends_within_half_a_part(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services, "PDF_PART_LINES", 4)
    rows = [_row("A", n) for n in range(5)] + [_row("B", n) for n in range(2)] + [_row("C", n) for n in range(9)]

    parts = [[row.reference for row in part] for part in services._annex_parts(rows)]

    assert parts == [
        [f"A/{n:02}" for n in range(5)],  # theme A ends within half a part more: kept whole
        ["B/00", "B/01", "C/00", "C/01", "C/02", "C/03"],  # C runs on: cut at one and a half parts
        [f"C/{n:02}" for n in range(4, 9)],
    ]
    assert list(services._annex_parts([])) == [[]]  # the cover and the figures, with no line


def test_a_pdf_in_parts_holds_every_line_in_order_numbered_across_the_parts(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    build_registry()
    monkeypatch.setattr(services, "PDF_PART_LINES", 2)
    with translation.override("nl"):
        rows = pdf_context()["rows"]
    assert len(list(services._annex_parts(rows))) >= 3

    with django_capture_on_commit_callbacks(execute=True):
        pdf = services.report_pdf_request(edition=None, language="nl")
    pdf.refresh_from_db()
    assert pdf.state == ReportPdf.State.READY, pdf.error

    reader = PdfReader(io.BytesIO(pdf.file.open("rb").read()))
    texts = [page.extract_text() for page in reader.pages]
    total = len(texts)
    assert not texts[0].rstrip().endswith(f"/ {total}")  # the cover has no number
    for number, text in enumerate(texts[1:], start=2):
        assert text.rstrip().endswith(f"{number} / {total}"), f"page {number}: {text[-60:]!r}"
    whole = "\n".join(texts)
    positions = [whole.find(row.reference) for row in rows]
    assert -1 not in positions, [row.reference for row, at in zip(rows, positions, strict=True) if at == -1]
    assert positions == sorted(positions)
    assert whole.count("Bijlage: de aanbevelingen in chronologische volgorde") == 1
    assert reader.metadata is not None and reader.metadata.title is not None
    assert reader.metadata.title.startswith("Stand van zaken")
    assert reader.root_object["/Lang"] == "nl"
