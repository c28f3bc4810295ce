"""The registration burst: many members POST the registration form of one event at the
same instant, through the production server (ADR 0010: never over capacity)."""

from __future__ import annotations

import http.client
import secrets
import threading
import time
from collections import Counter
from typing import Any

from server import HOST, PROXY_HEADERS
from sessions import session_for

#: The registration burst: this many members POST the registration form of one event at
#: the same instant, through the production server (each its own HTTP connection and session).
BURST_CLIENTS = 100
BURST_CAPACITY = 20


def registration_burst(port: int, session_cookie_name: str) -> dict[str, Any]:
    """Many members register for one event at once, over HTTP; the report must show
    confirmed = capacity (``cairn/events/services/seats.py``, ADR 0010)."""
    import datetime as dt

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from cairn.accounts.models import Role, User
    from cairn.events.burst import release_together
    from cairn.events.models import Event, Registration, RegistrationStatus

    stamp = time.strftime("%Y%m%d%H%M%S")
    start = timezone.now() + dt.timedelta(days=30)
    event = Event.objects.create(
        title=f"Registration burst {stamp}",
        capacity=BURST_CAPACITY,
        address="Bench",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    users = [User.objects.create_user(f"burst-{stamp}-{n}@bench.cairn.example") for n in range(BURST_CLIENTS)]
    # Members, as the register's import makes them: only members may register (events.register).
    Group.objects.get(name=Role.MEMBER).user_set.add(*users)
    sessions = [session_for(user) for user in users]
    path = f"/fr/evenements/{event.pk}/inscription/"
    origin = f"https://{HOST}:{port}"
    barrier = threading.Barrier(BURST_CLIENTS)
    statuses: Counter[str] = Counter()
    lock = threading.Lock()

    def count(outcome: str) -> None:
        with lock:
            statuses[outcome] += 1

    def client(session_key: str) -> None:
        csrf = secrets.token_hex(16)  # a 32-character secret, sent as cookie and header
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        try:
            conn.connect()
            barrier.wait(timeout=60)
            conn.request(
                "POST",
                path,
                body="",
                headers={
                    **PROXY_HEADERS,
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"{session_cookie_name}={session_key}; csrftoken={csrf}",
                    "X-CSRFToken": csrf,
                    "Origin": origin,
                    "Referer": origin + path,
                },
            )
            response = conn.getresponse()
            response.read()
            count(str(response.status))
        except Exception as exc:  # noqa: BLE001 — every failure is counted in the report
            count(exc.__class__.__name__)
        finally:
            conn.close()

    elapsed = release_together(client, sessions)
    event.refresh_from_db()
    rows = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    return {
        "clients": BURST_CLIENTS,
        "capacity": BURST_CAPACITY,
        "confirmed": rows.count(RegistrationStatus.CONFIRMED),
        "waitlisted": rows.count(RegistrationStatus.WAITLISTED),
        "counter": event.confirmed_count,
        "responses": dict(statuses),
        "errors": sum(n for status, n in statuses.items() if status != "302"),
        "seconds": round(elapsed, 2),
    }
