"""Projects: what follows from recommendations (DESIGN.md §1) — a priority project, the
ongoing work of a department, a member experiment or a hackathon's outcome — with the
recommendations each answers, its timeline of dated updates and its attachments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cairn.core.models import TimeStampedModel
from cairn.core.translation import Translatable, translations
from cairn.core.validators import validate_single_line

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cairn.accounts.models import User


class ProjectKind(models.TextChoices):
    PRIORITY = "priority", _("Projet prioritaire")
    DEPARTMENT = "department", _("Travail d’une direction")
    EXPERIMENT = "experiment", _("Expérimentation de sociétaires")
    HACKATHON = "hackathon", _("Résultat d’un hackathon")
    OTHER = "other", _("Autre")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Prévu")
    IN_PROGRESS = "in_progress", _("En cours")
    DONE = "done", _("Terminé")
    STOPPED = "stopped", _("Arrêté")


#: The badge tone of each project status (the design system's ``badge`` component).
PROJECT_STATUS_TONES = {
    ProjectStatus.PLANNED: "neutral",
    ProjectStatus.IN_PROGRESS: "progress",
    ProjectStatus.DONE: "success",
    ProjectStatus.STOPPED: "danger",
}
#: Statuses after which the coordination team is offered to assess the linked recommendations.
FINISHED_STATUSES = (ProjectStatus.DONE, ProjectStatus.STOPPED)


class Answer(models.TextChoices):
    FULLY = "fully", _("y répond entièrement")
    PARTLY = "partly", _("y répond en partie")


class ProjectQuerySet(models.QuerySet["Project"]):
    def public(self) -> ProjectQuerySet:
        """What everyone may see: projects not marked internal."""
        return self.filter(is_internal=False)

    def visible_to(self, user: User | AnonymousUser) -> ProjectQuerySet:
        """Everything for the coordination team; public projects for everyone else."""
        from cairn.projects.rules import can_manage_projects

        return self if can_manage_projects(user) else self.public()


class Project(Translatable, TimeStampedModel):
    TRANSLATED = ("title", "summary")

    title = models.CharField(_("titre"), max_length=200, validators=[validate_single_line])
    title_nl, title_en = translations(title)
    summary = models.CharField(_("résumé"), max_length=400, validators=[validate_single_line])
    summary_nl, summary_en = translations(summary)
    text = models.TextField(_("texte (Markdown)"), blank=True)
    kind = models.CharField(_("nature"), max_length=12, choices=ProjectKind.choices)
    status = models.CharField(_("état"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED)
    stop_reason = models.TextField(_("raison de l’arrêt"), blank=True, help_text=_("Publique. Obligatoire si le projet est arrêté."))
    progress = models.PositiveSmallIntegerField(_("avancement (%)"), default=0)
    starts_on = models.DateField(_("début"), null=True, blank=True)
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("direction responsable"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinateur·rice"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_projects",
    )
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("équipe"), blank=True, related_name="project_teams")
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation", through="ProjectRecommendation", blank=True, related_name="projects"
    )
    is_internal = models.BooleanField(_("interne"), default=False, help_text=_("Visible seulement de l’équipe de coordination."))

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="projects_progress_at_most_100"),
            models.CheckConstraint(condition=~Q(status="stopped") | ~Q(stop_reason=""), name="projects_stop_has_reason"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="projects_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["kind", "status"], name="projects_kind_status")]

    def __str__(self) -> str:
        return self.title


class ProjectRecommendation(models.Model):
    """How a project answers a recommendation: fully or partly, with a short note."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="answers")
    recommendation = models.ForeignKey("recommendations.Recommendation", on_delete=models.CASCADE, related_name="project_answers")
    answer = models.CharField(_("réponse"), max_length=8, choices=Answer.choices, default=Answer.PARTLY)
    note = models.CharField(_("note"), max_length=300, blank=True, validators=[validate_single_line])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recommendation__reference"]
        verbose_name = _("recommandation à laquelle répond le projet")
        verbose_name_plural = _("recommandations auxquelles répond le projet")
        constraints = [models.UniqueConstraint(fields=["project", "recommendation"], name="projects_answer_once")]

    def __str__(self) -> str:
        return f"{self.project_id} {self.answer} {self.recommendation_id}"


class ProjectLink(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("intitulé"), max_length=200, validators=[validate_single_line])
    url = models.URLField(_("adresse"), max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("lien")
        verbose_name_plural = _("liens")

    def __str__(self) -> str:
        return self.label


def attachment_path(instance: ProjectAttachment, filename: str) -> str:
    return f"projects/{instance.project_id}/{filename}"


def private_storage() -> Storage:
    """The "private" storage (PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT): attachments are
    served only through the permission-checked view, never from a public folder."""
    return storages["private"]


class ProjectAttachment(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fichier"), upload_to=attachment_path, storage=private_storage, max_length=300)
    name = models.CharField(_("nom"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("ajoutée le"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")

    def __str__(self) -> str:
        return self.name


class ProjectUpdate(models.Model):
    """A dated entry of a project's timeline; it may move the progress or the status."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    posted_on = models.DateField(_("date"))
    text = models.TextField(_("texte (Markdown)"))
    progress = models.PositiveSmallIntegerField(_("nouvel avancement (%)"), null=True, blank=True)
    status = models.CharField(_("nouvel état"), max_length=12, choices=ProjectStatus.choices, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-posted_on", "-pk"]
        verbose_name = _("actualité du projet")
        verbose_name_plural = _("actualités des projets")
        constraints = [
            models.CheckConstraint(condition=Q(progress__isnull=True) | Q(progress__lte=100), name="projects_update_progress_at_most_100")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.posted_on}"


class UpdateRequestQuerySet(models.QuerySet["UpdateRequest"]):
    def pending(self) -> UpdateRequestQuerySet:
        return self.filter(answered_at__isnull=True)


class UpdateRequest(models.Model):
    """The coordination team asks a project's coordinator (or department lead) for news."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="update_requests")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("destinataire"), on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(_("dernier rappel"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("rappels"), default=0)
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)
    answer = models.ForeignKey(ProjectUpdate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = UpdateRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("demande d’actualité")
        verbose_name_plural = _("demandes d’actualité")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "recipient"], condition=Q(answered_at__isnull=True), name="projects_one_pending_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id}→{self.recipient_id}"
