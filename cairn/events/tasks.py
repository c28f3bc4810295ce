"""Background e-mails of the events; each task takes ids and sends nothing twice."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from cairn.core.lanes import BULK
from cairn.events import emails
from cairn.events.models import Event, EventMessage, EventStatus, Registration, RegistrationStatus
from cairn.events.recurrence import BRUSSELS
from cairn.events.services import mailing

#: Which e-mail goes with which registration state.
TEMPLATE_FOR = {
    "confirmed": "registration_confirmed",
    "promoted": "registration_promoted",
    "waitlisted": "registration_waitlisted",
    "pending": "registration_pending",
}


@task()
def send_registration_email(*, registration_id: int, kind: str) -> bool:
    """The confirmation (with its .ics), waitlist or pending notice, or the promotion. A
    confirmation goes once; a notice whose state has passed (promoted meanwhile) is skipped."""
    registration = Registration.objects.select_related("event", "user__profile").filter(pk=registration_id).first()
    if registration is None:
        return False
    expected = RegistrationStatus.CONFIRMED if kind == "promoted" else kind
    if registration.status != expected:
        return False
    if expected == RegistrationStatus.CONFIRMED and not mailing.registration_confirmation_claim(registration_id=registration_id):
        return False
    context = emails.registration_context(registration)
    return emails.send(
        TEMPLATE_FOR[kind],
        user=registration.user,
        context=context,
        event=registration.event,
        with_ics=expected == RegistrationStatus.CONFIRMED,
    )


@task()
def send_event_full(*, event_id: int) -> int:
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    organisers = list(event.organisers.select_related("profile"))
    return sum(emails.send("event_full", user=organiser, context={}, event=event) for organiser in organisers)


@task(queue_name=BULK)
def send_event_cancelled(*, event_id: int) -> int:
    event = Event.objects.filter(pk=event_id, status=EventStatus.CANCELLED).first()
    if event is None:
        return 0
    registrations = Registration.objects.filter(event=event).active().select_related("user__profile")
    return sum(
        emails.send("event_cancelled", user=registration.user, context={"registration": registration}, event=event)
        for registration in registrations
    )


@task(queue_name=BULK)
def send_event_message(*, message_id: int) -> int:
    """An organiser's message to everyone registered or waitlisted; sent once."""
    if not mailing.event_message_claim(message_id=message_id):
        return 0
    message = EventMessage.objects.select_related("event", "sent_by__profile").get(pk=message_id)
    registrations = list(
        Registration.objects.filter(
            event=message.event, status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
        ).select_related("user__profile")
    )
    sent = sum(
        emails.send(
            "event_message", user=registration.user, context={"message": message, "registration": registration}, event=message.event
        )
        for registration in registrations
    )
    mailing.event_message_sent(message_id=message_id, recipients=sent)
    return sent


@task(queue_name=BULK)
def send_reminders(*, today: str = "") -> int:
    """The day before an event, remind everyone confirmed. Run daily (or more often): each
    person gets one reminder, whatever the number of runs."""
    day = dt.date.fromisoformat(today) if today else timezone.now().astimezone(BRUSSELS).date()
    tomorrow = day + dt.timedelta(days=1)
    start = dt.datetime.combine(tomorrow, dt.time(0), tzinfo=BRUSSELS)
    end = start + dt.timedelta(days=1)
    due = Registration.objects.filter(
        Q(event__starts_at__gte=start) & Q(event__starts_at__lt=end),
        event__status=EventStatus.SCHEDULED,
        status=RegistrationStatus.CONFIRMED,
        reminder_sent_at__isnull=True,
    ).select_related("event", "user__profile")
    sent = 0
    for registration in due:
        if not mailing.registration_reminder_claim(registration_id=registration.pk):
            continue
        sent += emails.send("reminder", user=registration.user, context=emails.registration_context(registration), event=registration.event)
    return sent


@task(queue_name=BULK)
def extend_series() -> int:
    """Keep every series materialised a year ahead (run daily)."""
    from cairn.events.models import Series
    from cairn.events.services.series import series_materialise

    return sum(len(series_materialise(series=series)) for series in Series.objects.all())


def queue_daily_event_tasks() -> None:
    """Once a day (``cairn worker``'s scheduler, or ``cairn manage events_daily``)."""
    send_reminders.enqueue()
    extend_series.enqueue()
