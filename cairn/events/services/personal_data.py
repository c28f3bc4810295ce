"""What a member's erasure changes in events (their data export is
``selectors.personal_data``)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cairn.events.models import CalendarFeed, Feedback, Registration
from cairn.events.services.registrations import RegistrationRefused, registration_cancel


def personal_data_erase(*, user: Any) -> None:
    """Erasure: the seats and places in the queue the member holds for events still to come
    are given up through ``registration_cancel``, so the waitlist moves up and the people
    promoted hear of it; past registrations stay (the attendance figures) without their
    answers, feedback keeps its rating without its comment, and the private calendar feed goes."""
    upcoming = Registration.objects.active().filter(user=user, event__starts_at__gt=timezone.now()).select_related("event")
    for registration in upcoming.order_by("event__starts_at", "pk"):
        try:
            registration_cancel(registration=registration, actor=user)
        except RegistrationRefused:
            continue  # it started meanwhile: a past registration now, kept like the others
    Registration.objects.filter(user=user).update(answers={})
    Feedback.objects.filter(user=user).update(comment="")
    CalendarFeed.objects.filter(user=user).delete()
