"""The claims that make the experiments' e-mails go once: a task claims what it sends with a
conditional ``UPDATE`` before sending, so a re-run (or a second worker) sends nothing twice.
Each returns whether this caller won the claim."""

from __future__ import annotations

from django.utils import timezone

from cairn.experiments.models import Call, Expression, Placement, PlacementState


def call_announcement_claim(*, call_id: int) -> bool:
    return bool(Call.objects.filter(pk=call_id, announced_at__isnull=True).update(announced_at=timezone.now()))


def invitation_claim(*, placement_id: int) -> bool:
    return bool(
        Placement.objects.filter(pk=placement_id, state=PlacementState.INVITED, emailed_at__isnull=True).update(emailed_at=timezone.now())
    )


def unplaced_claim(*, expression_id: int) -> bool:
    return bool(Expression.objects.filter(pk=expression_id, unplaced_notified_at__isnull=True).update(unplaced_notified_at=timezone.now()))
