"""Registering for an event, cancelling, approving or declining a registration, marking
attendance, and the attendees' feedback. Seats move only through ``seats`` (ADR 0010): a
registration service never reads the count and then writes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.core.audit import record_change
from cairn.events.models import ACTIVE_STATUSES, Event, EventStatus, Feedback, Registration, RegistrationStatus
from cairn.events.services.seats import after_commit, claim_seat, lock_event, notify_if_full, promote_waitlisted, release_seat

MAX_ANSWER_LENGTH = 500


class RegistrationRefused(Exception):
    """Registration is not possible now; ``str(exc)`` is the translated reason."""


def _clean_answers(event: Event, answers: dict[str, str] | None) -> dict[str, str]:
    cleaned = {}
    for question in event.questions:
        value = str((answers or {}).get(question, "")).strip()
        if len(value) > MAX_ANSWER_LENGTH:
            raise ValidationError(_("Une réponse fait au plus %(n)s caractères.") % {"n": MAX_ANSWER_LENGTH})
        cleaned[question] = value
    return cleaned


def registration_register(*, event: Event, user: Any, answers: dict[str, str] | None = None, email: bool = True) -> Registration:
    """Register ``user``: a seat if one is left, the waitlist otherwise (or approval first
    when the event asks for it). Registering again while registered changes nothing.
    ``email=False`` when someone else registers them for many events at once (a group's
    members for its meetings): no confirmation e-mail each time; the reminders still come."""
    from cairn.events.tasks import send_registration_email

    existing = Registration.objects.filter(event=event, user=user).first()
    if existing is not None and existing.status in ACTIVE_STATUSES:
        return existing
    refusal = event.registration_refusal()
    if refusal:
        raise RegistrationRefused(refusal)
    cleaned = _clean_answers(event, answers)
    with transaction.atomic():
        if existing is None:
            try:
                with transaction.atomic():
                    registration = Registration.objects.create(
                        event=event, user=user, status=RegistrationStatus.WAITLISTED, answers=cleaned
                    )
            except IntegrityError:
                # The same person, twice at once: the other request won; keep its registration.
                return Registration.objects.get(event=event, user=user)
        else:  # registering again after cancelling: back at the end of the queue
            registration = Registration.objects.select_for_update().get(pk=existing.pk)
            if registration.status in ACTIVE_STATUSES:  # a second click got here first
                return registration
            registration.answers = cleaned
            registration.queued_at = timezone.now()
        if event.requires_approval:
            registration.status = RegistrationStatus.PENDING
        elif claim_seat(event.pk):
            registration.status = RegistrationStatus.CONFIRMED
            notify_if_full(event.pk)
        else:
            registration.status = RegistrationStatus.WAITLISTED
        registration.save(update_fields=["status", "answers", "queued_at", "updated_at"])
        if email:
            after_commit(send_registration_email, registration_id=registration.pk, kind=registration.status)
    return registration


def registration_cancel(*, registration: Registration, actor: Any = None) -> list[Registration]:
    """Cancel; a freed seat goes to the first waitlisted person. Returns who was promoted."""
    event = registration.event
    if event.starts_at <= timezone.now() and event.status == EventStatus.SCHEDULED:
        raise RegistrationRefused(_("Cet évènement a déjà commencé ou est passé : l’inscription ne peut plus être annulée."))
    with transaction.atomic():
        locked_event = lock_event(event)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == RegistrationStatus.CANCELLED:
            registration.status = current.status
            return []
        held_seat = current.status == RegistrationStatus.CONFIRMED
        current.status = RegistrationStatus.CANCELLED
        current.attended_at = None
        current.confirmation_sent_at = None
        current.reminder_sent_at = None
        current.save(update_fields=["status", "attended_at", "confirmation_sent_at", "reminder_sent_at", "updated_at"])
        registration.status = current.status
        if actor is not None and getattr(actor, "pk", None) != current.user_id:
            record_change(actor=actor, instance=current, action="registration_cancel", after={"status": current.status})
        if not held_seat:
            return []
        release_seat(locked_event.pk)
        locked_event.refresh_from_db(fields=["confirmed_count"])
        return promote_waitlisted(locked_event)


def registration_approve(*, registration: Registration, actor: Any) -> Registration:
    """An organiser accepts a pending registration: a seat if one is left, else the waitlist."""
    from cairn.events.tasks import send_registration_email

    with transaction.atomic():
        lock_event(registration.event)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status != RegistrationStatus.PENDING:
            return current
        current.status = RegistrationStatus.CONFIRMED if claim_seat(current.event_id) else RegistrationStatus.WAITLISTED
        current.queued_at = timezone.now()
        current.save(update_fields=["status", "queued_at", "updated_at"])
        record_change(actor=actor, instance=current, action="registration_approve", after={"status": current.status})
        if current.status == RegistrationStatus.CONFIRMED:
            notify_if_full(current.event_id)
        after_commit(send_registration_email, registration_id=current.pk, kind=current.status)
    return current


def registration_decline(*, registration: Registration, actor: Any) -> Registration:
    with transaction.atomic():
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status != RegistrationStatus.PENDING:
            return current
        current.status = RegistrationStatus.CANCELLED
        current.save(update_fields=["status", "updated_at"])
        record_change(actor=actor, instance=current, action="registration_decline", after={"status": current.status})
    return current


def registration_mark_attended(*, registration: Registration, actor: Any, present: bool) -> Registration:
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Seules les personnes inscrites peuvent être notées présentes."))
    registration.attended_at = timezone.now() if present else None
    registration.save(update_fields=["attended_at", "updated_at"])
    return registration


def feedback_submit(*, event: Event, user: Any, rating: int, comment: str = "") -> Feedback:
    """One opinion per attendee, after the event; a second one replaces the first."""
    if not event.is_past:
        raise ValidationError(_("L’avis s’ouvre à la fin de l’évènement."))
    if not Registration.objects.filter(event=event, user=user, status=RegistrationStatus.CONFIRMED).exists():
        raise ValidationError(_("Seules les personnes inscrites peuvent donner leur avis."))
    feedback, _created = Feedback.objects.update_or_create(event=event, user=user, defaults={"rating": rating, "comment": comment})
    return feedback
