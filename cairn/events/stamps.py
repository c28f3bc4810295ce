"""The stamp the agenda's API list is answered under (``cairn.core.stamps``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max

from cairn.core.stamps import stamp
from cairn.events.models import Event, Feedback, Registration


@stamp("agenda")
def agenda_stamp() -> tuple[Any, ...]:
    """What changes when an event is created, edited, cancelled or given organisers, or when
    someone registers, cancels or moves up from the waiting list — the seats left (two
    queries). Every registration change saves the registration with its ``updated_at``
    (``events.services``), in the transaction that moves the event's counter."""
    events = Event.objects.aggregate(n=Count("pk", distinct=True), latest=Max("updated_at"), organisers=Count("organisers"))
    seats = Registration.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    return (events["n"], str(events["latest"]), events["organisers"], seats["n"], str(seats["latest"]))


@stamp("event-feedback")
def feedback_stamp() -> tuple[Any, ...]:
    """What changes when a member gives or changes their opinion of a past event (one
    query): an event's page, kept per reader, shows their opinion in its form."""
    feedback = Feedback.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    return (feedback["n"], str(feedback["latest"]))
