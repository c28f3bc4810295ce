"""Time ``cairn seed`` on a fresh SQLite file — what ``cairn demo`` pays on first start.

    uv run python bench/seed_sqlite.py                  # realistic scale (30,000 members), goal < 60 s
    uv run python bench/seed_sqlite.py --scale small --goal 5

Migrates a SQLite database in a temporary folder (not timed), runs ``cairn seed`` (timed,
wall clock, interpreter start-up included), prints the figure against the goal and writes
it to ``bench/results/seed-sqlite-<timestamp>.json`` and ``seed-sqlite-latest.json``.
Exits 1 when the goal is missed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import common


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench/seed_sqlite.py",
        description="Time `cairn seed` on a fresh SQLite database (the embedded default).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--scale", choices=["small", "realistic", "large"], default="realistic")
    parser.add_argument("--seed", type=int, default=2015, help="random seed of `cairn seed`")
    parser.add_argument("--goal", type=float, default=60.0, help="seconds the seed must stay under")
    args = parser.parse_args(argv)

    stamp, iso_time = common.now_stamp()
    temp = Path(tempfile.mkdtemp(prefix="cairn-seed-sqlite-"))
    try:
        # No DATABASE_URL: the SQLite file (and generated key) under CAIRN_DATA_DIR, as `cairn demo` has them.
        env = common.clean_env(CAIRN_DATA_DIR=str(temp))
        print("» migrating a fresh SQLite database (not timed)", flush=True)
        started = time.monotonic()
        common.run_quiet(common.cairn("manage", "migrate", "--noinput"), env)
        migrate_s = round(time.monotonic() - started, 1)
        print(f"» cairn seed --scale {args.scale} --seed {args.seed}", flush=True)
        timing = common.timed_seed(args.scale, args.seed, env)
        size_mib = round(sum(f.stat().st_size for f in temp.glob("cairn.sqlite3*")) / 2**20, 1)
    finally:
        shutil.rmtree(temp, ignore_errors=True)

    ok = timing.wall_s < args.goal
    results = {
        "timestamp": iso_time,
        "revision": common.git_revision(),
        "machine": common.machine(),
        "database": "sqlite",
        "scale": args.scale,
        "seed_s": timing.wall_s,
        "seed_command_s": timing.command_s,
        "seed_steps_s": timing.steps,
        "migrate_s": migrate_s,
        "database_mib": size_mib,
        "goal_s": args.goal,
        "ok": ok,
    }
    common.write_results(results, stamp, prefix="seed-sqlite-")
    print()
    print(
        f"cairn seed --scale {args.scale} on SQLite: {timing.wall_s:.1f} s wall clock "
        f"({timing.command_s} s inside the command; database {size_mib} MiB) — goal < {args.goal:g} s: {'met' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
