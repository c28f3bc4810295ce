"""Cairn's load benchmark: the production server on a seeded PostgreSQL, page by page.

    uv run python bench/run.py                 # the full run: 300,000 members (large)
    uv run python bench/run.py --scale small   # a quick check of the machinery
    uv run python bench/run.py --help

Steps: (re)create the ``cairn_bench`` database, migrate, seed (timed), ``VACUUM
ANALYZE``; collect static files into a temporary folder; start ``cairn serve`` (gunicorn)
on a free loopback port with production settings; sign the demo member in through the
login form; count each page's SQL queries in-process with Django's test client; then load
each page over keep-alive HTTP connections at fixed concurrency and print p50, p95,
requests per second, queries per request and the ratio of each p50 to ``/healthz``'s p50
from the same run. The table is also written to ``bench/results/<timestamp>.json`` and
``bench/results/latest.json``. The pages are listed in ``bench/pages.py``.

The load generator is plain Python (threads + ``http.client``): no dependency to add,
and at the rates a 2-core box reaches it needs far less CPU than the server it measures.
It shares the machine with the server, so absolute figures are pessimistic; compare
ratios measured in the same run.
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import common
from pages import BASELINE, MEMBER_EMAIL, MEMBER_PASSWORD, PAGES, PLACEHOLDERS, STAFF_EMAIL, Page

HOST = "127.0.0.1"  # loopback only: the benchmark never sends a request anywhere else
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}  # what the TLS-terminating proxy adds
PRODUCTION_CORES = 2
#: gunicorn's rule, which ``cairn serve`` applies by default (WEB_CONCURRENCY): 2 × cores + 1.
PRODUCTION_WORKERS = 2 * PRODUCTION_CORES + 1
THREADS_PER_WORKER = 4  # fixed by cairn/cli.py (gthread worker class)
MEMBERS_AT_SCALE = {"small": 300, "realistic": 30_000, "large": 300_000}  # as cairn/core/seeding.py


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
        "--only", nargs="+", metavar="PAGE", help="bench only these pages (by name; the /healthz baseline is always included)"
    )
    parser.add_argument("--keep-temp", action="store_true", help="keep the temporary folder (static files, server log) for inspection")
    args = parser.parse_args(argv)
    if args.concurrency < 1 or args.duration <= 0 or args.max_requests < 1 or args.workers < 1:
        parser.error("--concurrency, --duration, --max-requests and --workers must be positive")
    if args.only:
        unknown = set(args.only) - {page.name for page in PAGES}
        if unknown:
            parser.error(f"unknown page(s): {', '.join(sorted(unknown))}; known: {', '.join(p.name for p in PAGES)}")
    return args


def step(text: str) -> None:
    print(f"» {text}", flush=True)


# --- Database -------------------------------------------------------------------------


def prepare_database(args: argparse.Namespace, env: dict[str, str]) -> dict[str, Any]:
    """Create, migrate and seed the benchmark database; return what the JSON records."""
    import psycopg
    from psycopg import sql

    info: dict[str, Any] = {"name": args.db_name, "reused": False}
    with psycopg.connect(f"{args.pg_url}/postgres", autocommit=True) as admin:
        info["server_version"] = admin.execute("SHOW server_version").fetchone()[0]
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.db_name]).fetchone() is not None
        if exists and not args.reuse_db:
            step(f"dropping database {args.db_name}")
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(args.db_name)))
            exists = False
        if not exists:
            step(f"creating database {args.db_name}")
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(args.db_name)))
    step("migrating")
    common.run_quiet(common.cairn("manage", "migrate", "--noinput"), env)

    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        profiles = conn.execute("SELECT count(*) FROM accounts_profile").fetchone()[0]
    if profiles:
        found = max((s for s, n in MEMBERS_AT_SCALE.items() if profiles >= n), key=MEMBERS_AT_SCALE.__getitem__, default="small")
        if found != args.scale:
            raise SystemExit(
                f"bench: {args.db_name} holds the {found} scale ({profiles} profiles); drop --reuse-db or pass --scale {found}"
            )
        step(f"reusing the seeded database ({profiles:,} profiles): no seed time this run")
        info.update(reused=True, profiles=profiles)
        return info

    step(f"seeding: cairn seed --scale {args.scale} --seed {args.seed}")
    timing = common.timed_seed(args.scale, args.seed, env)
    step(f"seeded in {timing.wall_s:.1f} s (the command reports {timing.command_s} s)")
    started = time.monotonic()
    # A freshly bulk-loaded table has no planner statistics yet; autovacuum would gather
    # them within minutes in production, so measure that steady state, not the first minute.
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
        profiles = conn.execute("SELECT count(*) FROM accounts_profile").fetchone()[0]
    info.update(
        profiles=profiles,
        seed_s=timing.wall_s,
        seed_command_s=timing.command_s,
        seed_steps_s=timing.steps,
        vacuum_analyze_s=round(time.monotonic() - started, 1),
    )
    return info


# --- Server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """``cairn serve`` in its own session, stopped with SIGTERM (then SIGKILL) on exit."""

    def __init__(self, port: int, workers: int, env: dict[str, str], log_path: Path) -> None:
        self.port = port
        self.log_path = log_path
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(
            common.cairn("serve", "--host", HOST, "--port", str(port), "--workers", str(workers)),
            env=env,
            cwd=common.REPO,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches the benchmark, which then stops the server in order
        )

    def wait_ready(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"bench: the server exited (code {self.process.returncode}) before it was ready\n{self.log_tail()}")
            try:
                status, _, _ = get(self.port, "/readyz", timeout=2)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"bench: /readyz did not answer 200 within {timeout:.0f} s\n{self.log_tail()}")

    def wait_settled(self, workers: int, timeout: float = 60.0) -> None:
        """Wait until every worker has booted and gone idle.

        ``/readyz`` answers as soon as one worker is up, while the others are still
        importing Django on the same two cores; measuring then would charge their start-up
        to the first page. Idle means all workers exist and together used under 2 % of a
        core over two consecutive half-seconds (read from /proc; Linux only).
        """
        if not Path("/proc/self/stat").exists():
            time.sleep(5)
            return
        deadline = time.monotonic() + timeout
        previous, quiet = None, 0
        while time.monotonic() < deadline and quiet < 2:
            count, ticks = self._workers_cpu_ticks()
            if previous is not None and count == workers and ticks - previous <= os.sysconf("SC_CLK_TCK") // 100:
                quiet += 1
            else:
                quiet = 0
            previous = ticks
            time.sleep(0.5)
        if quiet < 2:
            print(f"bench: warning: the {workers} workers were not all idle after {timeout:.0f} s; measuring anyway", file=sys.stderr)

    def _workers_cpu_ticks(self) -> tuple[int, int]:
        count = ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a process that ended meanwhile
            if int(fields[1]) == self.process.pid:  # fields: state, ppid, … utime (11), stime (12)
                count += 1
                ticks += int(fields[11]) + int(fields[12])
        return count, ticks

    def log_tail(self, lines: int = 30) -> str:
        self._log.flush()
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(f"  server| {line}" for line in text[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # the session this benchmark started, by its id
                self.process.wait()
        self._log.close()


# --- HTTP -----------------------------------------------------------------------------


def get(port: int, path: str, headers: dict[str, str] | None = None, timeout: float = 30) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.msg, response.read()
    finally:
        conn.close()


def cookies_of(message: http.client.HTTPMessage) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for header in message.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in_member(port: int, session_cookie_name: str) -> str:
    """Sign the demo member in through the real login form (CSRF, Origin check and all);
    return the session id."""
    login_path = "/fr/compte/login/"
    status, message, body = get(port, login_path, PROXY_HEADERS)
    if status != 200:
        raise SystemExit(f"bench: GET {login_path} answered {status}")
    csrf_cookie = cookies_of(message).get("csrftoken")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if not csrf_cookie or not match:
        raise SystemExit("bench: no CSRF token on the login page")
    origin = f"https://{HOST}:{port}"
    form = urlencode({"csrfmiddlewaretoken": match[1].decode(), "login": MEMBER_EMAIL, "password": MEMBER_PASSWORD})
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request(
            "POST",
            login_path,
            body=form,
            headers={
                **PROXY_HEADERS,
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf_cookie}",
                "Origin": origin,
                "Referer": origin + login_path,
            },
        )
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    session = cookies_of(response.msg).get(session_cookie_name)
    if response.status not in (302, 303) or not session:
        raise SystemExit(f"bench: signing in {MEMBER_EMAIL} failed (status {response.status}, no session cookie)")
    return session


def open_staff_session() -> str:
    """A session of the demo coordinator, made in the session store: staff sign in with a
    TOTP code, which a benchmark cannot type. TOTP is activated for the account so the
    staff-MFA middleware lets the pages through, as it does for a real coordinator."""
    from importlib import import_module

    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import is_mfa_enabled
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from cairn.accounts.models import User

    user = User.objects.get(email=STAFF_EMAIL)
    if not is_mfa_enabled(user):
        TOTP.activate(user, generate_totp_secret())
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return str(session.session_key)


def check_ssl_redirect(port: int) -> None:
    """Production keeps SECURE_SSL_REDIRECT on: without the proxy's header, a page redirects."""
    status, message, _ = get(port, "/fr/")
    if status != 301 or not (message.get("Location") or "").startswith("https://"):
        raise SystemExit(f"bench: expected the HTTPS redirect on plain HTTP, got {status}; is SECURE_SSL_REDIRECT off?")


