"""Cairn's load benchmark: the production server on a seeded PostgreSQL, page by page.

    uv run python bench/run.py                 # the full run: 300,000 members (large)
    uv run python bench/run.py --scale small   # a quick check of the machinery
    uv run python bench/run.py --help

Steps: (re)create the ``cairn_bench`` database, migrate, seed (timed), ``VACUUM
ANALYZE``; collect static files into a temporary folder; start ``cairn serve`` (gunicorn)
on a free loopback port with production settings; sign the demo member in through the
login form; count each page's SQL queries in-process with Django's test client; then load
each page over keep-alive HTTP connections at fixed concurrency and print p50, p95,
requests per second, queries per request, the in-process CPU time per request, the ratio
of each p50 to ``/healthz``'s p50 from the same run and whether it passes the bar (≤ 10×). The table is also written to ``bench/results/<timestamp>.json`` and
``bench/results/latest.json``. The pages are listed in ``bench/pages.py``.

Each job has its module next to this one: ``database.py`` (create, migrate, seed),
``server.py`` (``cairn serve`` behind the simulated TLS proxy), ``sessions.py`` (the
member's and the coordinator's sessions), ``load.py`` (the load generator), ``queries.py``
(SQL queries in-process), ``registration_burst.py`` and ``report.py`` (table and notes).
This file reads the options and runs the steps in order.

The load generator is plain Python (threads + ``http.client``): no dependency to add,
and at the rates a 2-core box reaches it needs far less CPU than the server it measures.
It shares the machine with the server, so absolute figures are pessimistic; compare
ratios measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import common
from common import step
from database import MEMBERS_AT_SCALE, prepare_database
from load import Target, load_page
from pages import BASELINE, MEMBER_EMAIL, PAGES, PLACEHOLDERS, STAFF_EMAIL
from queries import CPU_REQUESTS, count_queries
from registration_burst import BURST_CAPACITY, BURST_CLIENTS, registration_burst
from report import RATIO_BAR, add_ratios, print_report
from server import HOST, PRODUCTION_CORES, PRODUCTION_WORKERS, PROXY_HEADERS, THREADS_PER_WORKER, Server, check_ssl_redirect, free_port, get
from sessions import open_staff_session, open_staff_token, sign_in_member


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run.py",
        description="Load-test Cairn's production server on a seeded PostgreSQL database, page by page.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    db = parser.add_argument_group("database")
    db.add_argument("--scale", choices=list(MEMBERS_AT_SCALE), default="large", help="seed scale: 300 / 30,000 / 300,000 members")
    db.add_argument("--seed", type=int, default=2015, help="random seed of `cairn seed` (same seed, same data)")
    db.add_argument(
        "--reuse-db",
        action="store_true",
        help="keep an already seeded database of the same scale instead of dropping and re-seeding it (no seed time then)",
    )
    db.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server (a role that may create databases)")
    db.add_argument("--db-name", default="cairn_bench", help="database to drop, create and seed")
    server = parser.add_argument_group("server")
    server.add_argument(
        "--workers",
        type=int,
        default=PRODUCTION_WORKERS,
        help=f"gunicorn workers ({THREADS_PER_WORKER} threads each); the default is what `cairn serve` starts on a {PRODUCTION_CORES}-core production box (2 × cores + 1)",
    )
    server.add_argument(
        "--redis",
        nargs="?",
        const="redis://127.0.0.1:6379/15",
        default=None,
        metavar="URL",
        help="use Redis as the cache (REDIS_URL); without URL: redis://127.0.0.1:6379/15 (a database of its own). Default: the local-memory cache",
    )
    load = parser.add_argument_group("load")
    load.add_argument("--concurrency", type=int, default=8, help="simultaneous keep-alive connections")
    load.add_argument("--duration", type=float, default=10.0, help="seconds of measured load per page")
    load.add_argument(
        "--max-requests", type=int, default=20_000, help="measured requests per page at most (whichever of this and --duration ends first)"
    )
    load.add_argument("--warmup", type=float, default=2.0, help="seconds of unmeasured load per page before measuring")
    load.add_argument("--timeout", type=float, default=30.0, help="seconds before one request counts as failed")
    load.add_argument(
        "--cpu-requests",
        type=int,
        default=CPU_REQUESTS,
        help="in-process requests per page whose CPU time is measured (the median is reported)",
    )
    load.add_argument(
        "--only", nargs="+", metavar="PAGE", help="bench only these pages (by name; the /healthz baseline is always included)"
    )
    parser.add_argument("--keep-temp", action="store_true", help="keep the temporary folder (static files, server log) for inspection")
    args = parser.parse_args(argv)
    if args.concurrency < 1 or args.duration <= 0 or args.max_requests < 1 or args.workers < 1 or args.cpu_requests < 1:
        parser.error("--concurrency, --duration, --max-requests, --cpu-requests and --workers must be positive")
    if args.only:
        unknown = set(args.only) - {page.name for page in PAGES}
        if unknown:
            parser.error(f"unknown page(s): {', '.join(sorted(unknown))}; known: {', '.join(p.name for p in PAGES)}")
    return args


def forget_home_figures() -> None:
    try:
        from cairn.core.selectors import forget_home_figures as forget

        forget()
    except Exception as exc:  # noqa: BLE001 — best effort on the way out; Redis may be what failed
        print(f"bench: could not clear the home figures from Redis ({exc.__class__.__name__})", file=sys.stderr)


def _build_asked_files() -> None:
    """Build every open-data file waiting for the worker (``reports.services.export_build``)."""
    from cairn.reports.models import ExportFile, ReportPdf
    from cairn.reports.services import export_build

    for pk in ExportFile.objects.filter(state=ReportPdf.State.PENDING).values_list("pk", flat=True):
        export_build(export_id=pk)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    run_started = time.monotonic()
    load_before = os.getloadavg()
    if load_before[0] > 0.5 * (os.cpu_count() or 1):
        print(
            f"bench: warning: the machine is already busy (load average {load_before[0]:.1f}); "
            "other processes will share the cores with the server and skew the figures",
            file=sys.stderr,
        )
    stamp, iso_time = common.now_stamp()

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    temp = Path(tempfile.mkdtemp(prefix="cairn-bench-"))
    server: Server | None = None
    burst: dict[str, Any] | None = None
    try:
        env = common.clean_env(
            DATABASE_URL=f"{args.pg_url}/{args.db_name}",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS=HOST,
            DEBUG="false",
            CAIRN_DATA_DIR=str(temp / "data"),
            STATIC_ROOT=str(temp / "static"),
            # The load comes from one address and one token: the API's limits would answer 429.
            CAIRN_API_RATE_PER_IP="100000000",
            CAIRN_API_RATE_PER_TOKEN="100000000",  # noqa: S106 — a limit, not a secret
        )
        if args.redis:
            env["REDIS_URL"] = args.redis
        database = prepare_database(args, env)
        step("collecting static files")
        common.run_quiet(common.cairn("manage", "collectstatic", "--noinput"), env)

        # The benchmark process itself runs Django on the same settings and database: to
        # resolve placeholders and to count each page's SQL queries.
        os.environ.update(env)
        for name in set(os.environ) - set(env):
            del os.environ[name]
        import django

        django.setup()
        from django.conf import settings

        if args.redis:
            forget_home_figures()  # a previous run's figures may still be in Redis

        pages = [p for p in PAGES if not args.only or p.name == BASELINE or p.name in args.only]
        values = {name: PLACEHOLDERS[name]() for name in {n for p in pages for n in re.findall(r"{(\w+)}", p.path)}}

        port = free_port()
        step(f"starting cairn serve on {HOST}:{port}: {args.workers} workers × {THREADS_PER_WORKER} threads (gthread)")
        server = Server(port, args.workers, env, temp / "server.log")
        server.wait_ready()
        server.wait_settled(args.workers)
        check_ssl_redirect(port)
        session = sign_in_member(port, settings.SESSION_COOKIE_NAME)
        step(f"signed in {MEMBER_EMAIL} through the login form")
        staff_session = open_staff_session()
        step(f"opened a session for {STAFF_EMAIL} (staff pages)")
        staff_token = open_staff_token() if any(page.token for page in pages) else ""

        targets = []
        for page in pages:
            headers = dict(PROXY_HEADERS)
            if page.token:
                headers["Authorization"] = f"Bearer {staff_token}"
            elif page.staff:
                headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={staff_session}"
            elif page.member:
                headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={session}"
            target = Target(page, page.path.format(**values), headers)
            status, _, _ = get(port, target.path, target.headers, timeout=args.timeout)
            if status == 202 and page.status == 200:
                # A data file not built yet says so (202) and queues its build: the benchmark
                # runs no task worker, so it builds the file as the worker would, then
                # measures the file served from storage.
                _build_asked_files()
                status, _, _ = get(port, target.path, target.headers, timeout=args.timeout)
            if status != page.status:
                raise SystemExit(f"bench: GET {target.path} answered {status}, expected {page.status}\n{server.log_tail()}")
            targets.append(target)

        step("counting SQL queries and CPU time per page (in-process, test client, same database and session)")
        queries = count_queries(targets, session, staff_session, args.cpu_requests)

        rows: list[dict[str, Any]] = []
        for target in targets:
            step(
                f"{target.page.name}: {args.warmup:g} s warm-up, then {args.duration:g} s at concurrency {args.concurrency}  ({target.path})"
            )
            rows.append(
                {
                    **load_page(
                        port,
                        target,
                        concurrency=args.concurrency,
                        warmup=args.warmup,
                        duration=args.duration,
                        max_requests=args.max_requests,
                        timeout=args.timeout,
                    ),
                    **queries[target.page.name],
                }
            )
        add_ratios(rows, BASELINE)
        step(f"registration burst: {BURST_CLIENTS} members POST the registration form of one {BURST_CAPACITY}-seat event at once")
        burst = registration_burst(port, settings.SESSION_COOKIE_NAME)
    except KeyboardInterrupt:
        print("\nbench: interrupted", file=sys.stderr)
        return 130
    finally:
        if server is not None:
            server.stop()
        if args.redis and "django" in sys.modules:
            forget_home_figures()  # the bench database's figures must not outlive the run in a shared Redis
        if args.keep_temp:
            print(f"bench: temporary files kept in {temp}")
        else:
            shutil.rmtree(temp, ignore_errors=True)

    total_s = round(time.monotonic() - run_started, 1)
    results = {
        "timestamp": iso_time,
        "revision": common.git_revision(),
        # Other processes on the machine skew the figures: the 1-minute load average before
        # the run started anything.
        "machine": {**common.machine(), "load_average_1m_at_start": round(load_before[0], 2)},
        "scale": args.scale,
        "members_at_scale": MEMBERS_AT_SCALE[args.scale],
        "database": database,
        "seed_s": database.get("seed_s"),
        "server": {
            "command": "cairn serve",
            "workers": args.workers,
            "threads_per_worker": THREADS_PER_WORKER,
            "cache": "redis" if args.redis else "locmem",
        },
        "load": {"concurrency": args.concurrency, "duration_s": args.duration, "warmup_s": args.warmup, "max_requests": args.max_requests},
        "baseline": BASELINE,
        "ratio_bar": RATIO_BAR,
        "pages": rows,
        "registration_burst": burst,
        "total_s": total_s,
    }
    print_report(results, common.write_results(results, stamp))
    return 0


if __name__ == "__main__":
    sys.exit(main())
