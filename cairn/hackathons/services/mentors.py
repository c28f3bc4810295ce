"""The mentors of a question and their slots: the organisers name them, the teams see them."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.core.audit import record_change
from cairn.hackathons.models import Mentor, MentoringCancellation, MentorSlot, Question


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


def _tell_teams(question: Question, mentor: Mentor, slots: list[tuple[dt.datetime, dt.datetime]]) -> None:
    """After commit: the question's teams hear that these coming slots are off (they may have
    planned on them). Nothing to tell without teams or coming slots."""
    from cairn.hackathons.tasks import send_mentoring_cancelled

    if not slots:
        return
    cancellation = MentoringCancellation.objects.create(
        question=question, mentor_id=mentor.user_id, slots=[[a.isoformat(), b.isoformat()] for a, b in slots]
    )
    transaction.on_commit(partial(send_mentoring_cancelled.enqueue, cancellation_id=cancellation.pk))


def mentor_slot_remove(*, actor: Any, slot: MentorSlot) -> None:
    """Take a slot back. A slot that has begun is the record of what happened: refused. The
    question's teams are told by e-mail that it is off. Taking back a slot already taken
    back (a second click, two organisers at once) records and tells nothing more."""
    if slot.starts_at <= timezone.now():
        raise ValidationError(_("Ce créneau a commencé ou est passé : il reste au programme du mentor."))
    mentor = slot.mentor
    with transaction.atomic():
        removed, _by_model = MentorSlot.objects.filter(pk=slot.pk).delete()
        if not removed:
            return
        record_change(
            actor=actor,
            instance=mentor.question,
            action="hackathon_mentor_slot_remove",
            before={"user": mentor.user_id, "starts_at": slot.starts_at.isoformat(), "ends_at": slot.ends_at.isoformat()},
        )
        _tell_teams(mentor.question, mentor, [(slot.starts_at, slot.ends_at)])


def mentor_remove(*, actor: Any, mentor: Mentor) -> None:
    """The person no longer mentors the question; their slots go with them. The question's
    teams are told by e-mail of the coming slots that are off; once, however many times it
    is asked (the row is locked, then gone)."""
    now = timezone.now()
    with transaction.atomic():
        if not Mentor.objects.select_for_update().filter(pk=mentor.pk).exists():
            return
        slots = list(mentor.slots.order_by("starts_at"))
        Mentor.objects.filter(pk=mentor.pk).delete()
        record_change(
            actor=actor,
            instance=mentor.question,
            action="hackathon_mentor_remove",
            before={"user": mentor.user_id, "slots": [[s.starts_at.isoformat(), s.ends_at.isoformat()] for s in slots]},
        )
        _tell_teams(mentor.question, mentor, [(s.starts_at, s.ends_at) for s in slots if s.starts_at > now])
