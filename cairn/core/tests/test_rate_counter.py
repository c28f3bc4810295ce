"""The API's rate counters without Redis (``cairn.core.services.rate_count``, decision
0039): one statement per request that counts, exact under concurrent requests, and the
counters of windows that are over are purged."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from cairn.core.models import RateCounter
from cairn.core.services import rate_count, rate_counters_purge


@pytest.mark.django_db
def test_each_call_counts_one_more_for_its_key_in_one_query(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    expires = timezone.now() + datetime.timedelta(seconds=65)
    with django_assert_num_queries(1):
        assert rate_count(key="ip:192.0.2.1:1", expires=expires) == 1
    assert [rate_count(key="ip:192.0.2.1:1", expires=expires) for _ in range(3)] == [2, 3, 4]
    assert rate_count(key="ip:192.0.2.2:1", expires=expires) == 1
    assert dict(RateCounter.objects.values_list("key", "count")) == {"ip:192.0.2.1:1": 4, "ip:192.0.2.2:1": 1}


@pytest.mark.django_db
def test_the_counters_of_windows_that_are_over_are_purged() -> None:
    now = timezone.now()
    rate_count(key="old", expires=now - datetime.timedelta(seconds=1))
    rate_count(key="current", expires=now + datetime.timedelta(seconds=60))
    assert rate_counters_purge(now=now) == 1
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["current"]


@pytest.mark.django_db(transaction=True)
def test_requests_at_once_never_lose_a_count_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL run (DATABASE_URL=postgres://…); SQLite serialises writers")
    from django.db import connections

    threads, each = 20, 5
    barrier = threading.Barrier(threads)
    seen: list[int] = []
    errors: list[BaseException] = []
    expires = timezone.now() + datetime.timedelta(seconds=65)

    def worker() -> None:
        try:
            barrier.wait(timeout=30)
            for _ in range(each):
                seen.append(rate_count(key="token:1:1", expires=expires))
        except BaseException as exc:  # noqa: BLE001 — collected and asserted empty
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=60)
    assert errors == []
    # Every request got its own number: none counted twice, none lost.
    assert sorted(seen) == list(range(1, threads * each + 1))