# --- Load -----------------------------------------------------------------------------


@dataclass
class Target:
    page: Page
    path: str
    headers: dict[str, str]


@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    bytes: int = 0


class Budget:
    """At most ``limit`` requests across all threads."""

    def __init__(self, limit: int) -> None:
        self._left = limit
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            if self._left <= 0:
                return False
            self._left -= 1
            return True


def _client(port: int, target: Target, deadline: float, budget: Budget, stop: threading.Event, timeout: float, out: Sample) -> None:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        while not stop.is_set() and time.perf_counter() < deadline and budget.take():
            started = time.perf_counter()
            try:
                conn.request("GET", target.path, headers=target.headers)
                response = conn.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as exc:
                out.errors[type(exc).__name__] += 1
                conn.close()  # the next request opens a new connection
                continue
            elapsed = time.perf_counter() - started
            if response.status != target.page.status:
                out.errors[f"HTTP {response.status}"] += 1
            else:
                out.latencies.append(elapsed)
                out.bytes += len(body)
            if response.will_close:
                conn.close()
    finally:
        conn.close()


def hammer(port: int, target: Target, *, concurrency: int, duration: float, max_requests: int, timeout: float) -> tuple[Sample, float]:
    """Load one page from ``concurrency`` threads until ``duration`` or ``max_requests``."""
    stop = threading.Event()
    budget = Budget(max_requests)
    samples = [Sample() for _ in range(concurrency)]
    started = time.perf_counter()
    deadline = started + duration
    threads = [
        threading.Thread(target=_client, args=(port, target, deadline, budget, stop, timeout, sample), daemon=True) for sample in samples
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        stop.set()
    elapsed = time.perf_counter() - started
    total = Sample()
    for sample in samples:
        total.latencies.extend(sample.latencies)
        total.errors.update(sample.errors)
        total.bytes += sample.bytes
    return total, elapsed


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    if not sorted_values:
        return math.nan
    return sorted_values[max(0, math.ceil(q / 100 * len(sorted_values)) - 1)]


# --- SQL queries, in-process ----------------------------------------------------------


def count_queries(targets: list[Target], session_key: str, staff_session_key: str) -> dict[str, dict[str, Any]]:
    """Each page twice through Django's test client against the same database, with the
    same member session: the second request is the steady state (caches warm), the first
    is what a fresh process pays."""
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
                response = client.get(target.path)
            if response.status_code != target.page.status:
                raise SystemExit(f"bench: in-process GET {target.path} answered {response.status_code}, expected {target.page.status}")
            runs.append([{"ms": round(d * 1000, 2), "sql": q["sql"]} for q, d in zip(captured.captured_queries, durations, strict=True)])
        first, steady = runs
        slowest = max(steady, key=lambda q: q["ms"], default=None)
        counts[target.page.name] = {
            "sql_queries": len(steady),
            "sql_queries_first_request": len(first),
            "sql_ms": round(sum(q["ms"] for q in steady), 2),
            "sql_ms_first_request": round(sum(q["ms"] for q in first), 2),
            "slowest_query": slowest,
            "queries": steady,
        }
    return counts


# --- Report ---------------------------------------------------------------------------


def fmt(value: float, digits: int = 1) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:,.{digits}f}"


