"""Experiments (DESIGN.md §1): the coordination team announces a **call** with its framework,
planning and topics; members **express interest** per topic; the team forms **groups**
(Cairn proposes them with ``cairn.core.grouping``), each with a facilitator, that meet at
the rhythm they choose, keep a logbook and feed back into the registry through a project of
kind "experiment".

A call moves draft → open → closed → groups formed; only the staff see a draft
(``Call.objects.visible_to``). A group's public summary is seen by everyone; its details
(members, actions, logbook drafts) by its members, its facilitator and the staff.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cairn.accounts.models import Language
from cairn.core.models import TimeStampedModel
from cairn.core.translation import Translatable, translations
from cairn.core.validators import validate_single_line

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cairn.accounts.models import User


class CallState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    OPEN = "open", _("Ouvert")
    CLOSED = "closed", _("Clos")
    GROUPS_FORMED = "groups_formed", _("Groupes formés")


CALL_STATE_TONES = {
    CallState.DRAFT: "neutral",
    CallState.OPEN: "success",
    CallState.CLOSED: "warning",
    CallState.GROUPS_FORMED: "info",
}


class PhaseKind(models.TextChoices):
    INTEREST = "interest", _("Expressions d’intérêt")
    FORMATION = "formation", _("Formation des groupes")
    START = "start", _("Lancement")
    MIDTERM = "midterm", _("Bilan à mi-parcours")
    CONCLUSION = "conclusion", _("Conclusion")


class Rhythm(models.TextChoices):
    WEEKLY = "weekly", _("Chaque semaine")
    FORTNIGHTLY = "fortnightly", _("Toutes les deux semaines")
    MONTHLY = "monthly", _("Chaque mois")
    FEW_TIMES = "few_times", _("Quelques fois")


#: How far apart meetings are planned at each rhythm, in days (the facilitator's page calls a
#: group's rhythm lapsed when no meeting was held for longer than that plus a week).
RHYTHM_DAYS = {Rhythm.WEEKLY: 7, Rhythm.FORTNIGHTLY: 14, Rhythm.MONTHLY: 31, Rhythm.FEW_TIMES: 92}


class Moment(models.TextChoices):
    BREAKFAST = "breakfast", _("Petit-déjeuner")
    LUNCH = "lunch", _("Midi")
    EVENING = "evening", _("Soirée")
    WEEKEND = "weekend", _("Week-end")


class CallQuerySet(models.QuerySet["Call"]):
    def published(self) -> CallQuerySet:
        return self.exclude(state=CallState.DRAFT)

    def visible_to(self, user: User | AnonymousUser) -> CallQuerySet:
        """Every call for the staff who prepare them; the announced ones for everyone else."""
        from cairn.experiments.rules import can_manage_experiments

        return self if can_manage_experiments(user) else self.published()


class Call(Translatable, TimeStampedModel):
    TRANSLATED = ("title", "framework")

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    title = models.CharField(_("titre"), max_length=200, validators=[validate_single_line])
    title_nl, title_en = translations(title)
    framework = models.TextField(
        _("cadre (Markdown)"), help_text=_("Ce qu’est une expérimentation, ce que la coopérative apporte : animation, budget, salles.")
    )
    framework_nl, framework_en = translations(framework)
    state = models.CharField(_("état"), max_length=14, choices=CallState.choices, default=CallState.DRAFT)
    interest_deadline = models.DateTimeField(_("date limite des expressions d’intérêt"))
    max_groups_per_topic = models.PositiveSmallIntegerField(_("groupes par sujet, au plus"), default=2)
    min_group_size = models.PositiveSmallIntegerField(_("taille minimale d’un groupe"), default=4)
    max_group_size = models.PositiveSmallIntegerField(_("taille maximale d’un groupe"), default=8)
    facilitator_max_groups = models.PositiveSmallIntegerField(_("groupes par animateur·rice, au plus"), default=2)
    invitation_days = models.PositiveSmallIntegerField(_("délai de réponse aux invitations (jours)"), default=7)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    #: When the members who asked to hear of the next call were told of this one (sent once).
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-interest_deadline", "-pk"]
        verbose_name = _("appel à expérimentations")
        verbose_name_plural = _("appels à expérimentations")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_groups_per_topic__gte=1),
                name="experiments_call_one_group_at_least",
                violation_error_message=_("Un appel permet au moins un groupe par sujet."),
            ),
            models.CheckConstraint(
                condition=Q(min_group_size__gte=2),
                name="experiments_call_groups_of_two",
                violation_error_message=_("Un groupe réunit au moins deux personnes."),
            ),
            models.CheckConstraint(
                condition=Q(max_group_size__gte=models.F("min_group_size")),
                name="experiments_call_size_bounds",
                violation_error_message=_("La taille maximale d’un groupe ne peut pas être inférieure à sa taille minimale."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("experiments:call", args=[self.slug])

    @property
    def accepts_interest(self) -> bool:
        return self.state == CallState.OPEN and timezone.now() <= self.interest_deadline


class CallPhase(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=12, choices=PhaseKind.choices)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["call", "kind"], name="experiments_phase_once"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="experiments_phase_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call_id} {self.kind}"


class Topic(Translatable, TimeStampedModel):
    TRANSLATED = ("title", "description")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("titre"), max_length=200, validators=[validate_single_line])
    title_nl, title_en = translations(title)
    description = models.TextField(_("description (Markdown)"), blank=True)
    description_nl, description_en = translations(description)
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation", verbose_name=_("recommandations"), blank=True, related_name="experiment_topics"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("sujet")
        verbose_name_plural = _("sujets")

    def __str__(self) -> str:
        return self.title


class Expression(TimeStampedModel):
    """A member's expression of interest in one topic of a call."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="expressions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="experiment_expressions")
    motivation = models.TextField(_("motivation"), max_length=2000)
    skills = models.ManyToManyField("accounts.Skill", verbose_name=_("ce que j’apporte"), blank=True, related_name="+")
    rhythm = models.CharField(_("rythme souhaité"), max_length=12, choices=Rhythm.choices)
    #: Moment codes, space-separated and sorted ("evening lunch").
    moments = models.CharField(_("moments"), max_length=60)
    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("bureau ou ville"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    online = models.BooleanField(_("en ligne"), default=False)
    #: Language codes, space-separated and sorted ("fr nl"), as events store them.
    languages = models.CharField(_("langues"), max_length=20, default=Language.FR)
    co_lead = models.BooleanField(_("prêt·e à co-animer"), default=False)
    keep_informed = models.BooleanField(_("me tenir informé·e du prochain appel"), default=True)
    #: Why Cairn's proposal left the member without a group (``core.grouping`` reason codes
    #: with their data), worded in the reader's language by ``experiments_tags``.
    unplaced_reasons = models.JSONField(default=list, blank=True, editable=False)
    #: When a member left without a group was told why (sent once).
    unplaced_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["topic__position", "pk"]
        verbose_name = _("expression d’intérêt")
        verbose_name_plural = _("expressions d’intérêt")
        constraints = [
            models.UniqueConstraint(fields=["topic", "user"], name="experiments_interest_once_per_topic"),
            models.CheckConstraint(condition=Q(online=True) | Q(office__isnull=False), name="experiments_interest_has_place"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}→{self.topic_id}"

    @property
    def language_codes(self) -> list[str]:
        return self.languages.split()

    @property
    def moment_codes(self) -> list[str]:
        return self.moments.split()

    def get_moments_display(self) -> str:
        labels = dict(Moment.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.moment_codes)

    def get_languages_display(self) -> str:
        labels = dict(Language.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.language_codes)


class GroupStatus(models.TextChoices):
    FORMING = "forming", _("En formation")
    ACTIVE = "active", _("Actif")
    PAUSED = "paused", _("En pause")
    CONCLUDED = "concluded", _("Conclu")


GROUP_STATUS_TONES = {
    GroupStatus.FORMING: "neutral",
    GroupStatus.ACTIVE: "progress",
    GroupStatus.PAUSED: "warning",
    GroupStatus.CONCLUDED: "success",
}


class Outcome(models.TextChoices):
    SCALE_UP = "scale_up", _("Étendre")
    CONTINUE = "continue", _("Continuer")
    STOP = "stop", _("Arrêter")


class GroupQuerySet(models.QuerySet["Group"]):
    def visible_to(self, user: User | AnonymousUser) -> GroupQuerySet:
        """A group's public summary is seen by whoever sees its call."""
        return self.filter(call__in=Call.objects.visible_to(user))


class Group(TimeStampedModel):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="groups")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("nom"), max_length=120, validators=[validate_single_line])
    status = models.CharField(_("état"), max_length=10, choices=GroupStatus.choices, default=GroupStatus.FORMING)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("animateur·rice"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_experiment_groups",
    )
    goal = models.TextField(_("objectif"), blank=True)
    dispositif = models.TextField(_("dispositif essayé"), blank=True)
    success = models.TextField(_("ce que serait une réussite"), blank=True)
    rhythm = models.CharField(_("rythme"), max_length=12, choices=Rhythm.choices, default=Rhythm.MONTHLY)
    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("bureau"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    online = models.BooleanField(_("en ligne"), default=False)
    languages = models.CharField(_("langues"), max_length=20, default=Language.FR)
    #: The project of kind "experiment" through which the group feeds back into the registry.
    project = models.OneToOneField(
        "projects.Project", verbose_name=_("projet"), on_delete=models.SET_NULL, null=True, blank=True, related_name="experiment_group"
    )
    #: The recurring meetings, when the group chose a rhythm rather than dates one by one.
    series = models.ForeignKey("events.Series", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    open_to_requests = models.BooleanField(_("ouvert à de nouveaux membres"), default=False)
    conclusion = models.TextField(_("conclusion"), blank=True)
    learned = models.TextField(_("ce que nous avons appris"), blank=True)
    outcome = models.CharField(_("suite proposée"), max_length=10, choices=Outcome.choices, blank=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        ordering = ["topic__position", "name", "pk"]
        verbose_name = _("groupe d’expérimentation")
        verbose_name_plural = _("groupes d’expérimentation")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="concluded") | (~Q(conclusion="") & ~Q(outcome="")), name="experiments_concluded_says_what"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("experiments:group", args=[self.pk])


class PlacementState(models.TextChoices):
    PROPOSED = "proposed", _("Proposé·e")
    INVITED = "invited", _("Invité·e")
    ACCEPTED = "accepted", _("Membre")
    DECLINED = "declined", _("A décliné")
    EXPIRED = "expired", _("Invitation expirée")
    REQUESTED = "requested", _("Demande en attente")


#: The states that hold a place in a group (one group per topic for a member).
HOLDING_STATES = (PlacementState.PROPOSED, PlacementState.INVITED, PlacementState.ACCEPTED, PlacementState.REQUESTED)


class Placement(TimeStampedModel):
    """A member's place in a group: proposed by the team, invited, then accepted or
    declined; or asked for by the member when the group is open to new members."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="placements")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="experiment_placements")
    state = models.CharField(_("état"), max_length=10, choices=PlacementState.choices, default=PlacementState.PROPOSED)
    #: Why Cairn (or the team) placed the member here, shown to the team and to the member.
    reason = models.CharField(_("raison"), max_length=300, blank=True)
    #: Why Cairn's proposal placed the member here (``core.grouping`` reason codes with their
    #: data), worded in the reader's language by ``experiments_tags``.
    reasons = models.JSONField(default=list, blank=True, editable=False)
    invited_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("réponse attendue avant"), null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    #: When the invitation e-mail left (sent once).
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["group", "pk"]
        verbose_name = _("place dans un groupe")
        verbose_name_plural = _("places dans les groupes")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "user"], condition=Q(state__in=[s.value for s in HOLDING_STATES]), name="experiments_one_group_per_topic"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.group_id}"


class LogKind(models.TextChoices):
    TRIED = "tried", _("Ce que nous avons essayé")
    LEARNED = "learned", _("Ce que nous avons appris")
    DECISION = "decision", _("Décision")


class LogEntry(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="log_entries")
    kind = models.CharField(_("nature"), max_length=10, choices=LogKind.choices, default=LogKind.TRIED)
    posted_on = models.DateField(_("date"))
    text = models.TextField(_("texte (Markdown)"))
    highlight = models.BooleanField(_("temps fort"), default=False, help_text=_("Publié aussi comme actualité du projet."))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-posted_on", "-pk"]
        verbose_name = _("entrée du carnet de bord")
        verbose_name_plural = _("carnet de bord")

    def __str__(self) -> str:
        return f"{self.group_id} {self.posted_on}"


class Action(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=200, validators=[validate_single_line])
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("qui s’en charge"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(_("pour le"), null=True, blank=True)
    done_at = models.DateTimeField(_("faite le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_at", "due_on", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title


class MeetingRecord(TimeStampedModel):
    """What a group writes about one of its meetings (an event of its project): the agenda
    before, the notes after — both for the group's own people and the staff — and a short
    public summary for everyone else."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meeting_records")
    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="experiment_record")
    agenda = models.TextField(_("ordre du jour (Markdown)"), blank=True, max_length=10000)
    notes = models.TextField(_("compte rendu (Markdown)"), blank=True, max_length=20000)
    summary = models.TextField(
        _("résumé public"), blank=True, max_length=2000, help_text=_("Ce que tout le monde peut lire de cette réunion.")
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("ordre du jour et compte rendu")
        verbose_name_plural = _("ordres du jour et comptes rendus")

    def __str__(self) -> str:
        return f"{self.group_id} {self.event_id}"


class Decision(models.Model):
    """What the group decided, when, and at which of its meetings (if any)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("décision"), max_length=2000)
    decided_on = models.DateField(_("décidée le"))
    meeting = models.ForeignKey(
        "events.Event", verbose_name=_("lors de la réunion"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")

    def __str__(self) -> str:
        return f"{self.group_id} {self.decided_on}"
