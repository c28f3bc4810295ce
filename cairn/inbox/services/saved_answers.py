"""Saved answers: the replies the coordination team reuses, one text per language (French,
Dutch, English) under one title. Written by the team from the inbox; every change audited;
an edit made on a version someone else changed since is refused (``cairn.core.editing``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from cairn.core.audit import record_change, snapshot
from cairn.core.editing import refuse_stale
from cairn.inbox.models import SavedAnswer

SAVED_ANSWER_FIELDS = ["title", "language", "body"]


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(SAVED_ANSWER_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    return {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}


def saved_answer_create(*, actor: Any, **values: Any) -> SavedAnswer:
    """A new saved answer; the same title twice in one language is refused."""
    answer = SavedAnswer(**_clean(values))
    with transaction.atomic():
        answer.full_clean()
        answer.save()
        record_change(actor=actor, instance=answer, action="create", after=snapshot(answer, SAVED_ANSWER_FIELDS))
    return answer


def saved_answer_update(
    *, actor: Any, answer: SavedAnswer, expected_updated_at: datetime.datetime | None = None, **values: Any
) -> SavedAnswer:
    """Change a saved answer; a stale edit raises ``StaleEdit`` and writes nothing."""
    values = _clean(values)
    with transaction.atomic():
        current = SavedAnswer.objects.select_for_update().get(pk=answer.pk)
        refuse_stale(current, expected_updated_at)
        changes = {name: value for name, value in values.items() if getattr(current, name) != value}
        if not changes:
            return current
        before = snapshot(current, sorted(changes))
        for name, value in changes.items():
            setattr(current, name, value)
        current.full_clean()
        current.save(update_fields=[*changes, "updated_at"])
        record_change(actor=actor, instance=current, action="update", before=before, after=snapshot(current, sorted(changes)))
    return current


def saved_answer_delete(*, actor: Any, answer: SavedAnswer) -> None:
    with transaction.atomic():
        record_change(actor=actor, instance=answer, action="delete", before=snapshot(answer, SAVED_ANSWER_FIELDS))
        answer.delete()
