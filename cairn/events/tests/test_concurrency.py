"""Never over capacity, under real concurrency: threads released together by a barrier,
each with its own database connection, register for one 20-seat event at once.

PostgreSQL runs this when ``DATABASE_URL`` points at it (CI does both): 60 threads, each
with its own connection, register two members each at the same instant. The server allows
100 connections; the threads leave room for the test run's own (its test database, the
live server's, a second run against the same server).
SQLite serialises writers (IMMEDIATE transactions, ``timeout`` 20 s); an in-memory test
database cannot be shared by threads that write, so the SQLite run uses a file database
in a child process (``burst.py``), the same code the benchmark runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection

from cairn.accounts.factories import UserFactory
from cairn.events.factories import EventFactory
from cairn.events.models import Event, Registration, RegistrationStatus
from cairn.events.services.registrations import registration_cancel, registration_register

THREADS = 60
PER_THREAD = 2
CAPACITY = 20


def fire(event_id: int, user_ids: list[int], threads: int) -> list[BaseException]:
    """Register every user at once: ``threads`` threads, each its own connection."""
    from django.db import connections

    from cairn.accounts.models import User

    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []
    chunks = [user_ids[i::threads] for i in range(threads)]

    def worker(chunk: list[int]) -> None:
        try:
            users = list(User.objects.filter(pk__in=chunk))  # opens this thread's own connection
            event = Event.objects.get(pk=event_id)
            barrier.wait(timeout=60)
            for user in users:
                registration_register(event=event, user=user)
        except BaseException as exc:  # noqa: BLE001 — collected and asserted empty
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=worker, args=(chunk,)) for chunk in chunks]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=120)
    return errors


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_never_overbook_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL run (DATABASE_URL=postgres://…); the SQLite run is the test below")
    event = EventFactory(capacity=CAPACITY)
    users = [UserFactory() for _ in range(THREADS * PER_THREAD)]
    connection.close()  # one connection fewer while the threads run

    errors = fire(event.pk, [u.pk for u in users], THREADS)

    assert errors == []
    event.refresh_from_db()
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == CAPACITY
    assert statuses.count(RegistrationStatus.WAITLISTED) == THREADS * PER_THREAD - CAPACITY
    assert len(statuses) == THREADS * PER_THREAD
    assert event.confirmed_count == CAPACITY


def test_parallel_registrations_never_overbook_sqlite(tmp_path: Path) -> None:
    """100 threads at once against a SQLite file: exactly 20 confirmed, 80 waitlisted."""
    result = subprocess.run(
        [sys.executable, "-m", "cairn.events.burst", "--sqlite", str(tmp_path / "burst.sqlite3"), "--clients", "100", "--capacity", "20"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=Path(__file__).resolve().parents[3],
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "cairn.settings"},
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report == {"clients": 100, "capacity": 20, "confirmed": 20, "waitlisted": 80, "errors": 0, "counter": 20}


@pytest.mark.django_db(transaction=True)
def test_cancellations_and_registrations_at_once_keep_the_counter_exact_postgresql() -> None:
    """A full event: 20 people cancel while 40 others register, all at once. The freed
    seats go to the waitlist first; the counter always equals the confirmed rows."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL run (DATABASE_URL=postgres://…)")
    from django.db import connections

    event = EventFactory(capacity=CAPACITY)
    seated = [registration_register(event=event, user=UserFactory()) for _ in range(CAPACITY)]
    waiting = [registration_register(event=event, user=UserFactory()) for _ in range(10)]
    newcomers = [UserFactory() for _ in range(40)]
    barrier = threading.Barrier(len(seated) + len(newcomers))
    errors: list[BaseException] = []

    def cancel(registration_id: int) -> None:
        try:
            registration = Registration.objects.select_related("event").get(pk=registration_id)
            barrier.wait(timeout=60)
            registration_cancel(registration=registration)
        except BaseException as exc:  # noqa: BLE001 — collected and asserted empty
            errors.append(exc)
        finally:
            connections.close_all()

    def register(user_id: int) -> None:
        try:
            from cairn.accounts.models import User

            user = User.objects.get(pk=user_id)
            target = Event.objects.get(pk=event.pk)
            barrier.wait(timeout=60)
            registration_register(event=target, user=user)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cancel, args=(r.pk,)) for r in seated]
    threads += [threading.Thread(target=register, args=(u.pk,)) for u in newcomers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    event.refresh_from_db()
    confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
    assert event.confirmed_count == confirmed.count() == CAPACITY
    # Everyone who was waiting before the burst got a seat.
    assert set(confirmed.filter(pk__in=[r.pk for r in waiting]).values_list("pk", flat=True)) == {r.pk for r in waiting}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("cancelled_before", [False, True])
def test_the_same_member_clicking_many_times_at_once_holds_one_seat_postgresql(cancelled_before: bool) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL run (DATABASE_URL=postgres://…)")
    event = EventFactory(capacity=5)
    member = UserFactory()
    if cancelled_before:
        registration_cancel(registration=registration_register(event=event, user=member))

    errors = fire(event.pk, [member.pk] * 12, 12)

    assert errors == []
    event.refresh_from_db()
    assert list(Registration.objects.filter(event=event).values_list("status", flat=True)) == [RegistrationStatus.CONFIRMED]
    assert event.confirmed_count == 1
