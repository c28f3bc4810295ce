"""The report: the table of pages, the slowest query of each, the registration burst,
printed after the run (the same figures go to ``bench/results/``).

    uv run python bench/report.py                       # the last run's report again
    uv run python bench/report.py --markdown            # the README's table, from bench/results/latest.json
    uv run python bench/report.py --markdown results/20261206T120000Z.json
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

import common

#: Every page's p50 must be at most this many times ``/healthz``'s p50 of the same run
#: (issue 18), cached or not.
RATIO_BAR = 10.0


def add_ratios(rows: list[dict[str, Any]], baseline_name: str) -> None:
    """Each row's p50 and in-process CPU time as multiples of the baseline's (``/healthz``)
    in the same run, and whether the p50's multiple passes ``RATIO_BAR``."""
    baseline = next(row for row in rows if row["name"] == baseline_name)
    for row in rows:
        p50, cpu = row.get("p50_ms"), row.get("cpu_ms")
        row["ratio_p50_to_healthz"] = round(p50 / baseline["p50_ms"], 1) if p50 and baseline.get("p50_ms") else None
        row["ratio_cpu_to_healthz"] = round(cpu / baseline["cpu_ms"], 1) if cpu and baseline.get("cpu_ms") else None
        ratio = row["ratio_p50_to_healthz"]
        row["passes"] = None if ratio is None else ratio <= RATIO_BAR


def verdict(row: dict[str, Any]) -> str:
    return "—" if row.get("passes") is None else "pass" if row["passes"] else "FAIL"


def fmt(value: float, digits: int = 1) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:,.{digits}f}"


def print_table(rows: list[dict[str, Any]]) -> None:
    header = [
        "page",
        "path",
        "p50 ms",
        "p95 ms",
        "req/s",
        "SQL q/req",
        "SQL ms",
        "CPU ms",
        "× healthz p50",
        "× healthz CPU",
        "≤ 10×",
        "errors",
    ]
    lines = [
        [
            row["name"] + (" (member)" if row["member"] else " (staff)" if row.get("staff") else " (token)" if row.get("token") else ""),
            row["path"],
            fmt(row["p50_ms"]),
            fmt(row["p95_ms"]),
            fmt(row["rps"], 0),
            str(row["sql_queries"]),
            fmt(row["sql_ms"]),
            fmt(row.get("cpu_ms")),
            fmt(row["ratio_p50_to_healthz"]),
            fmt(row.get("ratio_cpu_to_healthz")),
            verdict(row),
            str(sum(row["errors"].values())),
        ]
        for row in rows
    ]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    right = {2, 3, 4, 5, 6, 7, 8, 9, 11}

    def render(cells: list[str]) -> str:
        return (
            "| " + " | ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))) + " |"
        )

    print(render(header))
    print("| " + " | ".join(("-" * (w - 1) + ":") if i in right else "-" * w for i, w in enumerate(widths)) + " |")
    for line in lines:
        print(render(line))
    failing = [row["name"] for row in rows if row.get("passes") is False]
    print(
        f"\n{len(rows) - len(failing)} of {len(rows)} pages within {RATIO_BAR:g}× /healthz"
        + (f"; above: {', '.join(failing)}" if failing else "")
    )


def markdown_table(results: dict[str, Any]) -> str:
    """The README's table (its "Benchmarks" section) from a run's results."""
    rows = results["pages"]
    if "passes" not in rows[0]:  # a run written before the pass/fail column
        add_ratios(rows, results.get("baseline", "healthz"))
    out = [
        f"| page | path | p50 ms | p95 ms | req/s | SQL queries | CPU ms | × `/healthz` p50 | ≤ {RATIO_BAR:g}× |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |",
    ]
    for row in rows:
        who = " (member)" if row["member"] else " (staff)" if row.get("staff") else ""
        queries = str(row["sql_queries"])
        if row["sql_queries_first_request"] != row["sql_queries"]:
            queries += f" ({row['sql_queries_first_request']} first)"
        out.append(
            f"| {row['name']}{who} | `{row['path']}` | {fmt(row['p50_ms'])} | {fmt(row['p95_ms'])} | {fmt(row['rps'], 0)} | "
            f"{queries} | {fmt(row.get('cpu_ms'))} | {fmt(row['ratio_p50_to_healthz'])} | {verdict(row)} |"
        )
    return "\n".join(out)


def print_notes(rows: list[dict[str, Any]]) -> None:
    if any(row["slowest_query"] for row in rows):
        print("\nSlowest SQL query of each page (steady state, measured in-process):")
    for row in rows:
        slowest = row["slowest_query"]
        if slowest:
            sql = " ".join(slowest["sql"].split())
            print(f"  {row['name']:<18} {slowest['ms']:>7.1f} ms  {sql[:150]}{'…' if len(sql) > 150 else ''}")
    for row in rows:
        if row["sql_queries_first_request"] != row["sql_queries"]:
            print(
                f"  note: {row['name']} makes {row['sql_queries_first_request']} queries ({row['sql_ms_first_request']:.1f} ms of SQL) "
                f"on its first request in a fresh process, {row['sql_queries']} after (a cache or a per-process lookup warms up)."
            )
        if row["errors"]:
            print(f"  ERRORS on {row['name']}: {dict(row['errors'])}")


def print_report(results: dict[str, Any], path: Path) -> None:
    """The heading, the table, the notes and the burst, from what ``results`` records."""
    database, server, load, burst = results["database"], results["server"], results["load"], results["registration_burst"]
    seed = f"seeded in {database['seed_s']:.1f} s" if database.get("seed_s") is not None else "reused database"
    print()
    print(
        f"Cairn bench — scale {results['scale']} ({database['profiles']:,} profiles, {seed}), PostgreSQL {database['server_version']}, "
        f"{results['machine']['cores']} cores; cairn serve: {server['workers']} workers × {server['threads_per_worker']} threads, "
        f"cache {server['cache']}; load: {load['concurrency']} connections, {load['duration_s']:g} s per page after {load['warmup_s']:g} s warm-up"
    )
    print()
    print_table(results["pages"])
    print_notes(results["pages"])
    if burst is not None:
        print(
            f"\nRegistration burst over HTTP: {burst['clients']} members at once for one event of {burst['capacity']} seats → "
            f"confirmed {burst['confirmed']} (= capacity: {'yes' if burst['confirmed'] == burst['capacity'] else 'NO'}), "
            f"waitlisted {burst['waitlisted']}, seat counter {burst['counter']}, responses {burst['responses']}, "
            f"errors {burst['errors']}, {burst['seconds']} s"
        )
    shown = path.relative_to(common.REPO) if path.is_relative_to(common.REPO) else path
    print(f"\nWrote {shown} and bench/results/latest.json — total run time {results['total_s']:.0f} s.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/report.py", description="Print a benchmark run's report again, or its README table.")
    parser.add_argument(
        "results", nargs="?", type=Path, default=common.RESULTS / "latest.json", help="a run's JSON (default: the last run)"
    )
    parser.add_argument("--markdown", action="store_true", help="print the table in the README's Markdown form")
    args = parser.parse_args(argv)
    if not args.results.exists():
        parser.error(f"{args.results} does not exist: run bench/run.py first")
    results = json.loads(args.results.read_text(encoding="utf-8"))
    if args.markdown:
        print(markdown_table(results))
    else:
        print_report(results, args.results.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
