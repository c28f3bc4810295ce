"""A group's life: its charter, status and conclusion, its meetings (a recurring series at
the rhythm it chooses, or dates one by one) and meetups as events, its logbook (highlights
become updates of its project) and its actions. Each change audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.core.audit import record_change, snapshot
from cairn.core.editing import refuse_stale
from cairn.events.models import Event, Kind, Series
from cairn.events.recurrence import to_aware
from cairn.events.services.events import event_create
from cairn.events.services.series import series_create
from cairn.experiments.models import Action, Group, GroupStatus, LogEntry, LogKind, Outcome
from cairn.projects.models import ProjectStatus
from cairn.projects.services import project_post_update

#: What a group writes in its charter; the charter form takes its fields from here.
CHARTER_FIELDS = ["goal", "dispositif", "success", "rhythm", "open_to_requests"]

#: The status moves a group may make.
STATUS_MOVES = {
    GroupStatus.FORMING: {GroupStatus.ACTIVE},
    GroupStatus.ACTIVE: {GroupStatus.PAUSED, GroupStatus.CONCLUDED},
    GroupStatus.PAUSED: {GroupStatus.ACTIVE, GroupStatus.CONCLUDED},
    GroupStatus.CONCLUDED: set(),
}
#: A status of the group → the status of its project.
PROJECT_STATUS_OF = {GroupStatus.ACTIVE: ProjectStatus.IN_PROGRESS, GroupStatus.PAUSED: ProjectStatus.IN_PROGRESS}
#: A conclusion's outcome → the project's final status.
FINAL_STATUS_OF = {Outcome.SCALE_UP: ProjectStatus.DONE, Outcome.CONTINUE: ProjectStatus.DONE, Outcome.STOP: ProjectStatus.STOPPED}

#: Plain meeting rhythms offered to groups → how each becomes a recurrence rule.
SERIES_RHYTHMS = ("weekly", "fortnightly", "monthly")
DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def group_update_charter(*, actor: Any, group: Group, expected_updated_at: datetime.datetime | None = None, **changes: Any) -> Group:
    unknown = set(changes) - set(CHARTER_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    with transaction.atomic():
        current = Group.objects.select_for_update().get(pk=group.pk)
        refuse_stale(current, expected_updated_at)
        changes = {name: value for name, value in changes.items() if getattr(current, name) != value}
        if not changes:
            return current
        before = snapshot(current, sorted(changes))
        for name, value in changes.items():
            setattr(current, name, value)
        current.full_clean(exclude=["project", "series"])
        current.save(update_fields=[*changes, "updated_at"])
        record_change(actor=actor, instance=current, action="charter", before=before, after=snapshot(current, sorted(changes)))
    return current


def group_move(*, actor: Any, group: Group, status: str, conclusion: str = "", learned: str = "", outcome: str = "") -> Group:
    """forming → active → paused ↔ active → concluded. The conclusion says what was done,
    what was learned and whether to scale up, continue or stop; it becomes the last update of
    the group's project, which closes it (the coordination team is then offered to assess
    the recommendations it answers)."""
    with transaction.atomic():
        current = Group.objects.select_for_update(of=("self",)).select_related("project").get(pk=group.pk)
        if status not in STATUS_MOVES.get(GroupStatus(current.status), set()):
            raise ValidationError(
                _("Ce groupe ne peut pas passer de « %(from)s » à cet état.") % {"from": current.get_status_display()}, code="move"
            )
        errors: dict[str, list[str]] = {}
        if status == GroupStatus.CONCLUDED:
            if not conclusion.strip():
                errors["conclusion"] = [_("Dites ce que le groupe a fait.")]
            if outcome not in Outcome.values:
                errors["outcome"] = [_("Choisissez la suite : étendre, continuer ou arrêter.")]
        if errors:
            raise ValidationError(errors)
        before = {"status": current.status}
        current.status = status
        fields = ["status", "updated_at"]
        if status == GroupStatus.CONCLUDED:
            current.conclusion, current.learned, current.outcome = conclusion.strip(), learned.strip(), outcome
            fields += ["conclusion", "learned", "outcome"]
        current.save(update_fields=fields)
        record_change(actor=actor, instance=current, action="status", before=before, after={"status": status, "outcome": outcome})
        project = current.project
        if project is not None:
            if status == GroupStatus.CONCLUDED:
                text = "\n\n".join(
                    part
                    for part in [f"**{_('Conclusion')}** — {current.get_outcome_display()}", conclusion.strip(), learned.strip()]
                    if part
                )
                project_post_update(
                    actor=actor,
                    project=project,
                    posted_on=timezone.localdate(),
                    text=text,
                    status=FINAL_STATUS_OF[Outcome(outcome)],
                    stop_reason=conclusion.strip() if outcome == Outcome.STOP else "",
                )
            elif PROJECT_STATUS_OF.get(GroupStatus(status)) and project.status != PROJECT_STATUS_OF[GroupStatus(status)]:
                from cairn.projects.services import project_update

                project_update(actor=actor, project=project, status=PROJECT_STATUS_OF[GroupStatus(status)])
    return current


def rule_for(rhythm: str, first: datetime.datetime) -> str:
    """The recurrence rule of a plain rhythm, read from the first meeting's date: every week,
    every two weeks, or each month on the same weekday of the month (the last one for a fifth)."""
    day = DAY_CODES[first.weekday()]
    if rhythm == "weekly":
        return f"FREQ=WEEKLY;BYDAY={day}"
    if rhythm == "fortnightly":
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"
    if rhythm == "monthly":
        nth = (first.day - 1) // 7 + 1
        return f"FREQ=MONTHLY;BYDAY={nth if nth <= 4 else -1}{day}"
    raise ValidationError({"rhythm": [_("Choisissez un rythme.")]})


def _meeting_details(group: Group, *, address: str, online_url: str) -> dict[str, Any]:
    return {
        "title": _("Réunion du groupe « %(name)s »") % {"name": group.name},
        "kind": Kind.EXPERIMENT_MEETING,
        "attendance": "online" if online_url and not address else ("hybrid" if online_url else "in_person"),
        "address": address.strip(),
        "online_url": online_url.strip(),
        "languages": group.languages,
        "office": group.office,
    }


def _organisers(group: Group, actor: Any) -> list[Any]:
    """The facilitator organises the group's events; without one, whoever plans them."""
    if group.facilitator_id:
        return [group.facilitator]
    return [actor] if getattr(actor, "is_authenticated", False) else []


