"""Claims that make each phase e-mail go once per participant, whatever runs twice."""

from __future__ import annotations

from django.utils import timezone

from cairn.hackathons.models import Participant


def phase_email_claim(*, participant: Participant, field: str) -> bool:
    """Mark the e-mail as sent (``team_emailed_at`` or ``results_emailed_at``); False if it already was."""
    return Participant.objects.filter(pk=participant.pk, **{f"{field}__isnull": True}).update(**{field: timezone.now()}) == 1