def print_table(rows: list[dict[str, Any]]) -> None:
    header = ["page", "path", "p50 ms", "p95 ms", "req/s", "SQL q/req", "SQL ms", "× healthz p50", "errors"]
    lines = [
        [
            row["name"] + (" (member)" if row["member"] else ""),
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


def forget_home_figures() -> None:
    try:
        from django.core.cache import cache

        from cairn.core.selectors import HOME_FIGURES_CACHE_KEY

        cache.delete(HOME_FIGURES_CACHE_KEY)
    except Exception as exc:  # noqa: BLE001 — best effort on the way out; Redis may be what failed
        print(f"bench: could not clear the home figures from Redis ({exc.__class__.__name__})", file=sys.stderr)


# --- Main -----------------------------------------------------------------------------


#: The registration burst: this many members POST the registration form of one event at
#: the same instant, through the production server (each its own HTTP connection and session).
BURST_CLIENTS = 100
BURST_CAPACITY = 20


def registration_burst(port: int, session_cookie_name: str) -> dict[str, Any]:
    """Many members register for one event at once, over HTTP; the report must show
    confirmed = capacity (``cairn/events/services/seats.py``, ADR 0010)."""
    import datetime as dt
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils import timezone

    from cairn.accounts.models import User
    from cairn.events.models import Event, Registration, RegistrationStatus

    stamp = time.strftime("%Y%m%d%H%M%S")
    start = timezone.now() + dt.timedelta(days=30)
    event = Event.objects.create(
        title=f"Registration burst {stamp}",
        capacity=BURST_CAPACITY,
        address="Bench",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = []
    for n in range(BURST_CLIENTS):
        user = User.objects.create_user(f"burst-{stamp}-{n}@bench.cairn.example")
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    path = f"/fr/evenements/{event.pk}/inscription/"
    origin = f"https://{HOST}:{port}"
    barrier = threading.Barrier(BURST_CLIENTS)
    statuses: Counter[str] = Counter()
    lock = threading.Lock()

    def count(outcome: str) -> None:
        with lock:
            statuses[outcome] += 1

    def client(session_key: str) -> None:
        csrf = secrets.token_hex(16)  # a 32-character secret, sent as cookie and header
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        try:
            conn.connect()
            barrier.wait(timeout=60)
            conn.request(
                "POST",
                path,
                body="",
                headers={
                    **PROXY_HEADERS,
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"{session_cookie_name}={session_key}; csrftoken={csrf}",
                    "X-CSRFToken": csrf,
                    "Origin": origin,
                    "Referer": origin + path,
                },
            )
            response = conn.getresponse()
            response.read()
            count(str(response.status))
        except Exception as exc:  # noqa: BLE001 — every failure is counted in the report
            count(exc.__class__.__name__)
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(key,)) for key in sessions]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    event.refresh_from_db()
    rows = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    return {
        "clients": BURST_CLIENTS,
        "capacity": BURST_CAPACITY,
        "confirmed": rows.count(RegistrationStatus.CONFIRMED),
        "waitlisted": rows.count(RegistrationStatus.WAITLISTED),
        "counter": event.confirmed_count,
        "responses": dict(statuses),
        "errors": sum(n for status, n in statuses.items() if status != "302"),
        "seconds": round(elapsed, 2),
    }


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

        targets = []
        for page in pages:
            headers = dict(PROXY_HEADERS)
            if page.staff:
                headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={staff_session}"
            elif page.member:
                headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={session}"
            target = Target(page, page.path.format(**values), headers)
            status, _, _ = get(port, target.path, target.headers, timeout=args.timeout)
            if status != page.status:
                raise SystemExit(f"bench: GET {target.path} answered {status}, expected {page.status}\n{server.log_tail()}")
            targets.append(target)

        step("counting SQL queries per page (in-process, test client, same database and session)")
        queries = count_queries(targets, session, staff_session)

        rows: list[dict[str, Any]] = []
        for target in targets:
            step(
                f"{target.page.name}: {args.warmup:g} s warm-up, then {args.duration:g} s at concurrency {args.concurrency}  ({target.path})"
            )
            hammer(port, target, concurrency=args.concurrency, duration=args.warmup, max_requests=args.max_requests, timeout=args.timeout)
            cpu_before = resource.getrusage(resource.RUSAGE_SELF)
            sample, elapsed = hammer(
                port, target, concurrency=args.concurrency, duration=args.duration, max_requests=args.max_requests, timeout=args.timeout
            )
            cpu_after = resource.getrusage(resource.RUSAGE_SELF)
            client_cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
            latencies = sorted(sample.latencies)
            n = len(latencies)
            rows.append(
                {
                    "name": target.page.name,
                    "path": target.path,
                    "member": target.page.member,
                    "note": target.page.note,
                    "requests": n,
                    "errors": dict(sample.errors),
                    "seconds": round(elapsed, 2),
                    "p50_ms": round(percentile(latencies, 50) * 1000, 2) if n else None,
                    "p95_ms": round(percentile(latencies, 95) * 1000, 2) if n else None,
                    "p99_ms": round(percentile(latencies, 99) * 1000, 2) if n else None,
                    "max_ms": round(latencies[-1] * 1000, 2) if n else None,
                    "mean_ms": round(sum(latencies) / n * 1000, 2) if n else None,
                    "rps": round(n / elapsed, 1),
                    "response_kb": round(sample.bytes / n / 1024, 1) if n else None,
                    # The load generator shares the machine with the server: its own CPU use, in cores.
                    "client_cpu_cores": round(client_cpu / elapsed, 2),
                    **queries[target.page.name],
                }
            )
        baseline = next(row for row in rows if row["name"] == BASELINE)["p50_ms"]
        for row in rows:
            row["ratio_p50_to_healthz"] = round(row["p50_ms"] / baseline, 1) if row["p50_ms"] and baseline else None
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
        "pages": rows,
        "registration_burst": burst,
        "total_s": total_s,
    }
    path = common.write_results(results, stamp)

    seed = f"seeded in {database['seed_s']:.1f} s" if database.get("seed_s") is not None else "reused database"
    print()
    print(
        f"Cairn bench — scale {args.scale} ({database['profiles']:,} profiles, {seed}), PostgreSQL {database['server_version']}, "
        f"{results['machine']['cores']} cores; cairn serve: {args.workers} workers × {THREADS_PER_WORKER} threads, "
        f"cache {results['server']['cache']}; load: {args.concurrency} connections, {args.duration:g} s per page after {args.warmup:g} s warm-up"
    )
    print()
    print_table(rows)
    print_notes(rows)
    if burst is not None:
        print(
            f"\nRegistration burst over HTTP: {burst['clients']} members at once for one event of {burst['capacity']} seats → "
            f"confirmed {burst['confirmed']} (= capacity: {'yes' if burst['confirmed'] == burst['capacity'] else 'NO'}), "
            f"waitlisted {burst['waitlisted']}, seat counter {burst['counter']}, responses {burst['responses']}, "
            f"errors {burst['errors']}, {burst['seconds']} s"
        )
    print(f"\nWrote {path.relative_to(common.REPO)} and bench/results/latest.json — total run time {total_s:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