def meetings_plan(
    *,
    actor: Any,
    group: Group,
    rhythm: str,
    first_start: datetime.datetime,
    duration: datetime.timedelta,
    address: str = "",
    online_url: str = "",
) -> Series:
    """The group's recurring meetings at the rhythm it chose: a series of events (kind
    "experiment meeting") linked to the group's project, so they show on its page and in the
    agenda. ``first_start`` is naive local time."""
    if group.series_id is not None:
        raise ValidationError(_("Ce groupe a déjà ses réunions régulières."), code="planned")
    if first_start < timezone.localtime().replace(tzinfo=None):
        raise ValidationError({"first_start": [_("La première réunion ne peut pas être dans le passé.")]})
    with transaction.atomic():
        series = series_create(
            actor=actor,
            organisers=_organisers(group, actor),
            projects=[group.project] if group.project_id else [],
            rule=rule_for(rhythm, first_start),
            first_start=first_start,
            duration=duration,
            **_meeting_details(group, address=address, online_url=online_url),
        )
        group.series, group.rhythm = series, rhythm
        group.save(update_fields=["series", "rhythm", "updated_at"])
        record_change(actor=actor, instance=group, action="meetings_plan", after={"series": series.pk, "rhythm": rhythm})
    return series


def meeting_add(
    *,
    actor: Any,
    group: Group,
    starts_at: datetime.datetime,
    duration: datetime.timedelta,
    address: str = "",
    online_url: str = "",
    meetup_format: str = "",
) -> Event:
    """One meeting (a date chosen on its own), or, with ``meetup_format``, a meetup open to
    all members (afterwork, working breakfast, meet&connect) with registrations."""
    start = starts_at if timezone.is_aware(starts_at) else to_aware(starts_at)
    if start < timezone.now():
        raise ValidationError({"starts_at": [_("La date ne peut pas être dans le passé.")]})
    details = _meeting_details(group, address=address, online_url=online_url)
    if meetup_format:
        details.update(kind=Kind.MEETUP, meetup_format=meetup_format, title=_("Rencontre du groupe « %(name)s »") % {"name": group.name})
        if group.office_id:
            details["scope"] = "local"
    with transaction.atomic():
        event = event_create(
            actor=actor,
            organisers=_organisers(group, actor),
            projects=[group.project] if group.project_id else [],
            starts_at=start,
            ends_at=start + duration,
            **details,
        )
        record_change(actor=actor, instance=group, action="meetup_add" if meetup_format else "meeting_add", after={"event": event.pk})
    return event


