"""The mentors of a question and their slots: the organisers name them, the teams see them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cairn.core.audit import record_change
from cairn.hackathons.models import Mentor, MentorSlot, Question


def mentor_add(*, actor: Any, question: Question, user: Any) -> Mentor:
    """Name someone mentor of the question (naming them twice changes nothing)."""
    if not user.is_active or user.anonymised_at is not None:
        raise ValidationError(_("Cette personne ne peut pas être mentor."))
    with transaction.atomic():
        mentor, created = Mentor.objects.get_or_create(question=question, user=user)
        if created:
            record_change(actor=actor, instance=question, action="hackathon_mentor_add", after={"user": user.pk})
    return mentor


def mentor_slot_add(*, actor: Any, mentor: Mentor, starts_at: dt.datetime, ends_at: dt.datetime) -> MentorSlot:
    """A time the mentor is there; it must fall within the hackathon's days."""
    event = mentor.question.hackathon.event
    errors: dict[str, list[str]] = {}
    if ends_at <= starts_at:
        errors["ends_at"] = [_("La fin doit suivre le début.")]
    if starts_at < event.starts_at or ends_at > event.ends_at:
        errors["starts_at"] = [_("Ce moment doit tenir dans les jours du hackathon.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        slot = MentorSlot.objects.create(mentor=mentor, starts_at=starts_at, ends_at=ends_at)
        record_change(
            actor=actor,
            instance=mentor.question,
            action="hackathon_mentor_slot_add",
            after={"user": mentor.user_id, "starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()},
        )
    return slot
