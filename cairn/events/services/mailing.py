"""The claims that make the events' e-mails go once: a task claims what it sends with a
conditional ``UPDATE`` before sending, so a re-run (or a second worker) sends nothing
twice. Each returns whether this caller won the claim."""

from __future__ import annotations

from django.utils import timezone

from cairn.events.models import EventMessage, Registration


def registration_confirmation_claim(*, registration_id: int) -> bool:
    """The confirmation (with its .ics) of a registration goes once."""
    return bool(
        Registration.objects.filter(pk=registration_id, confirmation_sent_at__isnull=True).update(confirmation_sent_at=timezone.now())
    )


def registration_reminder_claim(*, registration_id: int) -> bool:
    """The day-before reminder of a registration goes once."""
    return bool(Registration.objects.filter(pk=registration_id, reminder_sent_at__isnull=True).update(reminder_sent_at=timezone.now()))


def event_message_claim(*, message_id: int) -> bool:
    """An organiser's message to the registrants goes once."""
    return bool(EventMessage.objects.filter(pk=message_id, sent_at__isnull=True).update(sent_at=timezone.now()))


def event_message_sent(*, message_id: int, recipients: int) -> None:
    """Record how many people an organiser's message went to."""
    EventMessage.objects.filter(pk=message_id).update(recipients=recipients)