def log_entry_add(*, actor: Any, group: Group, kind: str, posted_on: datetime.date, text: str, highlight: bool = False) -> LogEntry:
    """A logbook entry (what we tried, what we learned, a decision); a highlight also
    becomes an update of the group's project, so it feeds back into the registry."""
    errors: dict[str, list[str]] = {}
    if kind not in LogKind.values:
        errors["kind"] = [_("Choisissez la nature de l’entrée.")]
    if not text.strip():
        errors["text"] = [_("Écrivez l’entrée du carnet de bord.")]
    if posted_on > timezone.localdate():
        errors["posted_on"] = [_("La date ne peut pas être dans le futur.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        entry = LogEntry.objects.create(
            group=group,
            kind=kind,
            posted_on=posted_on,
            text=text.strip(),
            highlight=highlight,
            author=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record_change(actor=actor, instance=group, action="log_entry", after={"entry": entry.pk, "highlight": highlight})
        from cairn.experiments.notify import log_entry_posted

        log_entry_posted(entry=entry)
        if highlight and group.project_id:
            project_post_update(actor=actor, project=group.project, posted_on=posted_on, text=text)  # type: ignore[arg-type]
    return entry


def action_add(*, actor: Any, group: Group, title: str, owner: Any = None, due_on: datetime.date | None = None) -> Action:
    """An action of the group; refused when due before the day it is created."""
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationError({"due_on": [_("Une action ne peut pas être due avant le jour où elle est créée.")]})
    if owner is not None and not group.placements.filter(user=owner, state="accepted").exists() and owner.pk != group.facilitator_id:
        raise ValidationError({"owner": [_("Choisissez une personne du groupe.")]})
    with transaction.atomic():
        action = Action(group=group, title=title.strip(), owner=owner, due_on=due_on)
        action.full_clean()
        action.save()
        record_change(actor=actor, instance=group, action="action_add", after={"action": action.pk, "title": action.title})
    return action


def action_done(*, actor: Any, action: Action) -> Action:
    if action.done_at is None:
        with transaction.atomic():
            action.done_at = timezone.now()
            action.save(update_fields=["done_at"])
            record_change(actor=actor, instance=action.group, action="action_done", after={"action": action.pk})
    return action


#: How often a facilitator is asked for news of each group they run.
CHECKIN_DAYS = 30


def checkins_request(*, now: datetime.datetime | None = None) -> int:
    """The monthly check-in: ask each facilitator of an active or paused group for news,
    through the projects' update requests (their e-mail, reminders and answer page), when
    nothing was asked of them for that group in the last month. How many were asked."""
    from cairn.projects.models import UpdateRequest
    from cairn.projects.services import update_request_send

    now = now or timezone.now()
    since = now - datetime.timedelta(days=CHECKIN_DAYS)
    asked = 0
    groups = Group.objects.filter(status__in=[GroupStatus.ACTIVE, GroupStatus.PAUSED], facilitator__isnull=False, project__isnull=False)
    for group in groups.select_related("facilitator", "project").order_by("pk"):
        recent = UpdateRequest.objects.filter(project=group.project, recipient=group.facilitator)
        if recent.filter(created_at__gte=since).exists() or recent.pending().exists():
            continue
        update_request_send(
            actor=None,
            project=group.project,  # type: ignore[arg-type]
            recipient=group.facilitator,
            message=_("Le point mensuel de votre groupe d’expérimentation : où en êtes-vous ?"),
        )
        asked += 1
    return asked
