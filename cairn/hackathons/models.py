"""Hackathons: an event of two or three days where teams answer a precise question drawn
from the recommendations, an answer the organisers may turn into a project.

A hackathon rests on an ``events.Event`` (kind "hackathon day"): its dates, place, languages,
capacity, organisers, registrations, waitlist, check-in and .ics are the event's. The
hackathon adds its programme (sessions), its phase, its questions, the participants'
details, the teams, their answers, the jury's scores and the members' votes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cairn.core.models import TimeStampedModel
from cairn.core.translation import Translatable, translations
from cairn.projects.models import private_storage

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cairn.accounts.models import User


class Phase(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    CALL = "call", _("Appel à questions")
    REGISTRATION = "registration", _("Inscriptions")
    TEAMS = "teams", _("Formation des équipes")
    RUNNING = "running", _("En cours")
    JUDGING = "judging", _("Délibération du jury")
    RESULTS = "results", _("Résultats")
    FOLLOW_UP = "follow_up", _("Suivi")


#: The phases in their order: a hackathon moves one step forward (or back, to correct).
PHASE_ORDER = list(Phase.values)


class SessionKind(models.TextChoices):
    OPENING = "opening", _("Ouverture")
    PITCHES = "pitches", _("Présentation des questions")
    MENTORING = "mentoring", _("Mentorat")
    CHECKPOINT = "checkpoint", _("Point d’étape")
    FINAL_PITCHES = "final_pitches", _("Présentations finales")
    OTHER = "other", _("Autre")


class FormationStatus(models.TextChoices):
    PENDING = "pending", _("En cours de calcul")
    DONE = "done", _("Équipes proposées")
    FAILED = "failed", _("Aucune équipe écrite")


class HackathonQuerySet(models.QuerySet["Hackathon"]):
    def published(self) -> HackathonQuerySet:
        return self.exclude(phase=Phase.DRAFT)

    def visible_to(self, user: User | AnonymousUser) -> HackathonQuerySet:
        """Everyone sees hackathons past the draft; a draft only its organisers and the coordination team."""
        from cairn.hackathons.rules import can_manage_all

        if can_manage_all(user):
            return self.all()
        if getattr(user, "is_authenticated", False):
            return self.filter(Q(phase__in=PHASE_ORDER[1:]) | Q(event__organisers=user)).distinct()
        return self.published()


class Hackathon(TimeStampedModel):
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown accepté."))
    phase = models.CharField(_("phase"), max_length=14, choices=Phase.choices, default=Phase.DRAFT)
    event = models.OneToOneField("events.Event", verbose_name=_("évènement"), on_delete=models.PROTECT, related_name="hackathon")
    answers_due_at = models.DateTimeField(_("remise des réponses"), help_text=_("Heure de Bruxelles ; après, une réponse ne change plus."))
    team_min_size = models.PositiveSmallIntegerField(_("taille minimale d’une équipe"), default=3)
    team_max_size = models.PositiveSmallIntegerField(_("taille maximale d’une équipe"), default=6)
    teams_per_question = models.PositiveSmallIntegerField(_("équipes par question au plus"), default=2)
    #: Bumped by every request to form teams: a run whose number is no longer current writes nothing.
    formation_round = models.PositiveIntegerField(default=0, editable=False)
    #: The last formation's outcome, shown on the organisers' board: its status and, when it
    #: wrote nothing, why (a ``FormationRefusal`` code with its data, worded by the page).
    formation_status = models.CharField(max_length=8, choices=FormationStatus.choices, blank=True, default="", editable=False)
    formation_reason = models.JSONField(default=dict, blank=True, editable=False)
    formation_finished_at = models.DateTimeField(null=True, blank=True, editable=False)
    #: Stories about this hackathon (the stories app does not know hackathons: the hackathon
    #: holds the link, its page lists them, and the story's page shows it through a hook).
    stories = models.ManyToManyField("stories.Story", verbose_name=_("récits"), blank=True, related_name="hackathons")

    objects = HackathonQuerySet.as_manager()

    class Meta:
        verbose_name = _("hackathon")
        verbose_name_plural = _("hackathons")
        ordering = ["-event__starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(team_min_size__gte=1) & Q(team_max_size__gte=models.F("team_min_size")), name="hackathons_team_size_bounds"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("hackathons:detail", args=[self.slug])

    @property
    def phase_index(self) -> int:
        return PHASE_ORDER.index(self.phase)

    @property
    def answers_open(self) -> bool:
        return self.phase == Phase.RUNNING and timezone.now() < self.answers_due_at


class Session(models.Model):
    """One moment of the programme: opening, pitches, mentoring slots, checkpoints, final pitches."""

    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("type"), max_length=14, choices=SessionKind.choices)
    title = models.CharField(_("intitulé"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))

    class Meta:
        verbose_name = _("moment du programme")
        verbose_name_plural = _("programme")
        ordering = ["starts_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="hackathons_session_ends_after_start")]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()


class QuestionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposée")
    SELECTED = "selected", _("Retenue")
    MERGED = "merged", _("Fusionnée")
    DECLINED = "declined", _("Non retenue")


class Role(models.TextChoices):
    """What a participant can bring to a team; a question names the ones it needs."""

    EXPERIENCE = "experience", _("Expérience du terrain")
    DESIGN = "design", _("Design")
    DEVELOPMENT = "development", _("Développement")
    LEGAL_FINANCE = "legal_finance", _("Juridique et finances")
    COMMUNICATION = "communication", _("Communication")
    FACILITATION = "facilitation", _("Animation")


class Question(Translatable, TimeStampedModel):
    """A challenge: a precise question drawn from one or more recommendations, with the
    department that commits to act on the answer (its sponsor) and who represents it."""

    TRANSLATED = ("title", "context")

    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="questions")
    title = models.CharField(_("question"), max_length=300)
    title_nl, title_en = translations(title)
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation", verbose_name=_("recommandations"), related_name="hackathon_questions"
    )
    context = models.TextField(_("contexte"), blank=True)
    context_nl, context_en = translations(context)
    constraints = models.TextField(_("contraintes (budget, juridique, technique)"), blank=True)
    deliverable = models.TextField(_("livrable attendu"), blank=True)
    resources = models.TextField(_("ressources"), blank=True)
    needed_roles = models.JSONField(_("rôles nécessaires"), default=list, blank=True)
    sponsor_department = models.ForeignKey(
        "accounts.Department", verbose_name=_("direction qui s’engage"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("représentant·e de la direction"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("état"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.PROPOSED)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("fusionnée dans"), on_delete=models.SET_NULL, null=True, blank=True, related_name="merged"
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    #: When its recommendations' followers were told of it (``questions_announce``): once,
    #: even if the hackathon goes back to its draft and out again.
    announced_at = models.DateTimeField(_("annoncée le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Participant(TimeStampedModel):
    """A registered member's details for one hackathon (the seat is the event's registration)."""

    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hackathon_participations")
    role = models.CharField(_("rôle que je peux tenir"), max_length=14, choices=Role.choices)
    skills = models.JSONField(_("compétences"), default=list, blank=True)
    #: Question ids, best first.
    preferences = models.JSONField(_("questions préférées"), default=list, blank=True)
    #: Language codes, space-separated and sorted ("fr nl").
    languages = models.CharField(_("langues parlées"), max_length=20)
    #: ISO dates of the hackathon's days the participant can attend.
    availability = models.JSONField(_("jours de présence"), default=list, blank=True)
    first_participation = models.BooleanField(_("premier hackathon"), default=False)
    team_emailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    results_emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("participant·e")
        verbose_name_plural = _("participant·es")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["hackathon", "user"], name="hackathons_one_participation")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.hackathon_id}"


class Team(TimeStampedModel):
    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="teams")
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="teams")
    number = models.PositiveSmallIntegerField(_("numéro"))
    #: Roles the team looks for (``Role`` values): members apply, the team accepts.
    open_roles = models.JSONField(_("rôles recherchés"), default=list, blank=True)
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("projet né de la réponse"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("équipe")
        verbose_name_plural = _("équipes")
        ordering = ["question_id", "number"]
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="hackathons_team_number")]

    def __str__(self) -> str:
        return f"{self.question} — {self.number + 1}"

    def get_absolute_url(self) -> str:
        return reverse("hackathons:team", args=[self.hackathon.slug, self.pk])


class Membership(models.Model):
    """A participant in a team, with why Cairn placed them there (``core.grouping`` reason
    codes and data) and whether an organiser locked them in."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="membership")
    reasons = models.JSONField(default=list, blank=True)
    locked = models.BooleanField(_("placé·e à la main"), default=False)

    class Meta:
        verbose_name = _("membre d’équipe")
        verbose_name_plural = _("membres d’équipe")
        ordering = ["participant_id"]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.team_id}"


