"""Every write to events, series and registrations goes through these functions.

Seats are the subtle part (ADR 0010). A confirmed registration holds one unit of
``Event.confirmed_count``; the counter only moves through ``_claim_seat`` (an atomic
conditional ``UPDATE … WHERE confirmed_count < capacity``) and ``_release_seat``. Whoever
loses the race for the last seat sees the ``UPDATE`` touch no row and joins the waitlist:
no read-then-write gap, on SQLite (writes serialised by its IMMEDIATE transactions) as on
PostgreSQL (the row's lock re-checks the condition). The CHECK constraint on the counter
and the UNIQUE (event, member) constraint back it in the database. Cancelling, approving
and changing the capacity lock the event row first, so promotions never interleave.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.core.audit import record_change, snapshot
from cairn.events import recurrence
from cairn.events.models import (
    ACTIVE_STATUSES,
    CalendarFeed,
    Event,
    EventMessage,
    EventStatus,
    Feedback,
    Registration,
    RegistrationStatus,
    Series,
)

#: The fields an event shares with its series; an edit of the series copies them.
DETAIL_FIELDS = [
    "title",
    "description",
    "kind",
    "meetup_format",
    "scope",
    "office",
    "city",
    "sector",
    "attendance",
    "address",
    "online_url",
    "languages",
    "capacity",
    "requires_approval",
    "questions",
]
EVENT_FIELDS = [*DETAIL_FIELDS, "starts_at", "ends_at", "registration_opens_at", "registration_closes_at"]
MAX_ANSWER_LENGTH = 500


class RegistrationRefused(Exception):
    """Registration is not possible now; ``str(exc)`` is the translated reason."""


# --- Seats -------------------------------------------------------------------------------


def _claim_seat(event_id: int) -> bool:
    """Take one seat if one is left: one conditional UPDATE, true when it took it."""
    has_room = Q(capacity__isnull=True) | Q(confirmed_count__lt=F("capacity"))
    return Event.objects.filter(has_room, pk=event_id).update(confirmed_count=F("confirmed_count") + 1) == 1


def _release_seat(event_id: int) -> None:
    Event.objects.filter(pk=event_id, confirmed_count__gt=0).update(confirmed_count=F("confirmed_count") - 1)


def _after_commit(task: Any, **kwargs: Any) -> None:
    transaction.on_commit(partial(task.enqueue, **kwargs))


def _notify_if_full(event_id: int) -> None:
    """Tell the organisers once when the last seat goes (a conditional UPDATE: once only)."""
    from cairn.events.tasks import send_event_full

    became_full = (
        Event.objects.filter(pk=event_id, full_notified_at__isnull=True, capacity__isnull=False, confirmed_count__gte=F("capacity")).update(
            full_notified_at=timezone.now()
        )
        == 1
    )
    if became_full:
        _after_commit(send_event_full, event_id=event_id)


def _promote_waitlisted(event: Event) -> list[Registration]:
    """Confirm waitlisted people, first come first served, while seats are left. The caller
    holds the event row's lock."""
    from cairn.events.tasks import send_registration_email

    promoted: list[Registration] = []
    if event.starts_at <= timezone.now() or event.status == EventStatus.CANCELLED:
        return promoted
    for registration in Registration.objects.waitlist().filter(event_id=event.pk):
        if not _claim_seat(event.pk):
            break
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        _after_commit(send_registration_email, registration_id=registration.pk, kind="promoted")
        promoted.append(registration)
    if promoted:
        _notify_if_full(event.pk)
    return promoted


def _locked(event: Event) -> Event:
    # FOR NO KEY UPDATE: does not wait for the foreign-key checks of registrations being inserted.
    return Event.objects.select_for_update(no_key=True).get(pk=event.pk)


# --- Registrations -------------------------------------------------------------------------


def _clean_answers(event: Event, answers: dict[str, str] | None) -> dict[str, str]:
    cleaned = {}
    for question in event.questions:
        value = str((answers or {}).get(question, "")).strip()
        if len(value) > MAX_ANSWER_LENGTH:
            raise ValidationError(_("Une réponse fait au plus %(n)s caractères.") % {"n": MAX_ANSWER_LENGTH})
        cleaned[question] = value
    return cleaned


