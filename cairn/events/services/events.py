"""Creating, changing and cancelling one event (or one date of a series, on its own), and
the organisers' messages to its registrants."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cairn.core.audit import record_change, snapshot
from cairn.core.editing import refuse_stale
from cairn.core.translation import with_translations
from cairn.events.models import Event, EventMessage, EventStatus
from cairn.events.services.seats import after_commit, lock_event, promote_waitlisted

#: The fields an event shares with its series; an edit of the series copies them. The forms
#: take their fields from here (``forms.EventForm``, ``forms.SeriesForm``).
DETAIL_FIELDS = with_translations(
    [
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
    ],
    Event,
)
#: The fields ``event_update`` may change.
EVENT_FIELDS = [*DETAIL_FIELDS, "starts_at", "ends_at", "registration_opens_at", "registration_closes_at"]


def validate_event(event: Event) -> None:
    """Refuse details that contradict each other (a field's errors named after it); a kind
    other than meetup drops the meetup format. Also checks a series' details (``series``)."""
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


def set_links(
    obj: Any,
    organisers: Iterable[Any] | None,
    recommendations: Iterable[Any] | None,
    categories: Iterable[Any] | None,
    projects: Iterable[Any] | None = None,
) -> None:
    """Set the links of an event or a series; ``None`` leaves a kind of link as it is."""
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
    validate_event(event)
    with transaction.atomic():
        event.save()
        set_links(event, organisers if organisers is not None else ([actor] if actor else []), recommendations, categories, projects)
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
    expected_updated_at: dt.datetime | None = None,
    **fields: Any,
) -> Event:
    """Change an event (an occurrence on its own: it leaves the series' later edits alone).
    Lowering the capacity below the confirmed registrations is refused; raising it
    confirms waitlisted people. A stale edit (the event changed since the version
    ``expected_updated_at``) raises ``StaleEdit`` and writes nothing."""
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown event fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = lock_event(event)
        refuse_stale(locked, expected_updated_at)
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
        validate_event(locked)
        update_fields = [*fields, "updated_at"]
        if locked.series_id and detach:
            locked.detached = True
            update_fields.append("detached")
        if capacity is None or capacity > locked.confirmed_count:
            locked.full_notified_at = None
            update_fields.append("full_notified_at")
        locked.save(update_fields=update_fields)
        set_links(locked, organisers, recommendations, categories, projects)
        record_change(actor=actor, instance=locked, action="event_update", before=before, after=snapshot(locked, list(fields)))
        promote_waitlisted(locked)
    for name in [*fields, "detached", "confirmed_count"]:
        setattr(event, name, getattr(locked, name))
    return event


def event_cancel(*, actor: Any, event: Event) -> Event:
    """Cancel an event (or one occurrence of a series); everyone registered is told."""
    from cairn.events.tasks import send_event_cancelled

    with transaction.atomic():
        locked = lock_event(event)
        if locked.status == EventStatus.CANCELLED:
            return locked
        locked.status = EventStatus.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        record_change(actor=actor, instance=locked, action="event_cancel", after={"status": locked.status})
        after_commit(send_event_cancelled, event_id=locked.pk)
    event.status = locked.status
    return event


def event_message_registrants(*, event: Event, actor: Any, subject: str, body: str) -> EventMessage:
    from cairn.events.tasks import send_event_message

    with transaction.atomic():
        message = EventMessage.objects.create(event=event, sent_by=actor, subject=subject, body=body)
        record_change(actor=actor, instance=event, action="event_message", after={"subject": subject})
        after_commit(send_event_message, message_id=message.pk)
    return message
