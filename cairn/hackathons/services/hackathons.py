"""Creating a hackathon (with its event), its programme, and moving it through its phases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cairn.core.audit import record_change, snapshot
from cairn.events.models import Kind
from cairn.events.services.events import event_create
from cairn.events.services.seats import after_commit
from cairn.hackathons.models import PHASE_ORDER, Hackathon, MentorSlot, Phase, QuestionStatus, Session
from cairn.hackathons.notify import OPENING_PHASES, hackathon_opened
from cairn.hackathons.services.questions import questions_announce
from cairn.hackathons.stamps import team_work_stamp

#: The event's fields a hackathon's form sets (place, languages, capacity, dates).
EVENT_FIELDS = ["starts_at", "ends_at", "attendance", "address", "city", "online_url", "languages", "capacity", "registration_closes_at"]
HACKATHON_FIELDS = ["title", "description", "answers_due_at", "team_min_size", "team_max_size", "teams_per_question"]
#: The phases whose start sends e-mails to the participants (their team, then the results).
PHASES_WITH_EMAILS = {Phase.RUNNING: "teams_announced", Phase.RESULTS: "results_published"}


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "hackathon"
    slug, n = base, 2
    while Hackathon.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _validate(hackathon: Hackathon, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    errors: dict[str, list[str]] = {}
    days = (ends_at.date() - starts_at.date()).days + 1
    if not 1 <= days <= 3:
        errors["ends_at"] = [_("Un hackathon dure un à trois jours.")]
    if hackathon.team_max_size < hackathon.team_min_size or hackathon.team_min_size < 1:
        errors["team_max_size"] = [_("La taille maximale d’une équipe ne peut pas être inférieure à sa taille minimale.")]
    if hackathon.answers_due_at and not starts_at <= hackathon.answers_due_at <= ends_at + dt.timedelta(days=7):
        errors["answers_due_at"] = [_("La remise des réponses tombe pendant le hackathon ou dans la semaine qui suit.")]
    if errors:
        raise ValidationError(errors)


def hackathon_create(
    *, actor: Any, organisers: Iterable[Any] | None = None, recommendations: Iterable[Any] = (), **fields: Any
) -> Hackathon:
    """Create a hackathon in draft, with its event (kind "hackathon day"): the event holds its
    dates, place, languages, capacity, organisers and registrations."""
    unknown = set(fields) - set(EVENT_FIELDS) - set(HACKATHON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown hackathon fields: {sorted(unknown)}")
    own = {name: fields[name] for name in HACKATHON_FIELDS if name in fields}
    event_fields = {name: fields[name] for name in EVENT_FIELDS if name in fields}
    hackathon = Hackathon(**own)
    _validate(hackathon, event_fields["starts_at"], event_fields["ends_at"])
    with transaction.atomic():
        event = event_create(
            actor=actor,
            organisers=organisers,
            recommendations=recommendations,
            title=hackathon.title,
            description=hackathon.description,
            kind=Kind.HACKATHON_DAY,
            **event_fields,
        )
        hackathon.event = event
        hackathon.slug = _unique_slug(hackathon.title)
        hackathon.save()
        record_change(actor=actor, instance=hackathon, action="hackathon_create", after=snapshot(hackathon, ["title", "phase"]))
    return hackathon


def session_add(*, actor: Any, hackathon: Hackathon, kind: str, starts_at: dt.datetime, ends_at: dt.datetime, title: str = "") -> Session:
    """Add a moment to the programme; it must fall within the hackathon's days."""
    event = hackathon.event
    errors: dict[str, list[str]] = {}
    if ends_at <= starts_at:
        errors["ends_at"] = [_("La fin doit suivre le début.")]
    if starts_at < event.starts_at or ends_at > event.ends_at:
        errors["starts_at"] = [_("Ce moment doit tenir dans les jours du hackathon.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = Session.objects.create(hackathon=hackathon, kind=kind, title=title.strip(), starts_at=starts_at, ends_at=ends_at)
        record_change(
            actor=actor, instance=hackathon, action="hackathon_session_add", after=snapshot(session, ["kind", "title", "starts_at"])
        )
    return session


def session_remove(*, actor: Any, session: Session) -> None:
    with transaction.atomic():
        record_change(
            actor=actor,
            instance=session.hackathon,
            action="hackathon_session_remove",
            before=snapshot(session, ["kind", "title", "starts_at"]),
        )
        session.delete()


def hackathon_set_phase(*, actor: Any, hackathon: Hackathon, phase: str) -> Hackathon:
    """Move the hackathon one phase forward (or one back, to correct a mistake), audited.
    Registration opens only with at least one selected question; the teams phase needs
    participants; running needs teams. Entering "running" e-mails each participant their
    team with the programme (.ics); entering "results" tells them the results are out."""
    from cairn.hackathons.tasks import send_phase_emails

    if phase not in PHASE_ORDER:
        raise ValidationError(_("Cette phase n’existe pas."))
    with transaction.atomic():
        current = Hackathon.objects.select_for_update().get(pk=hackathon.pk)
        step = PHASE_ORDER.index(phase) - PHASE_ORDER.index(current.phase)
        if step not in (1, -1):
            raise ValidationError(_("Un hackathon passe d’une phase à la suivante (ou revient à la précédente)."))
        if step == 1:
            if phase == Phase.REGISTRATION and not current.questions.filter(status=QuestionStatus.SELECTED).exists():
                raise ValidationError(_("Retenez au moins une question avant d’ouvrir les inscriptions."))
            if phase == Phase.RUNNING and not current.teams.exists():
                raise ValidationError(_("Formez les équipes avant de lancer le hackathon."))
        before = current.phase
        current.phase = phase
        current.save(update_fields=["phase", "updated_at"])
        record_change(actor=actor, instance=current, action="hackathon_set_phase", before={"phase": before}, after={"phase": phase})
        if step == 1 and phase in PHASES_WITH_EMAILS:
            after_commit(send_phase_emails, hackathon_id=current.pk, phase=phase)
        if step == 1 and phase in OPENING_PHASES:
            hackathon_opened(hackathon=current)  # those who asked the inbox, once per phase
        if step == 1 and before == Phase.DRAFT:  # the questions written in the draft reach their recommendations' followers
            drafted = (
                current.questions.filter(status=QuestionStatus.SELECTED).select_related("hackathon").prefetch_related("recommendations")
            )
            questions_announce(questions=drafted, actor=actor)
    hackathon.phase = current.phase
    return hackathon


def hackathon_reschedule(*, actor: Any, hackathon: Hackathon, shift: dt.timedelta) -> Hackathon:
    """Move the whole hackathon by ``shift``: its event (through ``event_update``), its
    programme, its mentors' slots and its deadline, so everything keeps its place in the days."""
    from cairn.events.services.events import event_update

    with transaction.atomic():
        current = Hackathon.objects.select_for_update().select_related("event").get(pk=hackathon.pk)
        event = current.event
        event_update(actor=actor, event=event, starts_at=event.starts_at + shift, ends_at=event.ends_at + shift)
        for session in current.sessions.all():
            session.starts_at += shift
            session.ends_at += shift
            session.save(update_fields=["starts_at", "ends_at"])
        # The mentors' slots keep their place in the days too (no signal: a bulk update).
        MentorSlot.objects.filter(mentor__question__hackathon=current).update(
            starts_at=F("starts_at") + shift, ends_at=F("ends_at") + shift
        )
        team_work_stamp.forget()
        current.answers_due_at += shift
        current.save(update_fields=["answers_due_at", "updated_at"])
        record_change(actor=actor, instance=current, action="hackathon_reschedule", after={"shift_days": shift.days})
    hackathon.answers_due_at = current.answers_due_at
    return current
