"""Background work of the state of play: building a PDF."""

from __future__ import annotations

from django.tasks import task


@task()
def build_report_pdf(*, pdf_id: int) -> str:
    """Build the PDF ``pdf_id`` if it is not built yet (a re-run does nothing)."""
    from cairn.reports.services import report_pdf_build

    return report_pdf_build(pdf_id=pdf_id)


@task()
def rebuild_open_data() -> str:
    """Build the open-data files again (a re-run builds the same files)."""
    from cairn.reports.opendata import build_public_files

    return build_public_files()