class Answer(TimeStampedModel):
    """A team's one answer to its question; refused after the hackathon's deadline."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="answer")
    summary = models.CharField(_("résumé"), max_length=400)
    answer = models.TextField(_("la réponse à la question"))
    plan = models.TextField(_("plan de mise en œuvre (étapes, qui, coût, ce que la direction doit fournir)"))
    links = models.TextField(_("liens"), blank=True, help_text=_("Une adresse par ligne."))

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")


class Vote(TimeStampedModel):
    """A member's vote for a team: one per member and hackathon, changeable until the close."""

    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hackathon_votes")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="votes")

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["hackathon", "user"], name="hackathons_one_vote")]


class Criterion(models.Model):
    """A jury criterion with its weight (answers the question, feasibility, impact, cost…)."""

    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("critère"), max_length=120)
    weight = models.PositiveSmallIntegerField(_("poids"), default=1)

    class Meta:
        verbose_name = _("critère du jury")
        verbose_name_plural = _("critères du jury")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Score(TimeStampedModel):
    """A juror's score of a team on one criterion, 1 to 5, with a comment."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="scores")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hackathon_scores")
    value = models.PositiveSmallIntegerField(_("note"))
    comment = models.TextField(_("commentaire"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("note du jury")
        verbose_name_plural = _("notes du jury")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "team", "juror"], name="hackathons_one_score"),
            models.CheckConstraint(condition=Q(value__gte=1) & Q(value__lte=5), name="hackathons_score_range"),
        ]


class Juror(models.Model):
    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="jurors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hackathon_juries")

    class Meta:
        verbose_name = _("juré·e")
        verbose_name_plural = _("jury")
        constraints = [models.UniqueConstraint(fields=["hackathon", "user"], name="hackathons_one_juror")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.hackathon_id}"


class TeamPost(models.Model):
    """A dated entry of a team's logbook, seen by the team and the organisers."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hackathon_posts")
    text = models.TextField(_("message"), max_length=3000)
    created_at = models.DateTimeField(_("écrit le"), auto_now_add=True)

    class Meta:
        verbose_name = _("entrée du journal d’équipe")
        verbose_name_plural = _("journal d’équipe")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.team_id}: {self.text[:40]}"


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    ACCEPTED = "accepted", _("Acceptée")
    DECLINED = "declined", _("Refusée")


