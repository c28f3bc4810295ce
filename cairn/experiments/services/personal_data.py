"""What a member's erasure changes in experiments (their data export is
``selectors.personal_data``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from cairn.experiments.models import Expression, Placement, PlacementState


def personal_data_erase(*, user: Any) -> None:
    """Erasure: the member's answers to calls go (their motivation, moments, places are
    theirs), and so do the places they did not take yet; the places they took stay, so the
    groups' figures hold, under "Ancien·ne sociétaire". Groups they facilitated, logbook
    entries and actions keep them, named as an erased member."""
    with transaction.atomic():
        Expression.objects.filter(user=user).delete()
        Placement.objects.filter(user=user).exclude(state=PlacementState.ACCEPTED).delete()
