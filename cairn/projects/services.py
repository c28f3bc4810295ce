"""Every write to projects goes through these functions; each is audited like the registry."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.core.audit import record_change, snapshot
from cairn.core.editing import refuse_stale
from cairn.core.translation import with_translations
from cairn.projects.models import (
    Answer,
    Project,
    ProjectAttachment,
    ProjectKind,
    ProjectLink,
    ProjectRecommendation,
    ProjectStatus,
    ProjectUpdate,
    UpdateRequest,
)

#: What ``project_create`` and ``project_update`` may set; the project form takes its fields from here.
PROJECT_FIELDS = with_translations(
    [
        "title",
        "summary",
        "text",
        "kind",
        "status",
        "stop_reason",
        "progress",
        "starts_on",
        "ends_on",
        "department",
        "coordinator",
        "is_internal",
    ],
    Project,
)


def _validate_project(project: Project) -> None:
    errors: dict[str, list[str]] = {}
    if project.status == ProjectStatus.STOPPED and not project.stop_reason.strip():
        errors["stop_reason"] = [_("Un projet arrêté doit dire publiquement pourquoi.")]
    if project.progress is None or not 0 <= project.progress <= 100:
        errors["progress"] = [_("L’avancement est un pourcentage entre 0 et 100.")]
    if project.starts_on and project.ends_on and project.ends_on < project.starts_on:
        errors["ends_on"] = [_("La fin ne peut pas précéder le début.")]
    if errors:
        raise ValidationError(errors)


def _touch(project: Project) -> None:
    """Move the project's change time after a change of what its page shows that does not
    save the project itself (an attachment, a post, a recommendation answered otherwise):
    the projects' stamp, and the pages kept under it, see it."""
    project.save(update_fields=["updated_at"])


def _links_snapshot(project: Project) -> list[str]:
    return [f"{link.label} <{link.url}>" for link in project.links.all()]


def _set_links(project: Project, links: Sequence[tuple[str, str]]) -> None:
    project.links.all().delete()
    ProjectLink.objects.bulk_create(ProjectLink(project=project, label=label, url=url, position=n) for n, (label, url) in enumerate(links))


def project_create(
    *, actor: Any, title: str, summary: str, kind: str, team: Iterable[Any] = (), links: Sequence[tuple[str, str]] = (), **fields: Any
) -> Project:
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown project fields: {sorted(unknown)}")
    with transaction.atomic():
        project = Project(title=title.strip(), summary=summary.strip(), kind=kind, **fields)
        _validate_project(project)
        project.full_clean(exclude=["team", "recommendations"])
        project.save()
        project.team.set(list(team))
        _set_links(project, links)
        after = snapshot(project, PROJECT_FIELDS)
        after["team"] = sorted(u.pk for u in project.team.all())
        after["links"] = _links_snapshot(project)
        record_change(actor=actor, instance=project, action="create", after=after)
    return project