def registration_register(*, event: Event, user: Any, answers: dict[str, str] | None = None) -> Registration:
    """Register ``user``: a seat if one is left, the waitlist otherwise (or approval first
    when the event asks for it). Registering again while registered changes nothing."""
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
        elif _claim_seat(event.pk):
            registration.status = RegistrationStatus.CONFIRMED
            _notify_if_full(event.pk)
        else:
            registration.status = RegistrationStatus.WAITLISTED
        registration.save(update_fields=["status", "answers", "queued_at", "updated_at"])
        _after_commit(send_registration_email, registration_id=registration.pk, kind=registration.status)
    return registration


def registration_cancel(*, registration: Registration, actor: Any = None) -> list[Registration]:
    """Cancel; a freed seat goes to the first waitlisted person. Returns who was promoted."""
    event = registration.event
    if event.starts_at <= timezone.now() and event.status == EventStatus.SCHEDULED:
        raise RegistrationRefused(_("Cet évènement a déjà commencé ou est passé : l’inscription ne peut plus être annulée."))
    with transaction.atomic():
        locked_event = _locked(event)
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
        _release_seat(locked_event.pk)
        locked_event.refresh_from_db(fields=["confirmed_count"])
        return _promote_waitlisted(locked_event)


def registration_approve(*, registration: Registration, actor: Any) -> Registration:
    """An organiser accepts a pending registration: a seat if one is left, else the waitlist."""
    from cairn.events.tasks import send_registration_email

    with transaction.atomic():
        _locked(registration.event)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status != RegistrationStatus.PENDING:
            return current
        current.status = RegistrationStatus.CONFIRMED if _claim_seat(current.event_id) else RegistrationStatus.WAITLISTED
        current.queued_at = timezone.now()
        current.save(update_fields=["status", "queued_at", "updated_at"])
        record_change(actor=actor, instance=current, action="registration_approve", after={"status": current.status})
        if current.status == RegistrationStatus.CONFIRMED:
            _notify_if_full(current.event_id)
        _after_commit(send_registration_email, registration_id=current.pk, kind=current.status)
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


def event_message_registrants(*, event: Event, actor: Any, subject: str, body: str) -> EventMessage:
    from cairn.events.tasks import send_event_message

    with transaction.atomic():
        message = EventMessage.objects.create(event=event, sent_by=actor, subject=subject, body=body)
        record_change(actor=actor, instance=event, action="event_message", after={"subject": subject})
        _after_commit(send_event_message, message_id=message.pk)
    return message


def calendar_feed_for(*, user: Any) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_feed_reset(*, user: Any) -> CalendarFeed:
    """A new secret address; the old one answers 404 from now on."""
    from cairn.events.models import _new_token

    feed = calendar_feed_for(user=user)
    feed.token = _new_token()
    feed.save(update_fields=["token"])
    return feed


# --- Events --------------------------------------------------------------------------------


def _validate(event: Event) -> None:
    errors: dict[str, list[str]] = {}
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        errors.setdefault("ends_at", []).append(_("La fin doit suivre le début."))
    if event.registration_closes_at and event.registration_opens_at and event.registration_closes_at <= event.registration_opens_at:
        errors.setdefault("registration_closes_at", []).append(_("La clôture des inscriptions doit suivre leur ouverture."))
    if event.attendance != "in_person" and not event.online_url:
        errors.setdefault("online_url", []).append(_("Un évènement en ligne ou hybride a besoin d’un lien de connexion."))
    if event.attendance != "online" and not event.address:
        errors.setdefault("address", []).append(_("Un évènement en présentiel ou hybride a besoin d’une adresse."))
    if event.scope == "local" and not (event.office_id or event.city):
        errors.setdefault("city", []).append(_("Un évènement local a besoin d’un bureau ou d’une ville."))
    if event.scope == "sector" and not event.sector_id:
        errors.setdefault("sector", []).append(_("Un évènement sectoriel a besoin d’un secteur."))
    if event.kind != "meetup":
        event.meetup_format = ""
    if errors:
        raise ValidationError(errors)


def _set_links(
    obj: Any,
    organisers: Iterable[Any] | None,
    recommendations: Iterable[Any] | None,
    categories: Iterable[Any] | None,
    projects: Iterable[Any] | None = None,
) -> None:
    if organisers is not None:
        obj.organisers.set(list(organisers))
    if recommendations is not None:
        obj.recommendations.set(list(recommendations))
    if categories is not None:
        obj.categories.set(list(categories))
    if projects is not None:
        obj.projects.set(list(projects))


