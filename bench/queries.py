"""Each page's SQL queries, counted and timed in the benchmark process with Django's test
client, against the same database and with the same sessions as the load; and the CPU time
the process spends building each page, which other work on the machine barely moves."""

from __future__ import annotations

import statistics
import time
from typing import Any

from load import Target
from server import HOST, PROXY_HEADERS

#: Steady-state requests whose CPU time is measured per page (the median is reported).
CPU_REQUESTS = 5


def count_queries(
    targets: list[Target], session_key: str, staff_session_key: str, cpu_requests: int = CPU_REQUESTS
) -> dict[str, dict[str, Any]]:
    """Each page twice through Django's test client against the same database, with the
    same member session: the second request is the steady state (caches warm), the first
    is what a fresh process pays. Then ``cpu_requests`` more, each timed with
    ``time.process_time()``: the CPU this process spends on one request (SQL client side,
    Python, templates), the median of them. Unlike the p50 under load it hardly moves when
    other processes share the cores, so a regression shows on a busy machine too."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    headers = {**PROXY_HEADERS, "Host": HOST}
    anonymous = Client(headers=headers)
    member = Client(headers=headers)
    member.cookies[settings.SESSION_COOKIE_NAME] = session_key
    staff = Client(headers=headers)
    staff.cookies[settings.SESSION_COOKIE_NAME] = staff_session_key
    counts: dict[str, dict[str, Any]] = {}
    for target in targets:
        client = staff if target.page.staff else member if target.page.member else anonymous
        # A personal access token rides in its header (``Page.token``), not on a session.
        token_header = {"Authorization": target.headers["Authorization"]} if "Authorization" in target.headers else {}
        runs = []
        for _ in range(2):
            # connection.queries keeps times to the millisecond only; time each execute here.
            durations: list[float] = []

            def timed(execute: Any, sql: str, params: Any, many: bool, context: Any, durations: list[float] = durations) -> Any:
                started = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    durations.append(time.perf_counter() - started)

            with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timed):
                response = client.get(target.path, headers=token_header)
            if response.status_code != target.page.status:
                raise SystemExit(f"bench: in-process GET {target.path} answered {response.status_code}, expected {target.page.status}")
            runs.append(_timed_queries(captured.captured_queries, durations))
        first, steady = runs
        cpu = []
        for _ in range(cpu_requests):
            started = time.process_time()
            client.get(target.path)
            cpu.append(time.process_time() - started)
        slowest = max(steady, key=lambda q: q["ms"], default=None)
        counts[target.page.name] = {
            "sql_queries": len(steady),
            "sql_queries_first_request": len(first),
            "sql_ms": round(sum(q["ms"] for q in steady), 2),
            "sql_ms_first_request": round(sum(q["ms"] for q in first), 2),
            "cpu_ms": round(statistics.median(cpu) * 1000, 2) if cpu else None,
            "slowest_query": slowest,
            "queries": steady,
        }
    return counts


#: Statements Django sends without the execute wrappers (``transaction.atomic`` outside
#: a transaction: the shared cache's writes); the capture still lists them.
_TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK")


def _timed_queries(captured: list[dict[str, Any]], durations: list[float]) -> list[dict[str, Any]]:
    """Each captured query with its time: the wrapper's, in the order they ran, or for a
    transaction's control statement the capture's own (to the millisecond)."""
    timings = iter(durations)
    rows = []
    for query in captured:
        control = query["sql"].strip().upper() in _TRANSACTION_CONTROL
        timed = None if control else next(timings, None)
        # A query the wrapper did not see (another cursor path): the capture's own timing.
        ms = float(query["time"]) * 1000 if timed is None else timed * 1000
        rows.append({"ms": round(ms, 2), "sql": query["sql"]})
    return rows
