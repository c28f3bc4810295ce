"""Helpers shared by ``run.py``, its modules and ``seed_sqlite.py``: running ``cairn`` in
a child process with a controlled environment, timing the seed, printing progress, and
writing results."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"

#: Variables a developer's shell may hold that would change what is measured; the
#: benchmark sets the ones it needs itself.
_INHERITED_SETTINGS = (
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
    "CAIRN_DATA_DIR",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "SECURE_SSL_REDIRECT",
    "CAIRN_STAFF_MFA_REQUIRED",
    "CAIRN_TASKS_BACKEND",
    "WEB_CONCURRENCY",
    "EMAIL_HOST",
    "EMAIL_BACKEND",
    "CAIRN_API_RATE_PER_IP",
    "CAIRN_API_RATE_PER_TOKEN",
)


def clean_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _INHERITED_SETTINGS}
    env["DJANGO_SETTINGS_MODULE"] = "cairn.settings"
    env.update(overrides)
    return env


def step(text: str) -> None:
    """One line of progress."""
    print(f"» {text}", flush=True)


def cairn(*args: str) -> list[str]:
    """The ``cairn`` command of this checkout, run by the benchmark's own interpreter."""
    return [sys.executable, "-m", "cairn.cli", *args]


def run_quiet(argv: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(argv, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"bench: `{' '.join(argv[2:])}` failed (exit {result.returncode})")


@dataclass
class SeedTiming:
    scale: str
    wall_s: float
    #: What ``cairn seed`` itself reports (without interpreter and Django start-up).
    command_s: float | None
    steps: dict[str, float] = field(default_factory=dict)


_STEP = re.compile(r"^\s+(?P<name>[\w-]+): (?P<seconds>[\d.]+) s$")
_TOTAL = re.compile(r"Seeded the \w+ cooperative in (?P<seconds>[\d.]+) s")


def timed_seed(scale: str, seed: int, env: dict[str, str]) -> SeedTiming:
    """Run ``cairn seed``, echoing its progress, and time it."""
    started = time.monotonic()
    process = subprocess.Popen(
        cairn("seed", "--scale", scale, "--seed", str(seed)),
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None  # noqa: S101 — Popen(stdout=PIPE) always has it
    steps: dict[str, float] = {}
    command_s = None
    for line in process.stdout:
        print(f"    {line.rstrip()}", flush=True)
        if match := _STEP.match(line):
            steps[match["name"]] = float(match["seconds"])
        elif match := _TOTAL.search(line):
            command_s = float(match["seconds"])
    if process.wait() != 0:
        raise SystemExit(f"bench: `cairn seed --scale {scale}` failed (exit {process.returncode})")
    return SeedTiming(scale=scale, wall_s=round(time.monotonic() - started, 1), command_s=command_s, steps=steps)


def machine() -> dict[str, Any]:
    import platform

    return {
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "memory_gib": _memory_gib(),
    }


def _memory_gib() -> float | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            kib = int(meminfo.readline().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return round(kib / 2**20, 1)


def git_revision() -> str | None:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return f"{head}{'+uncommitted' if dirty else ''}"


def now_stamp() -> tuple[str, str]:
    now = datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%SZ"), now.isoformat(timespec="seconds")


def write_results(data: dict[str, Any], stamp: str, prefix: str = "") -> Path:
    """Write ``results/<prefix><stamp>.json`` and ``results/<prefix>latest.json``."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    path = RESULTS / f"{prefix}{stamp}.json"
    path.write_text(text, encoding="utf-8")
    (RESULTS / f"{prefix}latest.json").write_text(text, encoding="utf-8")
    return path
