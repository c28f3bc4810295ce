"""The seat counter, the subtle part of registrations (ADR 0010).

A confirmed registration holds one unit of ``Event.confirmed_count``; the counter only
moves through ``claim_seat`` (an atomic conditional ``UPDATE … WHERE confirmed_count <
capacity``) and ``release_seat``. Whoever loses the race for the last seat sees the
``UPDATE`` touch no row and joins the waitlist: no read-then-write gap, on SQLite (writes
serialised by its IMMEDIATE transactions) as on PostgreSQL (the row's lock re-checks the
condition). The CHECK constraint on the counter and the UNIQUE (event, member) constraint
back it in the database. Cancelling, approving and changing the capacity lock the event row
first (``lock_event``), so promotions never interleave.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from cairn.events.models import Event, EventStatus, Registration, RegistrationStatus


def claim_seat(event_id: int) -> bool:
    """Take one seat if one is left: one conditional UPDATE, true when it took it."""
    has_room = Q(capacity__isnull=True) | Q(confirmed_count__lt=F("capacity"))
    return Event.objects.filter(has_room, pk=event_id).update(confirmed_count=F("confirmed_count") + 1) == 1


def release_seat(event_id: int) -> None:
    Event.objects.filter(pk=event_id, confirmed_count__gt=0).update(confirmed_count=F("confirmed_count") - 1)


def after_commit(task: Any, **kwargs: Any) -> None:
    transaction.on_commit(partial(task.enqueue, **kwargs))


def notify_if_full(event_id: int) -> None:
    """Tell the organisers once when the last seat goes (a conditional UPDATE: once only)."""
    from cairn.events.tasks import send_event_full

    became_full = (
        Event.objects.filter(pk=event_id, full_notified_at__isnull=True, capacity__isnull=False, confirmed_count__gte=F("capacity")).update(
            full_notified_at=timezone.now()
        )
        == 1
    )
    if became_full:
        after_commit(send_event_full, event_id=event_id)


def promote_waitlisted(event: Event) -> list[Registration]:
    """Confirm waitlisted people, first come first served, while seats are left. The caller
    holds the event row's lock."""
    from cairn.events.tasks import send_registration_email

    promoted: list[Registration] = []
    if event.starts_at <= timezone.now() or event.status == EventStatus.CANCELLED:
        return promoted
    for registration in Registration.objects.waitlist().filter(event_id=event.pk):
        if not claim_seat(event.pk):
            break
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        after_commit(send_registration_email, registration_id=registration.pk, kind="promoted")
        promoted.append(registration)
    if promoted:
        notify_if_full(event.pk)
    return promoted


def lock_event(event: Event) -> Event:
    """The event's row, locked until the transaction ends, as it is stored now."""
    # FOR NO KEY UPDATE: does not wait for the foreign-key checks of registrations being inserted.
    return Event.objects.select_for_update(no_key=True).get(pk=event.pk)
