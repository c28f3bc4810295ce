"""Background work of the state of play: building a PDF, building the open-data files."""

from __future__ import annotations

from django.tasks import task

from cairn.core.lanes import BULK


@task()
def build_report_pdf(*, pdf_id: int) -> str:
    """Build the PDF ``pdf_id`` if it is not built yet (a re-run does nothing)."""
    from cairn.reports.services import report_pdf_build

    return report_pdf_build(pdf_id=pdf_id)


@task(queue_name=BULK)
def build_export(*, export_id: int) -> str:
    """Build the open-data file ``export_id`` if nobody has (a re-run does nothing)."""
    from cairn.reports.services import export_build

    return export_build(export_id=export_id)


@task(queue_name=BULK)
def refresh_exports() -> int:
    """After a change of the data: queue the files people use, for the new data."""
    from cairn.reports.services import exports_refresh

    return exports_refresh()


def queue_refresh_exports() -> None:
    """What a change of the registry calls once its transaction commits (``apps.py``):
    queue a refresh unless one is already waiting (ten minutes at most, if no worker runs)."""
    from cairn.reports.services import exports_refresh_claim

    if exports_refresh_claim():
        refresh_exports.enqueue()
