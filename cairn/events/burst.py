"""A registration burst: many clients register for one event at the same instant.

    python -m cairn.events.burst --sqlite /tmp/burst.sqlite3 --clients 100 --capacity 20
    python -m cairn.events.burst --clients 60 --capacity 20      # on DATABASE_URL (migrated)

Creates an event and the members, releases one thread per client at once (a barrier;
each thread its own database connection), then prints one JSON line: how many were
confirmed and waitlisted, and the event's seat counter; confirmed must equal the
capacity. The SQLite concurrency test runs it; the benchmark bursts over HTTP instead
(``bench/registration_burst.py``), its clients released by ``release_together`` too.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any


def release_together(client: Callable[[Any], object], items: Iterable[Any]) -> float:
    """Run ``client(item)`` in one thread per item and wait for them all; return the
    seconds from the first start to the last end. Each client prepares what it needs, then
    waits on a ``threading.Barrier`` sized for every item, so that they act at once."""
    threads = [threading.Thread(target=client, args=(item,)) for item in items]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cairn.events.burst")
    parser.add_argument("--sqlite", help="a SQLite file to create and migrate (otherwise DATABASE_URL, already migrated)")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--capacity", type=int, default=20)
    args = parser.parse_args(argv)
    if args.sqlite:
        os.environ["DATABASE_URL"] = f"sqlite:///{args.sqlite}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cairn.settings")
    import django
    from django.conf import settings

    django.setup()
    # The burst measures seats, not e-mails: confirmations are queued nowhere.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": settings.TASK_LANES}}
    from django.core.management import call_command
    from django.db import connections

    if args.sqlite:
        call_command("migrate", verbosity=0)
    import datetime as dt

    from django.utils import timezone

    from cairn.accounts.models import User
    from cairn.events.models import Event, Registration, RegistrationStatus
    from cairn.events.services.events import event_create
    from cairn.events.services.registrations import registration_register

    stamp = int(time.time() * 1000)
    event = event_create(
        actor=None,
        title=f"Burst {stamp}",
        capacity=args.capacity,
        address="Rue de la Loi 1",
        starts_at=timezone.now() + dt.timedelta(days=7),
        ends_at=timezone.now() + dt.timedelta(days=7, hours=2),
    )
    users = [User.objects.create_user(f"burst-{stamp}-{n}@example.org") for n in range(args.clients)]
    connections.close_all()
    barrier = threading.Barrier(args.clients)
    errors: list[str] = []

    def client(user_id: int) -> None:
        try:
            user = User.objects.get(pk=user_id)
            target = Event.objects.get(pk=event.pk)
            barrier.wait(timeout=120)
            registration_register(event=target, user=user)
        except Exception as exc:  # noqa: BLE001 — every error is counted in the report
            errors.append(repr(exc))
        finally:
            connections.close_all()

    elapsed = release_together(client, [u.pk for u in users])
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    event.refresh_from_db()
    for error in errors[:5]:
        print(error, file=sys.stderr)  # noqa: T201 — a command-line report
    report = {
        "clients": args.clients,
        "capacity": args.capacity,
        "confirmed": statuses.count(RegistrationStatus.CONFIRMED),
        "waitlisted": statuses.count(RegistrationStatus.WAITLISTED),
        "errors": len(errors),
        "counter": event.confirmed_count,
    }
    print(f"{elapsed:.2f} s", file=sys.stderr)  # noqa: T201
    print(json.dumps(report))  # noqa: T201
    return 0 if report["confirmed"] == min(args.capacity, args.clients) and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