def event_create(
    *,
    actor: Any,
    organisers: Iterable[Any] | None = None,
    recommendations: Iterable[Any] | None = None,
    categories: Iterable[Any] | None = None,
    projects: Iterable[Any] | None = None,
    **fields: Any,
) -> Event:
    event = Event(created_by=actor if getattr(actor, "is_authenticated", False) else None, **fields)
    _validate(event)
    with transaction.atomic():
        event.save()
        _set_links(event, organisers if organisers is not None else ([actor] if actor else []), recommendations, categories, projects)
        record_change(actor=actor, instance=event, action="event_create", after=snapshot(event, ["title", "starts_at", "capacity"]))
    return event


def event_update(
    *,
    actor: Any,
    event: Event,
    organisers: Iterable[Any] | None = None,
    recommendations: Iterable[Any] | None = None,
    categories: Iterable[Any] | None = None,
    projects: Iterable[Any] | None = None,
    detach: bool = True,
    **fields: Any,
) -> Event:
    """Change an event (an occurrence on its own: it leaves the series' later edits alone).
    Lowering the capacity below the confirmed registrations is refused; raising it
    confirms waitlisted people."""
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown event fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = _locked(event)
        before = snapshot(locked, list(fields))
        capacity = fields.get("capacity", locked.capacity)
        if capacity is not None and capacity < locked.confirmed_count:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(confirmed)s personnes sont déjà inscrites : la capacité ne peut pas descendre en dessous. Annulez d’abord des inscriptions."
                    )
                    % {"confirmed": locked.confirmed_count}
                }
            )
        for name, value in fields.items():
            setattr(locked, name, value)
        _validate(locked)
        update_fields = [*fields, "updated_at"]
        if locked.series_id and detach:
            locked.detached = True
            update_fields.append("detached")
        if capacity is None or capacity > locked.confirmed_count:
            locked.full_notified_at = None
            update_fields.append("full_notified_at")
        locked.save(update_fields=update_fields)
        _set_links(locked, organisers, recommendations, categories, projects)
        record_change(actor=actor, instance=locked, action="event_update", before=before, after=snapshot(locked, list(fields)))
        _promote_waitlisted(locked)
    for name in [*fields, "detached", "confirmed_count"]:
        setattr(event, name, getattr(locked, name))
    return event


def event_cancel(*, actor: Any, event: Event) -> Event:
    """Cancel an event (or one occurrence of a series); everyone registered is told."""
    from cairn.events.tasks import send_event_cancelled

    with transaction.atomic():
        locked = _locked(event)
        if locked.status == EventStatus.CANCELLED:
            return locked
        locked.status = EventStatus.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        record_change(actor=actor, instance=locked, action="event_cancel", after={"status": locked.status})
        _after_commit(send_event_cancelled, event_id=locked.pk)
    event.status = locked.status
    return event


# --- Series --------------------------------------------------------------------------------


def _occurrence_fields(series: Series) -> dict[str, Any]:
    return {name: getattr(series, name) for name in DETAIL_FIELDS}


def series_materialise(*, series: Series, until: dt.datetime | None = None) -> list[Event]:
    """Create the occurrences the rule generates up to ``until`` (a year ahead by default)
    that do not exist yet. Running it again creates nothing twice (UNIQUE series +
    occurrence key)."""
    until_local = recurrence.to_local(until or timezone.now() + recurrence.HORIZON)
    starts = recurrence.local_starts(series.rule, series.first_start, _exceptions(series), until_local)
    existing = set(Event.objects.filter(series=series).values_list("occurrence_key", flat=True))
    organisers = list(series.organisers.all())
    recommendations = list(series.recommendations.all())
    categories = list(series.categories.all())
    projects = list(series.projects.all())
    created = []
    for local_start in starts:
        start = recurrence.to_aware(local_start)
        if start in existing:
            continue
        event = Event(
            series=series,
            occurrence_key=start,
            starts_at=start,
            ends_at=recurrence.to_aware(local_start + series.duration),
            created_by=series.created_by,
            **_occurrence_fields(series),
        )
        event.save()
        _set_links(event, organisers, recommendations, categories, projects)
        created.append(event)
    return created


def _exceptions(series: Series) -> list[dt.datetime]:
    return [dt.datetime.fromisoformat(value) for value in series.exceptions]


