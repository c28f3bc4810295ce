"""Where each benchmark page's time goes, in process, under the production settings.

    uv run python bench/profile_pages.py --database-url postgres://postgres@127.0.0.1:5432/cairn_bench
    uv run python bench/profile_pages.py --only directory agenda --requests 20 --top 12

Against an already seeded database (``bench/run.py --reuse-db`` keeps one; ``cairn seed``
makes one), with ``DEBUG`` off and the production settings, each page of ``pages.py``:
one unmeasured request (caches warm, as the load's steady state), then ``--requests``
under ``cProfile``. Per page it prints the time per request and what it goes to — SQL
(the database driver), building model instances, form widgets' templates, all template
rendering (which holds the widgets and the SQL that lazy querysets run while rendering),
charts — then the slowest functions of Cairn's own code by cumulative time. Member pages
use ``Client.force_login``; staff pages the demo coordinator's session opened as the
benchmark opens it (``sessions.open_staff_session``, which activates TOTP for the
account); the API's pages with a token carry the demo coordinator's
(``sessions.open_staff_token``). The figures are what docs/performance.md reports.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

#: (label, file suffix, function name): entry points whose cumulative time is a cost.
BUCKETS = [
    ("SQL", "django/db/backends/utils.py", "_execute"),
    ("model instances", "django/db/models/base.py", "from_db"),
    ("form widgets", "django/forms/renderers.py", "render"),
    ("templates", "django/template/backends/django.py", "render"),
    ("charts (altair)", "altair/vegalite/v6/api.py", "to_dict"),
    ("charts (SVG)", "vl_convert", ""),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""), help="the seeded database")
    parser.add_argument("--only", nargs="*", default=[], help="page names (default: every page)")
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--top", type=int, default=6, help="Cairn functions listed per page")
    parser.add_argument(
        "--queries", action="store_true", help="also list each page's SQL queries with their time (PostgreSQL: and the plan of the slowest)"
    )
    parser.add_argument("--dump", type=Path, help="also write each page's profile to DUMP/<page>.pstats (read it with pstats or snakeviz)")
    args = parser.parse_args()
    if not args.database_url:
        raise SystemExit("bench: give --database-url (or DATABASE_URL) of a seeded database")
    os.environ.update(DATABASE_URL=args.database_url, DEBUG="false", ALLOWED_HOSTS="127.0.0.1")
    os.environ.setdefault("SECRET_KEY", "profile-" + "x" * 50)
    # Every page from one address and one token: the API's limits would answer 429.
    os.environ.update(CAIRN_API_RATE_PER_IP="100000000", CAIRN_API_RATE_PER_TOKEN="100000000")  # noqa: S106 — limits
    os.environ["DJANGO_SETTINGS_MODULE"] = "cairn.settings"
    static = tempfile.TemporaryDirectory(prefix="cairn-profile-")
    os.environ["STATIC_ROOT"] = static.name  # the manifest the production storage needs
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings

    call_command("collectstatic", interactive=False, verbosity=0)
    from django.test import Client
    from pages import BASELINE, MEMBER_EMAIL, PAGES, PLACEHOLDERS
    from server import HOST, PROXY_HEADERS
    from sessions import open_staff_session, open_staff_token

    from cairn.accounts.models import User

    headers = {**PROXY_HEADERS, "Host": HOST}
    anonymous, member, staff = Client(headers=headers), Client(headers=headers), Client(headers=headers)
    member.force_login(User.objects.get(email=MEMBER_EMAIL))
    pages = [p for p in PAGES if not args.only or p.name in args.only or p.name == BASELINE]
    if any(p.staff for p in pages):
        staff.cookies[settings.SESSION_COOKIE_NAME] = open_staff_session()
    values = {name: PLACEHOLDERS[name]() for name in {n for p in pages for n in re.findall(r"{(\w+)}", p.path)}}
    token = {"Authorization": f"Bearer {open_staff_token()}"} if any(p.token for p in pages) else {}
    baseline_ms = None
    print(f"{'page':<28}{'ms/req':>8}{'×healthz':>10}  " + "  ".join(label for label, *_ in BUCKETS))
    for page in pages:
        client = staff if page.staff else member if page.member else anonymous
        path = page.path.format(**values)
        extra = token if page.token else {}
        response = client.get(path, headers=extra)
        if response.status_code != page.status:
            print(f"{page.name:<28} answered {response.status_code}, expected {page.status}: skipped")
            continue
        profile = cProfile.Profile()
        started = time.perf_counter()
        profile.enable()
        for _ in range(args.requests):
            client.get(path, headers=extra)
        profile.disable()
        ms = (time.perf_counter() - started) * 1000 / args.requests
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            profile.dump_stats(args.dump / f"{page.name}.pstats")
        baseline_ms = baseline_ms or ms
        stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
        shares = []
        for _label, suffix, name in BUCKETS:
            total = max(
                (
                    ct
                    for (file, _line, func), (_cc, _nc, _tt, ct, _callers) in stats.items()
                    if suffix in file and (not name or func == name)
                ),
                default=0.0,
            )
            shares.append(f"{100 * total / (ms * args.requests / 1000):>4.0f}%")
        print(f"{page.name:<28}{ms:>8.1f}{ms / baseline_ms:>10.1f}  " + "  ".join(shares))
        own = sorted(
            (
                (ct, f"{Path(file).relative_to(HERE.parent)}:{line} {func}")
                for (file, line, func), (_cc, _nc, _tt, ct, _c) in stats.items()
                if "/cairn/" in file and "/templates/" not in file
            ),
            reverse=True,
        )
        for ct, where in own[: args.top]:
            print(f"    {1000 * ct / args.requests:>7.1f} ms  {where}")
        if args.queries:
            print_queries(client, path, extra)


def print_queries(client: Any, path: str, headers: dict[str, str]) -> None:
    """The SQL of one steady-state request of ``path``, each query with its time; on
    PostgreSQL, the plan of the slowest (``EXPLAIN ANALYZE``), where a missing index shows.
    The plan is asked with the query's own parameters, never with values written into it."""
    from django.db import connection

    recorded: list[tuple[float, str, Any]] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            recorded.append(((time.perf_counter() - started) * 1000, sql, params))

    with connection.execute_wrapper(record):
        client.get(path, headers=headers)
    for ms, sql, _params in recorded:
        print(f"      {ms:>7.1f} ms  {sql[:160]}")
    if recorded and connection.vendor == "postgresql":
        _ms, slowest, params = max(recorded, key=lambda query: query[0])
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest, params)
            for (line,) in cursor.fetchall():
                print(f"        {line}")


if __name__ == "__main__":
    main()
