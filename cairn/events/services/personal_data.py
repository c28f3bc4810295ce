"""What a member's erasure changes in events (their data export is
``selectors.personal_data``)."""

from __future__ import annotations

from typing import Any

from cairn.events.models import CalendarFeed, Feedback, Registration


def personal_data_erase(*, user: Any) -> None:
    """Erasure: answers and feedback comments go; the registrations stay (seat counts)."""
    Registration.objects.filter(user=user).update(answers={})
    Feedback.objects.filter(user=user).update(comment="")
    CalendarFeed.objects.filter(user=user).delete()
