"""The projects' write paths: validation, audit, links, attachments, timeline, update requests."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.accounts.models import Department, Language
from cairn.accounts.services import member_anonymise
from cairn.accounts.tests.helpers import make_user
from cairn.core.audit import history_of
from cairn.core.editing import StaleEdit
from cairn.projects import services
from cairn.projects.factories import ProjectFactory
from cairn.projects.models import Project, ProjectAttachment, ProjectKind, ProjectStatus, ProjectUpdate, UpdateRequest
from cairn.recommendations.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def test_create_records_fields_team_and_links_in_the_audit() -> None:
    actor = make_user("coordination")
    teammate = UserFactory()
    project = services.project_create(
        actor=actor,
        title="Cantine coopérative",
        summary="Des repas partagés au bureau.",
        kind=ProjectKind.EXPERIMENT,
        team=[teammate],
        links=[("Le pad", "https://pad.example.org/cantine")],
        progress=10,
    )

    assert list(project.team.all()) == [teammate]
    assert [(link.label, link.url) for link in project.links.all()] == [("Le pad", "https://pad.example.org/cantine")]
    entry = history_of(project).get()
    assert entry.action == "create"
    assert entry.changes["title"] == {"before": None, "after": "Cantine coopérative"}
    assert entry.changes["links"] == {"before": None, "after": ["Le pad <https://pad.example.org/cantine>"]}
    assert entry.changes["team"] == {"before": None, "after": [teammate.pk]}


def test_a_stopped_project_needs_a_public_reason_and_nothing_changes_without_it() -> None:
    actor = make_user("coordination")
    project = ProjectFactory()

    with pytest.raises(ValidationError) as error:
        services.project_update(actor=actor, project=project, status=ProjectStatus.STOPPED)

    assert error.value.message_dict == {"stop_reason": ["Un projet arrêté doit dire publiquement pourquoi."]}
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_PROGRESS
    assert not history_of(project).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"progress": 101}, "progress"), ({"starts_on": datetime.date(2025, 5, 1), "ends_on": datetime.date(2025, 4, 1)}, "ends_on")],
)
def test_progress_and_dates_are_checked(changes: dict, field: str) -> None:
    project = ProjectFactory()

    with pytest.raises(ValidationError) as error:
        services.project_update(actor=None, project=project, **changes)

    assert list(error.value.message_dict) == [field]


def test_a_stale_edit_is_refused() -> None:
    project = ProjectFactory()
    seen = project.updated_at
    services.project_update(actor=None, project=project, title="Changé entre-temps")

    with pytest.raises(StaleEdit):
        services.project_update(actor=None, project=project, title="Mon titre", expected_updated_at=seen)

    assert Project.objects.get(pk=project.pk).title == "Changé entre-temps"


def test_linking_twice_changes_how_the_project_answers() -> None:
    project, recommendation = ProjectFactory(), RecommendationFactory()

    services.project_link_recommendation(actor=None, project=project, recommendation=recommendation, answer="partly", note="Un début")
    services.project_link_recommendation(actor=None, project=project, recommendation=recommendation, answer="fully")

    link = project.answers.get()
    assert (link.answer, link.note) == ("fully", "")
    assert [e.action for e in history_of(project)] == ["recommendation_linked", "recommendation_linked"]
    assert services.project_unlink_recommendation(actor=None, project=project, recommendation=recommendation) is True
    assert services.project_unlink_recommendation(actor=None, project=project, recommendation=recommendation) is False


def test_attachments_are_checked_for_size_type_and_content(settings) -> None:
    settings.CAIRN_PROJECT_ATTACHMENT_MAX_BYTES = 100
    project = ProjectFactory()

    def refused(upload: SimpleUploadedFile) -> list[str]:
        with pytest.raises(ValidationError) as error:
            services.attachment_add(actor=None, project=project, upload=upload)
        return error.value.message_dict["file"]

    assert refused(SimpleUploadedFile("gros.pdf", b"%PDF-" + b"x" * 200)) == ["Ce fichier dépasse la taille maximale (100\xa0octets)."]
    assert refused(SimpleUploadedFile("script.html", b"<script>")) == [
        "Ce type de fichier n’est pas accepté. Formats acceptés : PDF, PNG, JPEG, ODT, ODS, DOCX, XLSX."
    ]
    assert refused(SimpleUploadedFile("faux.pdf", b"<html>not a pdf")) == ["Le contenu de ce fichier ne correspond pas à son extension."]
    assert not ProjectAttachment.objects.exists()

    attachment = services.attachment_add(actor=None, project=project, upload=SimpleUploadedFile("bilan 2024.pdf", b"%PDF-1.7 ok"))
    assert (attachment.name, attachment.content_type, attachment.size) == ("bilan_2024.pdf", "application/pdf", 11)
    assert attachment.file.read() == b"%PDF-1.7 ok"


def test_an_update_moves_progress_and_status_and_answers_pending_requests(django_capture_on_commit_callbacks) -> None:
    coordinator = UserFactory()
    project = ProjectFactory(coordinator=coordinator, progress=40)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.update_request_send(actor=make_user("coordination"), project=project)

    update = services.project_post_update(
        actor=coordinator, project=project, posted_on=timezone.localdate(), text="Terminé !", status=ProjectStatus.DONE
    )

    project.refresh_from_db()
    assert (project.status, project.progress) == (ProjectStatus.DONE, 100)
    assert (update.status, update.progress) == (ProjectStatus.DONE, None)
    request.refresh_from_db()
    assert request.answer_id == update.pk and request.answered_at is not None
    assert [e.action for e in history_of(project)][:2] == ["update_posted", "update"]


def test_an_update_in_the_future_or_empty_is_refused() -> None:
    project = ProjectFactory()

    with pytest.raises(ValidationError) as error:
        services.project_post_update(actor=None, project=project, posted_on=timezone.localdate() + datetime.timedelta(days=1), text=" ")

    assert sorted(error.value.message_dict) == ["posted_on", "text"]
    assert not ProjectUpdate.objects.exists()


def test_an_update_request_mails_the_coordinator_once_in_their_language(django_capture_on_commit_callbacks, settings) -> None:
    settings.SITE_URL = "https://cairn.example.org"
    coordinator = UserFactory(profile__language=Language.NL)
    project = ProjectFactory(coordinator=coordinator, title="Une cantine partagée", title_nl="Gedeelde kantine")
    actor = make_user("coordination")

    with django_capture_on_commit_callbacks(execute=True):
        request = services.update_request_send(actor=actor, project=project, message="Hoe staat het ermee?")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [coordinator.email]
    # The project's Dutch title, in the subject and the text (the French one is the original).
    assert "Gedeelde kantine" in message.subject and "Gedeelde kantine" in message.body
    assert "cantine partagée" not in message.body
    assert f"https://cairn.example.org/nl/projets/{project.pk}/actualites/nouvelle/?demande={request.pk}" in message.body
    assert "Hoe staat het ermee?" in message.body
    # A re-run of the task sends nothing more.
    assert services.update_request_email(request_id=request.pk) is False
    assert len(mail.outbox) == 1
    # A second request to the same person while one waits is refused.
    with pytest.raises(ValidationError):
        services.update_request_send(actor=actor, project=project)
    assert UpdateRequest.objects.count() == 1


def test_department_work_without_coordinator_asks_the_department_lead() -> None:
    department = Department.objects.create(code="rh", name_fr="Ressources humaines")
    lead = make_user("department_lead")
    lead.profile.department = department
    lead.profile.save(update_fields=["department"])
    other_lead = make_user("department_lead")
    project = ProjectFactory(kind=ProjectKind.DEPARTMENT, department=department)

    assert services.update_request_recipient(project) == lead
    assert other_lead != lead
    assert services.update_request_recipient(ProjectFactory(kind=ProjectKind.PRIORITY, department=department)) is None


def test_erasure_withdraws_the_requests_waiting_for_the_member_and_the_next_asks_someone_else(django_capture_on_commit_callbacks) -> None:
    department = Department.objects.create(code="rh", name_fr="Ressources humaines")
    lead = make_user("department_lead", email="lead@x.be")
    lead.profile.department = department
    lead.profile.save(update_fields=["department"])
    coordinator, asker = UserFactory(), make_user("coordination")
    project = ProjectFactory(kind=ProjectKind.DEPARTMENT, department=department, coordinator=coordinator)
    other = ProjectFactory(coordinator=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        waiting = services.update_request_send(actor=asker, project=project)
        answered = services.update_request_send(actor=asker, project=other)
    services.project_post_update(actor=coordinator, project=other, posted_on=timezone.localdate(), text="Voilà")
    mail.outbox.clear()

    member_anonymise(user=coordinator)

    # The answered request stays in the record; the one nobody will answer is withdrawn.
    assert list(UpdateRequest.objects.values_list("pk", flat=True)) == [answered.pk]
    entry = history_of(project).first()
    assert (entry.action, entry.changes) == ("update_request_withdrawn", {"request": {"before": waiting.pk, "after": None}})  # type: ignore[union-attr]
    project.refresh_from_db()
    assert project.coordinator == coordinator  # the project still names them, under no name
    # No reminder goes to the placeholder address; asking again reaches the department lead.
    assert services.update_requests_remind(now=timezone.now() + datetime.timedelta(days=60)) == 0
    assert services.update_request_recipient(project) == lead
    with django_capture_on_commit_callbacks(execute=True):
        services.update_request_send(actor=asker, project=project)
    assert [m.to for m in mail.outbox] == [["lead@x.be"]]
    # Without a department lead to fall back on, there is nobody to ask.
    other.refresh_from_db()
    with pytest.raises(ValidationError, match="ni coordinateur·rice ni responsable de direction"):
        services.update_request_send(actor=asker, project=other)


def test_reminders_go_after_the_delay_once_per_delay(django_capture_on_commit_callbacks, settings) -> None:
    settings.CAIRN_UPDATE_REQUEST_REMINDER_DAYS = 7
    project = ProjectFactory(coordinator=UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        request = services.update_request_send(actor=make_user("coordination"), project=project)
    sent_at = UpdateRequest.objects.get().emailed_at
    mail.outbox.clear()

    assert services.update_requests_remind(now=sent_at + datetime.timedelta(days=6)) == 0
    assert services.update_requests_remind(now=sent_at + datetime.timedelta(days=7)) == 1
    # Re-run at the same moment, or a day later: nothing new.
    assert services.update_requests_remind(now=sent_at + datetime.timedelta(days=7)) == 0
    assert services.update_requests_remind(now=sent_at + datetime.timedelta(days=8)) == 0
    assert services.update_requests_remind(now=sent_at + datetime.timedelta(days=14)) == 1
    assert [m.subject for m in mail.outbox] == [f"Rappel : où en est le projet « {project.title} » ?"] * 2
    request.refresh_from_db()
    assert request.reminders == 2
    # Answered: no more reminders.
    services.project_post_update(actor=None, project=project, posted_on=timezone.localdate(), text="Voilà")
    assert services.update_requests_remind(now=sent_at + datetime.timedelta(days=60)) == 0


def test_attachments_are_stored_outside_the_public_media_folder(tmp_path) -> None:
    """A proxy serves MEDIA_ROOT at /media/ (stories' images); attachments must not be there."""
    from django.core.files.storage import storages

    assert ProjectAttachment._meta.get_field("file").storage is storages["private"]
    # With the production settings, the private folder is not inside MEDIA_ROOT.
    code = "from cairn import settings as s; print(s.MEDIA_ROOT); print(s.STORAGES['private']['OPTIONS']['location'])"
    environment = {k: v for k, v in os.environ.items() if k not in {"MEDIA_ROOT", "PRIVATE_MEDIA_ROOT", "DJANGO_SETTINGS_MODULE"}}
    output = subprocess.run(
        [sys.executable, "-c", code], env={**environment, "CAIRN_DATA_DIR": str(tmp_path)}, capture_output=True, text=True, check=True
    ).stdout
    media_root, private_root = (Path(line) for line in output.split())
    assert private_root == tmp_path / "private"
    assert media_root not in private_root.parents and private_root != media_root
