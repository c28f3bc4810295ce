"""Peak memory and time of building the state of play's PDF for a large registry.

    uv run python bench/pdf_memory.py                          # 20,000 recommendations
    uv run python bench/pdf_memory.py --recommendations 2000

A fresh Python process migrates a SQLite database in a temporary folder, writes
``--recommendations`` public recommendations (40 themes of one cycle, a working group
each, one published assessment in three) through ``recommendation_create_many``, then
builds today's French PDF exactly as the worker does (``services.report_pdf_build``). It
prints the process's resident memory before the build (Python, Django, the seeded
registry's objects freed) and its peak during it, the time and the PDF's size. The goal
of issue 18 is a peak under 500 MB at 20,000 recommendations.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_MB = 500


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _seed(count: int) -> None:
    import datetime

    from django.utils import timezone

    from cairn.recommendations.factories import CycleFactory, ThemeFactory, WorkingGroupFactory
    from cairn.recommendations.models import Assessment, Recommendation, Status
    from cairn.recommendations.services.recommendations import NewRecommendation, recommendation_create_many

    cycle = CycleFactory(starts_on=datetime.date(2022, 1, 1))
    themes = [ThemeFactory(cycle=cycle) for _ in range(40)]
    groups = [WorkingGroupFactory(theme=theme) for theme in themes]
    per_theme = -(-count // len(themes))
    for theme, group in zip(themes, groups, strict=True):
        items = [
            NewRecommendation(theme=theme, number=str(n + 1), title=f"Recommandation {n + 1} du thème {theme.code}", groups=[group])
            for n in range(per_theme)
        ]
        recommendation_create_many(actor=None, recommendations=items)
    published = timezone.now()
    ids = list(Recommendation.objects.order_by("pk").values_list("pk", flat=True)[:count])
    Recommendation.objects.exclude(pk__in=ids).delete()
    Assessment.objects.bulk_create(
        [
            Assessment(recommendation_id=pk, status=Status.IN_PROGRESS, effective_date=datetime.date(2023, 3, 1), published_at=published)
            for pk in ids[::3]
        ],
        batch_size=1000,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/pdf_memory.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--recommendations", type=int, default=20_000)
    options = parser.parse_args(argv)

    folder = tempfile.mkdtemp(prefix="cairn-pdf-bench-")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "cairn.settings",
            "CAIRN_DATA_DIR": folder,
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "CAIRN_PLAIN_HTTP": "true",
            "LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    _seed(options.recommendations)
    seeded = time.monotonic() - started

    import gc

    from cairn.reports.models import ReportPdf
    from cairn.reports.services import report_pdf_build, report_pdf_request

    gc.collect()
    before, peak_before = _rss_mb(), _peak_mb()
    pdf = report_pdf_request(edition=None, language="fr")
    started = time.monotonic()
    report_pdf_build(pdf_id=pdf.pk)
    built = time.monotonic() - started
    pdf = ReportPdf.objects.get(pk=pdf.pk)
    peak = _peak_mb()
    print(f"recommendations        {options.recommendations:>10,}")
    print(f"seeding                {seeded:>10.1f} s")
    print(f"resident before build  {before:>10.0f} MB (peak so far {peak_before:.0f} MB)")
    print(f"peak during the build  {peak:>10.0f} MB   goal < {GOAL_MB} MB: {'pass' if peak < GOAL_MB else 'FAIL'}")
    from pypdf import PdfReader

    pages = len(PdfReader(pdf.file.open("rb")).pages) if pdf.state == ReportPdf.State.READY else 0
    print(f"build                  {built:>10.1f} s, {pdf.size / 1e6:.1f} MB, {pages:,} pages, state {pdf.state}")
    return 0 if peak < GOAL_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
