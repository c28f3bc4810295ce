"""The report: the table of pages, the slowest query of each, the registration burst,
printed after the run (the same figures go to ``bench/results/``)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import common


def fmt(value: float, digits: int = 1) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:,.{digits}f}"


def print_table(rows: list[dict[str, Any]]) -> None:
    header = ["page", "path", "p50 ms", "p95 ms", "req/s", "SQL q/req", "SQL ms", "× healthz p50", "errors"]
    lines = [
        [
            row["name"] + (" (member)" if row["member"] else " (token)" if row.get("token") else ""),
            row["path"],
            fmt(row["p50_ms"]),
            fmt(row["p95_ms"]),
            fmt(row["rps"], 0),
            str(row["sql_queries"]),
            fmt(row["sql_ms"]),
            fmt(row["ratio_p50_to_healthz"]),
            str(sum(row["errors"].values())),
        ]
        for row in rows
    ]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    right = {2, 3, 4, 5, 6, 7, 8}

    def render(cells: list[str]) -> str:
        return (
            "| " + " | ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))) + " |"
        )

    print(render(header))
    print("| " + " | ".join(("-" * (w - 1) + ":") if i in right else "-" * w for i, w in enumerate(widths)) + " |")
    for line in lines:
        print(render(line))


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
    print(f"\nWrote {path.relative_to(common.REPO)} and bench/results/latest.json — total run time {results['total_s']:.0f} s.")