class Application(TimeStampedModel):
    """A participant asks to join a team that posted open roles; a team member decides."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="applications")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="applications")
    status = models.CharField(_("état"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING)

    class Meta:
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["team", "participant"], name="hackathons_one_application")]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.team_id} ({self.status})"


def team_file_path(instance: TeamFile, filename: str) -> str:
    return f"hackathons/teams/{instance.team_id}/{filename}"


class TeamFile(models.Model):
    """A team's private file: in the private storage, served only through the checked view
    to the team and the organisers (the same limits as a project's attachments)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("fichier"), upload_to=team_file_path, storage=private_storage, max_length=300)
    name = models.CharField(_("nom"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("fichier d’équipe")
        verbose_name_plural = _("fichiers d’équipe")

    def __str__(self) -> str:
        return self.name


class Mentor(models.Model):
    """A person the organisers named to mentor the teams of a question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="mentors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hackathon_mentorships")
    created_at = models.DateTimeField(_("nommé·e le"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        constraints = [models.UniqueConstraint(fields=["question", "user"], name="hackathons_one_mentor_per_question")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.question_id}"


class MentorSlot(models.Model):
    """A time a mentor is there for the question's teams."""

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("créneau de mentorat")
        verbose_name_plural = _("créneaux de mentorat")

    def __str__(self) -> str:
        return f"{self.mentor_id}: {self.starts_at:%Y-%m-%d %H:%M}"


class MentoringCancellation(models.Model):
    """Coming slots of a mentor taken back, written with the change: the e-mail that tells
    the question's teams claims it once (``emailed_at``), so a task run again sends nothing."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    slots = models.JSONField(default=list)  # [[ISO start, ISO end], …]
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("annulation de mentorat")
        verbose_name_plural = _("annulations de mentorat")

    def __str__(self) -> str:
        return f"{self.question_id}: {self.mentor_id} ({len(self.slots)})"


class AnswerVersion(models.Model):
    """Each saved state of a team's answer, with who saved it and when: the history the team
    and the organisers read."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    summary = models.CharField(_("résumé"), max_length=400)
    text = models.TextField(_("la réponse à la question"))
    plan = models.TextField(_("plan de mise en œuvre"))
    links = models.TextField(_("liens"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("enregistrée le"), auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("version de réponse")
        verbose_name_plural = _("versions de réponse")
        constraints = [models.UniqueConstraint(fields=["answer", "number"], name="hackathons_one_answer_version_number")]

    def __str__(self) -> str:
        return f"{self.answer_id} v{self.number}"
