"""A group's meetings: the agenda before and the notes after (with a public summary), the
decisions it keeps, and its members registered for its own meetings. Each write audited.

A meeting of a group is an event of kind "experiment meeting" linked to the group's project
(``life.meetings_plan`` and ``life.meeting_add`` create them). Its people — the accepted
members and the facilitator — are registered for its upcoming meetings through the events'
own service (``registration_register``: seats, waitlist and approval stay the events'
rules), when the meetings are planned and when someone joins; the worker does it after the
commit, and again every day for the occurrences a series adds later."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.core.audit import record_change, snapshot
from cairn.core.editing import StaleEdit, refuse_stale
from cairn.events.models import ACTIVE_STATUSES, Event, EventStatus, Kind, Registration
from cairn.experiments.models import Decision, Group, MeetingRecord, PlacementState

RECORD_FIELDS = ["agenda", "notes", "summary"]


def group_meetings(group: Group) -> Any:
    """The group's own meetings (not its meetups, which are open to all members)."""
    if not group.project_id:
        return Event.objects.none()
    return Event.objects.filter(projects=group.project_id, kind=Kind.EXPERIMENT_MEETING)


def meeting_record_write(
    *,
    actor: Any,
    group: Group,
    event: Event,
    expected_updated_at: datetime.datetime | None = None,
    expected_new: bool = False,
    **changes: str,
) -> MeetingRecord:
    """Write a meeting's agenda, notes or public summary; an edit made on a version someone
    changed since is refused (``refuse_stale``), nothing written — also when the form was
    opened on a meeting with nothing written yet (``expected_new``) and someone wrote since."""
    unknown = set(changes) - set(RECORD_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    if not group_meetings(group).filter(pk=event.pk).exists():
        raise ValidationError(_("Cette réunion n’est pas une réunion du groupe."), code="meeting")
    changes = {name: value.strip() for name, value in changes.items()}
    with transaction.atomic():
        record, created = MeetingRecord.objects.get_or_create(group=group, event=event)
        record = MeetingRecord.objects.select_for_update().get(pk=record.pk)
        if not created:
            if expected_new:
                raise StaleEdit
            refuse_stale(record, expected_updated_at)
        changes = {name: value for name, value in changes.items() if getattr(record, name) != value}
        if not changes:
            return record
        before = snapshot(record, sorted(changes))
        for name, value in changes.items():
            setattr(record, name, value)
        record.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        record.full_clean(exclude=["group", "event"])
        record.save(update_fields=[*changes, "updated_by", "updated_at"])
        record_change(
            actor=actor,
            instance=group,
            action="meeting_record",
            before=before,
            after={"event": event.pk, **snapshot(record, sorted(changes))},
        )
    return record


def decision_add(*, actor: Any, group: Group, text: str, decided_on: datetime.date, meeting: Event | None = None) -> Decision:
    """A decision of the group: what, when, and at which of its meetings. Not in the future,
    and not before the meeting it was taken at."""
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = [_("Écrivez ce qui a été décidé.")]
    if decided_on > timezone.localdate():
        errors["decided_on"] = [_("La date ne peut pas être dans le futur.")]
    if meeting is not None:
        if not group_meetings(group).filter(pk=meeting.pk).exists():
            errors["meeting"] = [_("Cette réunion n’est pas une réunion du groupe.")]
        elif decided_on < timezone.localdate(meeting.starts_at):
            errors["decided_on"] = [_("Une décision ne peut pas précéder la réunion où elle a été prise.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        decision = Decision(
            group=group,
            text=text.strip(),
            decided_on=decided_on,
            meeting=meeting,
            author=actor if getattr(actor, "is_authenticated", False) else None,
        )
        decision.full_clean(exclude=["group", "meeting", "author"])
        decision.save()
        record_change(actor=actor, instance=group, action="decision_add", after={"decision": decision.pk, "text": decision.text})
    return decision


def group_people_ids(group: Group) -> list[int]:
    """Who belongs at the group's meetings: its accepted members and its facilitator."""
    ids = list(group.placements.filter(state=PlacementState.ACCEPTED).order_by("pk").values_list("user_id", flat=True))
    if group.facilitator_id and group.facilitator_id not in ids:
        ids.append(group.facilitator_id)
    return ids


def meetings_register_members(*, group: Group, now: datetime.datetime | None = None) -> int:
    """Register the group's people for its upcoming meetings they are not registered for,
    through the events' service (a full meeting puts them on its waitlist, never over its
    capacity). Someone who cancelled a registration is not registered again for that
    meeting. Quiet: no confirmation e-mail for each meeting; the events' reminders still
    come. How many registrations were made."""
    from cairn.accounts.models import User
    from cairn.events.services.registrations import RegistrationRefused, registration_register

    now = now or timezone.now()
    people = {user.pk: user for user in User.objects.filter(pk__in=group_people_ids(group), is_active=True)}
    if not people:
        return 0
    made = 0
    meetings = group_meetings(group).filter(starts_at__gt=now, status=EventStatus.SCHEDULED).order_by("starts_at", "pk")
    for event in meetings:
        known = set(Registration.objects.filter(event=event, user_id__in=people).values_list("user_id", flat=True))
        for pk, user in people.items():
            if pk in known:
                continue
            try:
                registration = registration_register(event=event, user=user, email=False)
            except RegistrationRefused:
                continue
            made += registration.status in ACTIVE_STATUSES
    return made


def schedule_registrations(group: Group) -> None:
    """Register the group's people for its meetings after the commit, in the worker."""
    from cairn.experiments.tasks import register_members

    transaction.on_commit(lambda: register_members.enqueue(group_id=group.pk))
