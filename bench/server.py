"""The production server as it runs behind its TLS-terminating proxy: ``cairn serve``
(gunicorn) on a free loopback port, every request carrying the header the proxy adds."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import common

HOST = "127.0.0.1"  # loopback only: the benchmark never sends a request anywhere else
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}  # what the TLS-terminating proxy adds
PRODUCTION_CORES = 2
#: gunicorn's rule, which ``cairn serve`` applies by default (WEB_CONCURRENCY): 2 × cores + 1.
PRODUCTION_WORKERS = 2 * PRODUCTION_CORES + 1
THREADS_PER_WORKER = 4  # fixed by cairn/cli.py (gthread worker class)


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

    def wait_ready(self, timeout: float = 300.0) -> None:
        # Generous: on a machine other jobs share, five workers importing Django may take
        # minutes to boot; the load only starts once every worker has settled.
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


def get(port: int, path: str, headers: dict[str, str] | None = None, timeout: float = 30) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.msg, response.read()
    finally:
        conn.close()


def check_ssl_redirect(port: int) -> None:
    """Production keeps SECURE_SSL_REDIRECT on: without the proxy's header, a page redirects."""
    status, message, _ = get(port, "/fr/")
    if status != 301 or not (message.get("Location") or "").startswith("https://"):
        raise SystemExit(f"bench: expected the HTTPS redirect on plain HTTP, got {status}; is SECURE_SSL_REDIRECT off?")