def _validate_series(series: Series) -> None:
    recurrence.parse_rule(series.rule, series.first_start)
    probe = Event(starts_at=timezone.now(), ends_at=timezone.now() + series.duration, **_occurrence_fields(series))
    probe.office_id = series.office_id
    probe.sector_id = series.sector_id
    _validate(probe)
    series.meetup_format = probe.meetup_format


def series_create(
    *,
    actor: Any,
    organisers: Iterable[Any] | None = None,
    recommendations: Iterable[Any] | None = None,
    categories: Iterable[Any] | None = None,
    projects: Iterable[Any] | None = None,
    until: dt.datetime | None = None,
    **fields: Any,
) -> Series:
    """A recurring series and its occurrences. ``first_start`` is naive local time."""
    first_start = fields.pop("first_start")
    series = Series(
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        first_start=first_start if timezone.is_aware(first_start) else recurrence.to_aware(first_start),
        **fields,
    )
    _validate_series(series)
    with transaction.atomic():
        series.save()
        _set_links(series, organisers if organisers is not None else ([actor] if actor else []), recommendations, categories, projects)
        series_materialise(series=series, until=until)
        record_change(actor=actor, instance=series, action="series_create", after={"title": series.title, "rule": series.rule})
    return series


def series_update(
    *,
    actor: Any,
    series: Series,
    organisers: Iterable[Any] | None = None,
    recommendations: Iterable[Any] | None = None,
    categories: Iterable[Any] | None = None,
    projects: Iterable[Any] | None = None,
    **fields: Any,
) -> Series:
    """Change the series and every upcoming occurrence not edited on its own. A changed rule
    or new exceptions remove the occurrences that no longer fall on it (cancelled instead
    when people registered), and add the new ones."""
    allowed = {*DETAIL_FIELDS, "rule", "first_start", "duration", "exceptions"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown series fields: {sorted(unknown)}")
    if "first_start" in fields and not timezone.is_aware(fields["first_start"]):
        fields["first_start"] = recurrence.to_aware(fields["first_start"])
    with transaction.atomic():
        series = Series.objects.select_for_update().get(pk=series.pk)
        before = snapshot(series, sorted(fields))
        for name, value in fields.items():
            setattr(series, name, value)
        _validate_series(series)
        series.save(update_fields=[*fields, "updated_at"])
        _set_links(series, organisers, recommendations, categories, projects)
        now = timezone.now()
        upcoming = Event.objects.filter(series=series, starts_at__gt=now, detached=False, status=EventStatus.SCHEDULED)
        # Which occurrence keys the rule still generates.
        horizon_local = recurrence.to_local(now + recurrence.HORIZON)
        keys = {
            recurrence.to_aware(start)
            for start in recurrence.local_starts(series.rule, series.first_start, _exceptions(series), horizon_local)
        }
        detail_changes = {name: value for name, value in fields.items() if name in DETAIL_FIELDS}
        # A date whose time changed (18:00 → 19:00) keeps its event and its registrations:
        # it moves to the new key of the same day rather than being cancelled and recreated.
        taken = set(Event.objects.filter(series=series).values_list("occurrence_key", flat=True))
        free_key_of_day = {recurrence.to_local(key).date(): key for key in keys if key not in taken}
        for event in upcoming:
            moved_to = free_key_of_day.pop(recurrence.to_local(event.occurrence_key).date(), None)  # type: ignore[arg-type]
            if event.occurrence_key not in keys and moved_to is not None:
                event.occurrence_key = moved_to
                event.save(update_fields=["occurrence_key", "updated_at"])
            if event.occurrence_key not in keys:
                if event.registrations.filter(status__in=ACTIVE_STATUSES).exists():
                    event_cancel(actor=actor, event=event)
                else:
                    event.delete()
                continue
            local_key = recurrence.to_local(event.occurrence_key)  # type: ignore[arg-type]
            changes = dict(detail_changes)
            changes["starts_at"] = event.occurrence_key
            changes["ends_at"] = recurrence.to_aware(local_key + series.duration)
            event_update(
                actor=actor,
                event=event,
                detach=False,
                organisers=organisers,
                recommendations=recommendations,
                categories=categories,
                projects=projects,
                **changes,
            )
        series_materialise(series=series)
        record_change(actor=actor, instance=series, action="series_update", before=before, after=snapshot(series, sorted(fields)))
    return series


# --- Personal data -------------------------------------------------------------------------


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
