"""The benchmark database: drop and recreate it, migrate, seed it (timed) and gather
planner statistics, or keep one already seeded at the same scale (``--reuse-db``)."""

from __future__ import annotations

import argparse
import time
from typing import Any

import common
from common import step

MEMBERS_AT_SCALE = {"small": 300, "realistic": 30_000, "large": 300_000}  # as cairn/core/seeding.py


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
