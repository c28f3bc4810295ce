"""A member's events in their personal data export, and what their erasure removes."""

from __future__ import annotations

from typing import Any

from cairn.events.models import CalendarFeed, Feedback, Registration


def export_member_registrations(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "event": r.event.title,
            "starts_at": r.event.starts_at.isoformat(),
            "status": r.status,
            "answers": r.answers,
            "attended": r.attended_at is not None,
        }
        for r in Registration.objects.filter(user=user).select_related("event").order_by("event__starts_at")
    ]


def erase_member_registrations(user: Any) -> None:
    """Erasure: answers and feedback comments go; the registrations stay (seat counts)."""
    Registration.objects.filter(user=user).update(answers={})
    Feedback.objects.filter(user=user).update(comment="")
    CalendarFeed.objects.filter(user=user).delete()
