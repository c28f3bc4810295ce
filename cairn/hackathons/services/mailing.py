"""Claims that make each e-mail go once, whatever runs twice: a phase's per participant, a
mentoring cancellation's per cancellation."""

from __future__ import annotations

from django.utils import timezone

from cairn.hackathons.models import MentoringCancellation, Participant


def phase_email_claim(*, participant: Participant, field: str) -> bool:
    """Mark the e-mail as sent (``team_emailed_at`` or ``results_emailed_at``); False if it already was."""
    return Participant.objects.filter(pk=participant.pk, **{f"{field}__isnull": True}).update(**{field: timezone.now()}) == 1


def cancellation_claim(*, cancellation_id: int) -> bool:
    """Mark a mentoring cancellation's e-mails as sent; False if they already were (or it is gone)."""
    return MentoringCancellation.objects.filter(pk=cancellation_id, emailed_at__isnull=True).update(emailed_at=timezone.now()) == 1
