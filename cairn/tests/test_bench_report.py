"""The benchmark's report: the pass/fail column against 10× ``/healthz``, the CPU time per
page, the README's table (``bench/report.py --markdown``), and its list of pages."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture(scope="module")
def bench() -> Any:
    sys.path.insert(0, str(BENCH))
    try:
        import pages
        import report

        yield type("Bench", (), {"pages": pages, "report": report})
    finally:
        sys.path.remove(str(BENCH))


def _row(name: str, p50: float, cpu: float, *, queries: int = 3, first: int = 3) -> dict[str, Any]:
    return {
        "name": name,
        "path": f"/{name}",
        "member": False,
        "staff": name == "board",
        "p50_ms": p50,
        "p95_ms": p50 * 2,
        "rps": 100.0,
        "sql_queries": queries,
        "sql_queries_first_request": first,
        "sql_ms": 1.0,
        "cpu_ms": cpu,
        "errors": {},
    }


def test_each_page_is_measured_against_ten_times_healthz(bench: Any) -> None:
    rows = [_row("healthz", 4.0, 0.5), _row("fast", 40.0, 4.0), _row("slow", 40.4, 9.0)]
    bench.report.add_ratios(rows, "healthz")
    assert [(r["ratio_p50_to_healthz"], r["ratio_cpu_to_healthz"], r["passes"]) for r in rows] == [
        (1.0, 1.0, True),
        (10.0, 8.0, True),
        (10.1, 18.0, False),
    ]


def test_the_printed_table_has_the_cpu_time_and_the_verdict(bench: Any, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [_row("healthz", 4.0, 0.5), _row("slow", 80.0, 9.0), _row("board", 20.0, 3.0)]
    bench.report.add_ratios(rows, "healthz")
    bench.report.print_table(rows)
    out = capsys.readouterr().out
    assert "CPU ms" in out.splitlines()[0] and "≤ 10×" in out.splitlines()[0]
    slow = next(line for line in out.splitlines() if line.startswith("| slow"))
    assert "9.0" in slow and "20.0" in slow and "FAIL" in slow
    assert "board (staff)" in out
    assert "2 of 3 pages within 10× /healthz; above: slow" in out


def test_the_readme_table_is_written_from_a_runs_json(bench: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A run written before the pass/fail column: the ratios are worked out again.
    results = {"baseline": "healthz", "pages": [_row("healthz", 4.0, 0.5), _row("home", 12.0, 2.0, queries=0, first=4)]}
    path = tmp_path / "run.json"
    path.write_text(json.dumps(results), encoding="utf-8")
    assert bench.report.main(["--markdown", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("| page | path | p50 ms") and lines[0].endswith("| ≤ 10× |")
    assert lines[3] == "| home | `/home` | 12.0 | 24.0 | 100 | 0 (4 first) | 2.0 | 3.0 | pass |"


def test_every_placeholder_of_the_pages_has_its_lookup_and_every_name_is_unique(bench: Any) -> None:
    names = [page.name for page in bench.pages.PAGES]
    assert len(names) == len(set(names))
    used = {name for page in bench.pages.PAGES for name in re.findall(r"{(\w+)}", page.path)}
    assert used == set(bench.pages.PLACEHOLDERS)
    # Hackathons, experiments and the inbox are held to the same bar (issue 18).
    assert {"hackathons", "hackathon", "hackathon-board", "experiments", "experiment-call", "inbox", "inbox-conversation"} <= set(names)