def project_update(
    *,
    actor: Any,
    project: Project,
    team: Iterable[Any] | None = None,
    links: Sequence[tuple[str, str]] | None = None,
    expected_updated_at: datetime.datetime | None = None,
    **changes: Any,
) -> Project:
    """Change a project's fields, team and links; audited with the values before and after.
    A stale edit (``expected_updated_at`` differs) raises ``StaleEdit`` and writes nothing."""
    unknown = set(changes) - set(PROJECT_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    with transaction.atomic():
        current = Project.objects.select_for_update().get(pk=project.pk)
        refuse_stale(current, expected_updated_at)
        changes = {name: value for name, value in changes.items() if getattr(current, name) != value}
        before = snapshot(current, sorted(changes))
        after: dict[str, Any] = {}
        for name, value in changes.items():
            setattr(current, name, value)
        _validate_project(current)
        current.full_clean(exclude=["team", "recommendations"])
        if changes:
            current.save(update_fields=[*changes, "updated_at"])
            after = snapshot(current, sorted(changes))
        if team is not None:
            old_team = sorted(current.team.values_list("pk", flat=True))
            new_team = sorted(u.pk for u in team)
            if old_team != new_team:
                current.team.set(new_team)
                before["team"], after["team"] = old_team, new_team
        if links is not None:
            old_links = _links_snapshot(current)
            _set_links(current, links)
            new_links = _links_snapshot(current)
            if old_links != new_links:
                before["links"], after["links"] = old_links, new_links
        if after:
            if not changes:
                current.save(update_fields=["updated_at"])
            record_change(actor=actor, instance=current, action="update", before=before, after=after)
    return current


def project_link_recommendation(*, actor: Any, project: Project, recommendation: Any, answer: str, note: str = "") -> ProjectRecommendation:
    """Say that ``project`` answers ``recommendation`` (fully or partly); linking again
    changes how. Followers of the recommendation are notified of a new link."""
    if answer not in Answer.values:
        raise ValidationError({"answer": [_("Choisissez comment le projet répond à la recommandation.")]})
    with transaction.atomic():
        link, created = ProjectRecommendation.objects.get_or_create(
            project=project, recommendation=recommendation, defaults={"answer": answer, "note": note.strip()}
        )
        before: dict[str, Any] = {}
        if not created:
            before = {"recommendation": recommendation.reference, "answer": link.answer, "note": link.note}
            link.answer, link.note = answer, note.strip()
            link.save(update_fields=["answer", "note"])
        after = {"recommendation": recommendation.reference, "answer": link.answer, "note": link.note}
        if before != after:
            if not created:
                _touch(project)
            record_change(actor=actor, instance=project, action="recommendation_linked", before=before, after=after)
        if created:
            from cairn.projects.notify import project_linked

            project_linked(link=link)
    return link


def project_unlink_recommendation(*, actor: Any, project: Project, recommendation: Any) -> bool:
    with transaction.atomic():
        deleted, _ignored = ProjectRecommendation.objects.filter(project=project, recommendation=recommendation).delete()
        if deleted:
            record_change(
                actor=actor, instance=project, action="recommendation_unlinked", before={"recommendation": recommendation.reference}
            )
    return bool(deleted)


# --- attachments --------------------------------------------------------------------------

#: Accepted attachments: extension → (content type, what the file must start with).
ATTACHMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (b"PK\x03\x04",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
}


def check_attachment(upload: UploadedFile) -> tuple[str, str]:
    """The file's safe name and content type, or a ValidationError saying why it is refused:
    too large, an extension not accepted, or content that is not what the extension says."""
    from django.template.defaultfilters import filesizeformat
    from django.utils.text import get_valid_filename

    limit = settings.CAIRN_PROJECT_ATTACHMENT_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            {"file": [_("Ce fichier dépasse la taille maximale (%(limit)s).") % {"limit": filesizeformat(limit)}]}, code="too_large"
        )
    name = get_valid_filename((upload.name or "fichier").rsplit("/", 1)[-1])[:150]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ATTACHMENT_TYPES:
        raise ValidationError(
            {"file": [_("Ce type de fichier n’est pas accepté. Formats acceptés : PDF, PNG, JPEG, ODT, ODS, DOCX, XLSX.")]}, code="type"
        )
    content_type, signatures = ATTACHMENT_TYPES[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError({"file": [_("Le contenu de ce fichier ne correspond pas à son extension.")]}, code="content")
    return name, content_type


def attachment_add(*, actor: Any, project: Project, upload: UploadedFile) -> ProjectAttachment:
    name, content_type = check_attachment(upload)
    with transaction.atomic():
        attachment = ProjectAttachment(
            project=project,
            name=name,
            content_type=content_type,
            size=upload.size or 0,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        attachment.file.save(name, upload, save=False)
        stored = attachment.file.name or ""
        try:  # a failed write leaves no orphan file behind
            attachment.save()
            _touch(project)
            record_change(actor=actor, instance=project, action="attachment_added", after={"attachment": name, "size": attachment.size})
        except Exception:
            attachment.file.storage.delete(stored)
            raise
    return attachment


def attachment_remove(*, actor: Any, attachment: ProjectAttachment) -> None:
    with transaction.atomic():
        project, name, stored = attachment.project, attachment.name, attachment.file.name or ""
        attachment.delete()
        _touch(project)
        record_change(actor=actor, instance=project, action="attachment_removed", before={"attachment": name})
        storage = attachment.file.storage
        transaction.on_commit(lambda: storage.delete(stored))


# --- timeline -----------------------------------------------------------------------------


def project_post_update(
    *,
    actor: Any,
    project: Project,
    posted_on: datetime.date,
    text: str,
    progress: int | None = None,
    status: str = "",
    stop_reason: str = "",
) -> ProjectUpdate:
    """Add a dated entry to the timeline; it may move the progress and the status. It
    answers the project's pending update requests, and notifies the project's followers."""
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = [_("Écrivez ce qui a changé.")]
    if posted_on > timezone.localdate():
        errors["posted_on"] = [_("La date ne peut pas être dans le futur.")]
    if progress is not None and not 0 <= progress <= 100:
        errors["progress"] = [_("L’avancement est un pourcentage entre 0 et 100.")]
    if status and status not in ProjectStatus.values:
        errors["status"] = [_("Choisissez un état.")]
    if status == ProjectStatus.STOPPED and not (stop_reason.strip() or project.stop_reason.strip()):
        errors["stop_reason"] = [_("Un projet arrêté doit dire publiquement pourquoi.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        update = ProjectUpdate.objects.create(
            project=project,
            posted_on=posted_on,
            text=text.strip(),
            progress=progress,
            status=status if status != project.status else "",
            author=actor if getattr(actor, "is_authenticated", False) else None,
        )
        changes: dict[str, Any] = {}
        if progress is not None and progress != project.progress:
            changes["progress"] = progress
        if status and status != project.status:
            changes["status"] = status
            if status == ProjectStatus.DONE and "progress" not in changes and project.progress != 100:
                changes["progress"] = 100
        if status == ProjectStatus.STOPPED and stop_reason.strip():
            changes["stop_reason"] = stop_reason.strip()
        if changes:
            project_update(actor=actor, project=project, **changes)
            project.refresh_from_db()
        else:
            _touch(project)
        record_change(
            actor=actor, instance=project, action="update_posted", after={"update": update.pk, "posted_on": posted_on.isoformat()}
        )
        UpdateRequest.objects.pending().filter(project=project).update(answered_at=timezone.now(), answer=update)
        from cairn.projects.notify import project_update_posted

        project_update_posted(update=update)
    return update


# --- update requests ----------------------------------------------------------------------


def update_request_recipient(project: Project) -> Any:
    """Who is asked for news: the coordinator; for a department's work without one (or
    whose coordinator left), the lead of the responsible department."""
    from cairn.accounts.models import Role, User

    if project.coordinator is not None and project.coordinator.is_reachable:
        return project.coordinator
    if project.kind == ProjectKind.DEPARTMENT and project.department_id is not None:
        return (
            User.objects.filter(is_active=True, groups__name=Role.DEPARTMENT_LEAD, profile__department_id=project.department_id)
            .order_by("pk")
            .first()
        )
    return None


def update_request_send(*, actor: Any, project: Project, message: str = "", recipient: Any = None) -> UpdateRequest:
    """Ask for an update; the e-mail leaves from a background task once this commits. One
    pending request per project and person: asking again while one waits is refused."""
    recipient = recipient or update_request_recipient(project)
    if recipient is None:
        raise ValidationError(_("Ce projet n’a ni coordinateur·rice ni responsable de direction à qui demander une actualité."))
    with transaction.atomic():
        if UpdateRequest.objects.pending().filter(project=project, recipient=recipient).exists():
            raise ValidationError(_("Une demande d’actualité attend déjà une réponse de cette personne pour ce projet."))
        request = UpdateRequest.objects.create(project=project, recipient=recipient, requested_by=actor, message=message.strip())
        record_change(actor=actor, instance=project, action="update_requested", after={"recipient": recipient.pk, "request": request.pk})
        from cairn.projects.tasks import send_update_request

        transaction.on_commit(lambda: send_update_request.enqueue(request_id=request.pk))
    return request


def _send_request_email(request: UpdateRequest, *, reminder: bool) -> None:
    from django.urls import reverse
    from django.utils import translation

    from cairn.core.emails import send_templated_email

    language = getattr(getattr(request.recipient, "profile", None), "language", "fr") or "fr"
    with translation.override(language):
        path = reverse("projects:post_update", args=[request.project_id]) + f"?demande={request.pk}"
    send_templated_email(
        "projects/email/update_request",
        to=[request.recipient.email],
        context={
            "name": getattr(getattr(request.recipient, "profile", None), "display_name", "") or request.recipient.email,
            "project": request.project,
            "message": request.message,
            "url": settings.SITE_URL + path,
            "reminder": reminder,
        },
        language=language,
    )


def update_request_email(*, request_id: int) -> bool:
    """Send a request's first e-mail, once (a re-run sends nothing)."""
    with transaction.atomic():
        claimed = UpdateRequest.objects.filter(pk=request_id, emailed_at__isnull=True, answered_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            return False
        request = UpdateRequest.objects.select_related("project", "recipient__profile").get(pk=request_id)
        _send_request_email(request, reminder=False)
    return True


def update_requests_remind(*, now: datetime.datetime | None = None) -> int:
    """Remind the recipients of requests unanswered for ``CAIRN_UPDATE_REQUEST_REMINDER_DAYS``
    since they were sent (or last reminded). Each reminder is claimed by a conditional
    UPDATE, so a re-run, or two workers at once, remind nobody twice."""
    now = now or timezone.now()
    due = now - datetime.timedelta(days=settings.CAIRN_UPDATE_REQUEST_REMINDER_DAYS)
    sent = 0
    candidates = UpdateRequest.objects.pending().filter(emailed_at__isnull=False, emailed_at__lte=due)
    for request in candidates.exclude(reminded_at__gt=due).select_related("project", "recipient__profile").order_by("pk"):
        with transaction.atomic():
            claimed = (
                UpdateRequest.objects.pending()
                .filter(pk=request.pk, reminded_at=request.reminded_at)
                .update(reminded_at=now, reminders=request.reminders + 1)
            )
            if claimed:
                _send_request_email(request, reminder=True)
                sent += 1
    return sent


# --- personal data (registered in hooks.py) -----------------------------------------------


def personal_data_erase(*, user: Any) -> None:
    """Erasure keeps the projects as they are (their coordinator and team stay, under no
    name) and withdraws the requests for news still waiting for the member's answer, so
    the coordination team may ask someone else; audited on each project."""
    with transaction.atomic():
        waiting = list(
            UpdateRequest.objects.pending().filter(recipient=user).select_related("project").select_for_update(of=("self",)).order_by("pk")
        )
        for request in waiting:
            record_change(actor=None, instance=request.project, action="update_request_withdrawn", before={"request": request.pk})
        UpdateRequest.objects.filter(pk__in=[request.pk for request in waiting]).delete()
