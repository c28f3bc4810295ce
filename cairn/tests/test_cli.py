"""The `cairn` command, run as a newcomer runs it: in a subprocess, on a fresh data folder."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "DEBUG", "REDIS_URL"))}
    env["CAIRN_DATA_DIR"] = str(data_dir)
    return env


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 — loopback only
        return response.status, response.read().decode()


def test_demo_serves_the_seeded_cooperative_and_stops_both_processes_on_ctrl_c(tmp_path: Path) -> None:
    port = _free_port()
    demo = subprocess.Popen(
        [sys.executable, "-m", "cairn.cli", "demo", "--scale", "small", "--port", str(port)],
        cwd=REPO,
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/fr/")
                break
            except OSError:
                if demo.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"cairn demo did not start:\n{demo.stdout.read() if demo.stdout else ''}")
                time.sleep(0.5)
        assert status == 200
        assert '<html lang="fr">' in body
        # A missing page is Cairn's own 404, with the navigation: never Django's debug page,
        # which would list every URL of the site to anyone.
        with pytest.raises(urllib.error.HTTPError) as missing:
            _get(f"http://127.0.0.1:{port}/fr/n-existe-pas/")
        assert missing.value.code == 404
        not_found = missing.value.read().decode()
        assert "<h1>Page introuvable</h1>" in not_found
        assert 'aria-label="Navigation principale"' in not_found
        assert "URLconf" not in not_found
        assert (tmp_path / "cairn.sqlite3").exists()
    finally:
        # Ctrl-C in a terminal reaches the whole process group.
        os.killpg(demo.pid, signal.SIGINT)
        output, _ = demo.communicate(timeout=30)

    assert demo.returncode == 0
    # One line per role, with its password, as the README promises.
    for account in ("societaire@demo.cairn.example", "coordination@demo.cairn.example", "admin@demo.cairn.example"):
        assert account in output
    assert "demo-societaire-2015" in output
    assert "Starting worker" in output  # the task worker ran beside the web server
    assert output.rstrip().endswith("Cairn: stopped.")
    leftover = subprocess.run(["pgrep", "-s", str(demo.pid)], capture_output=True, text=True, check=False)
    assert leftover.stdout.strip() == "", "a server or worker process outlived Ctrl-C"


def test_serve_refuses_to_start_without_collected_static_files(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cairn.cli", "serve", "--port", str(_free_port())],
        cwd=REPO,
        env={**_env(tmp_path), "STATIC_ROOT": str(tmp_path / "static")},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "collectstatic" in result.stderr


def test_manage_reaches_every_django_command(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cairn.cli", "manage", "help", "--commands"],
        cwd=REPO,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    commands = set(result.stdout.split())
    assert {"migrate", "createsuperuser", "seed", "import_members", "db_worker", "check"} <= commands


def test_import_recommendations_checks_then_imports_a_pad(tmp_path: Path) -> None:
    """`cairn import recommendations FILE [--dry-run]`, as the registry issue promises."""
    env = _env(tmp_path)
    pad = REPO / "cairn" / "recommendations" / "tests" / "data" / "pad_fr_cooperation.md"

    def cairn(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cairn.cli", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False
        )

    assert cairn("manage", "migrate", "--verbosity", "0").returncode == 0
    create_cycle = (
        "from cairn.recommendations.factories import CycleFactory; CycleFactory(name='2019-2020', slug='2019-2020', code='2019-20')"
    )
    assert cairn("manage", "shell", "-c", create_cycle).returncode == 0

    without_cycle = cairn("import", "recommendations", str(pad))
    dry_run = cairn("import", "recommendations", str(pad), "--cycle", "2019-2020", "--dry-run")
    imported = cairn("import", "recommendations", str(pad), "--cycle", "2019-2020")
    again = cairn("import", "recommendations", str(pad), "--cycle", "2019-2020")

    assert without_cycle.returncode == 1
    assert "A pad that does not name its cycle needs --cycle CYCLE" in without_cycle.stderr
    assert dry_run.returncode == 0, dry_run.stderr
    assert "Dry run: recommendations created 14" in dry_run.stdout
    assert imported.returncode == 0, imported.stderr
    assert "Imported: recommendations created 14, updated 0, unchanged 0" in imported.stdout
    assert "Imported: recommendations created 0, updated 0, unchanged 14" in again.stdout
