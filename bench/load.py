"""The load generator: threads, each with its own keep-alive ``http.client`` connection,
requesting one page at a fixed concurrency for a duration or a number of requests."""

from __future__ import annotations

import http.client
import math
import resource
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pages import Page
from server import HOST


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


def load_page(
    port: int, target: Target, *, concurrency: int, warmup: float, duration: float, max_requests: int, timeout: float
) -> dict[str, Any]:
    """Warm one page up (unmeasured), then load it and return its row of the report."""
    hammer(port, target, concurrency=concurrency, duration=warmup, max_requests=max_requests, timeout=timeout)
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    sample, elapsed = hammer(port, target, concurrency=concurrency, duration=duration, max_requests=max_requests, timeout=timeout)
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    latencies = sorted(sample.latencies)
    n = len(latencies)
    return {
        "name": target.page.name,
        "path": target.path,
        "member": target.page.member,
        "staff": target.page.staff,
        "token": target.page.token,
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
    }
