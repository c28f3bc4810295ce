"""The registry: cycles, themes and their categories, working groups and their people,
recommendations, and the assessments their status comes from (links between
recommendations: ``links.py``).

A recommendation's status is that of its latest *published* assessment effective on or
before a date (``AssessmentQuerySet.latest_published``): ``with_status`` reads today's from
the columns the services keep on the recommendation, and computes a past date's in SQL."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cairn.accounts.models import Country, Language
from cairn.accounts.roles import RoleLabel
from cairn.core.models import TimeStampedModel, TranslatedNameModel
from cairn.core.translation import Translatable, translations

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cairn.accounts.models import User


class CycleCountry(models.TextChoices):
    BE = Country.BE.value, _("Belgique")
    FR = Country.FR.value, _("France")
    BINATIONAL = "BI", _("Binational")


class Status(models.TextChoices):
    """The one definition of a recommendation's status (DESIGN.md §4)."""

    NOT_ASSESSED = "not_assessed", _("Non évaluée")
    DONE = "done", _("Réalisée")
    IN_PROGRESS = "in_progress", _("En cours")
    NOT_DONE = "not_done", _("Non réalisée")
    REJECTED = "rejected", _("Rejetée")
    POSTPONED = "postponed", _("Reportée")


#: Statuses that need a public rationale before an assessment can be saved.
STATUSES_NEEDING_RATIONALE = (Status.REJECTED, Status.POSTPONED)
#: The badge tone of each status (the design system's ``badge`` component).
STATUS_TONES = {
    Status.NOT_ASSESSED: "neutral",
    Status.DONE: "success",
    Status.IN_PROGRESS: "progress",
    Status.NOT_DONE: "warning",
    Status.REJECTED: "danger",
    Status.POSTPONED: "info",
}


class Kind(models.TextChoices):
    RECOMMENDATION = "recommendation", _("Recommandation")
    LINE_OF_THOUGHT = "line_of_thought", _("Piste de réflexion")


# --- What is public ---------------------------------------------------------------------
# The registry's one definition of "public"; everything else is for the coordination team
# only (``rules.can_see_internal``). A cycle is public unless it is internal; a theme,
# unless it or its cycle is; a working group, when its theme is; a recommendation, unless
# it, its theme or its cycle is. Each model states it twice, side by side: ``public_q``
# (a condition for SQL, from any model that reaches it: ``Theme.public_q("groups__theme__")``)
# and ``is_public()`` (on one loaded object; ``rules.is_public`` is the predicate). The
# querysets' ``public()`` and ``visible_to(user)`` are built on ``public_q``;
# cairn/recommendations/tests/test_public.py checks that both forms agree.


class RegistryQuerySet[M: models.Model](models.QuerySet[M]):
    def public(self) -> Self:
        """What everyone may see."""
        return self.filter(self.model.public_q())  # type: ignore[attr-defined]

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """Everything for the coordination team; the public part for everyone else."""
        from cairn.recommendations.rules import can_see_internal

        return self if can_see_internal(user) else self.public()


class Cycle(TimeStampedModel):
    """One cycle of the participatory process, e.g. "2019-2020" in Belgium."""

    name = models.CharField(_("nom"), max_length=40, help_text=_("Par exemple « 2019-2020 »."))
    slug = models.SlugField(_("identifiant"), max_length=40, unique=True)
    code = models.CharField(_("code"), max_length=12, unique=True, help_text=_("Début des références publiques, par exemple « 2019-20 »."))
    country = models.CharField(_("pays"), max_length=2, choices=CycleCountry.choices)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_internal = models.BooleanField(_("interne"), default=False, help_text=_("Visible seulement de l’équipe de coordination."))

    objects = RegistryQuerySet["Cycle"].as_manager()

    class Meta:
        ordering = ["starts_on", "name"]
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_country_display()})"

    @staticmethod
    def public_q(path: str = "") -> Q:
        return Q(**{f"{path}is_internal": False})

    def is_public(self) -> bool:
        return not self.is_internal


class ThemeCategory(TranslatedNameModel):
    """A broad theme across cycles (grande thématique), the axis of the state of play."""

    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["position", "name_fr"]
        verbose_name = _("grande thématique")
        verbose_name_plural = _("grandes thématiques")


class Theme(Translatable, TimeStampedModel):
    """A theme of a cycle, voted by the general assembly (or prolonging an earlier one)."""

    TRANSLATED = ("title", "introduction")

    cycle = models.ForeignKey(Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="themes")
    title = models.CharField(_("titre"), max_length=200)
    title_nl, title_en = translations(title)
    code = models.CharField(_("code"), max_length=12, help_text=_("Milieu des références publiques, par exemple « ACC »."))
    category = models.ForeignKey(
        ThemeCategory, verbose_name=_("grande thématique"), on_delete=models.SET_NULL, null=True, blank=True, related_name="themes"
    )
    voted_on = models.DateField(_("voté en AG le"), null=True, blank=True)
    prolongs = models.ForeignKey(
        "self", verbose_name=_("prolonge"), on_delete=models.SET_NULL, null=True, blank=True, related_name="prolonged_by"
    )
    introduction = models.TextField(_("introduction"), blank=True)
    introduction_nl, introduction_en = translations(introduction)
    is_internal = models.BooleanField(_("interne"), default=False)
    # The last number Cairn gave a recommendation of this theme that had none (« C3 »):
    # the next one is « C4 », even if « C3 » was deleted — a number is never given twice.
    last_assigned_number = models.PositiveIntegerField(_("dernier numéro attribué par Cairn"), default=0, editable=False)

    objects = RegistryQuerySet["Theme"].as_manager()

    class Meta:
        ordering = ["cycle__starts_on", "title"]
        verbose_name = _("thématique")
        verbose_name_plural = _("thématiques")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "code"], name="recommendations_theme_code_unique_in_cycle"),
            models.UniqueConstraint(fields=["cycle", "title"], name="recommendations_theme_title_unique_in_cycle"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.cycle.name})"

    @staticmethod
    def public_q(path: str = "") -> Q:
        return Q(**{f"{path}is_internal": False}) & Cycle.public_q(f"{path}cycle__")

    def is_public(self) -> bool:
        return not self.is_internal and self.cycle.is_public()


class WorkingGroup(TimeStampedModel):
    """A working group of a theme, in one or several cities or offices."""

    theme = models.ForeignKey(Theme, verbose_name=_("thématique"), on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(_("nom"), max_length=200, help_text=_("Souvent les villes : « Charleroi–Mons–Eupen »."))
    cities = models.CharField(_("villes"), max_length=300, blank=True)
    offices = models.ManyToManyField("accounts.Office", verbose_name=_("bureaux"), blank=True, related_name="working_groups")
    languages = models.JSONField(_("langues"), default=list, help_text=_("Codes des langues de travail : fr, nl."))
    meeting_dates = models.JSONField(_("dates des réunions"), default=list)

    objects = RegistryQuerySet["WorkingGroup"].as_manager()

    class Meta:
        ordering = ["theme", "name"]
        verbose_name = _("groupe de travail")
        verbose_name_plural = _("groupes de travail")
        constraints = [models.UniqueConstraint(fields=["theme", "name"], name="recommendations_group_name_unique_in_theme")]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def public_q(path: str = "") -> Q:
        return Theme.public_q(f"{path}theme__")

    def is_public(self) -> bool:
        return self.theme.is_public()


class GroupRole(models.TextChoices):
    FACILITATOR = "facilitator", _("Animateur·rice")
    SECRETARY = "secretary", _("Secrétaire")
    PARTICIPANT = "participant", _("Participant·e")


#: A group's roles beside a person's name, agreeing with them (``cairn/accounts/roles.py``).
GROUP_ROLE_LABELS = {
    GroupRole.FACILITATOR: RoleLabel(_("Animateur·rice"), _("Animatrice"), _("Animateur")),
    GroupRole.SECRETARY: RoleLabel(_("Secrétaire"), _("Secrétaire"), _("Secrétaire")),
    GroupRole.PARTICIPANT: RoleLabel(_("Participant·e"), _("Participante"), _("Participant")),
}


class GroupPerson(models.Model):
    """Someone who took part in a group: a member account, or only a name for older groups."""

    group = models.ForeignKey(WorkingGroup, verbose_name=_("groupe"), on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("rôle"), max_length=12, choices=GroupRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("compte"), on_delete=models.SET_NULL, null=True, blank=True, related_name="group_roles"
    )
    name = models.CharField(_("nom"), max_length=120, blank=True, help_text=_("Pour les groupes d’avant Cairn, sans compte."))

    class Meta:
        ordering = ["group", "role", "name"]
        verbose_name = _("personne du groupe")
        verbose_name_plural = _("personnes des groupes")
        constraints = [
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(name=""), name="recommendations_person_has_account_or_name"),
            models.UniqueConstraint(fields=["group", "role", "user"], condition=Q(user__isnull=False), name="recommendations_person_once"),
        ]

    def __str__(self) -> str:
        return self.name or str(self.user_id)


#: A recommendation's stored current status: written by one service only.
CURRENT_STATUS_FIELDS = ("current_status", "current_status_date", "current_assessment")

#: The state of play's order of recommendations: cycle → theme → section order → number.
CHRONOLOGICAL_ORDER = ("cycle__starts_on", "cycle__name", "theme__title", "position", "pk")


def is_current(as_of: datetime.date | None) -> bool:
    """Whether a status as of ``as_of`` is today's, the stored one: None, today or later
    (no assessment takes effect in the future, ``validate_assessment``)."""
    return as_of is None or as_of >= timezone.localdate()


class RecommendationQuerySet(RegistryQuerySet["Recommendation"]):
    def with_status(self, as_of: datetime.date | None = None) -> RecommendationQuerySet:
        """Annotate ``status`` and ``status_date``: the latest published assessment effective
        on or before ``as_of``. Today's (``is_current``) is read from the stored
        ``current_status``, with no subquery; a past date is computed from the history
        (``with_status_in_history``)."""
        if is_current(as_of):
            return self.annotate(status=F("current_status"), status_date=F("current_status_date"))
        return self.with_status_in_history(as_of)

    def with_status_in_history(self, as_of: datetime.date | None = None) -> RecommendationQuerySet:
        """``with_status`` computed from the assessments, one correlated subquery per row:
        for past dates, and to check or rebuild the stored current status. Later
        assessments never count."""
        latest = Assessment.objects.latest_published(OuterRef("pk"), as_of)
        return self.annotate(
            status=Coalesce(Subquery(latest.values("status")[:1]), Value(Status.NOT_ASSESSED.value)),
            status_date=Subquery(latest.values("effective_date")[:1]),
        )

    def in_chronological_order(self) -> RecommendationQuerySet:
        """As the state of play lists them: cycle → theme → section order → number."""
        return self.order_by(*CHRONOLOGICAL_ORDER)

    def assessed(self) -> RecommendationQuerySet:
        """Those with a published assessment (the stored current one)."""
        return self.filter(current_assessment__isnull=False)


class Recommendation(TimeStampedModel):
    cycle = models.ForeignKey(Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="recommendations")
    theme = models.ForeignKey(Theme, verbose_name=_("thématique"), on_delete=models.PROTECT, related_name="recommendations")
    groups = models.ManyToManyField(WorkingGroup, verbose_name=_("groupes de travail"), blank=True, related_name="recommendations")
    section = models.CharField(_("section"), max_length=200, blank=True)
    number = models.CharField(_("numéro"), max_length=20, help_text=_("Tel qu’écrit dans le document : « 4 », « 2.3 »."))
    # True when the document gave no number and Cairn gave one (« C1 », « C2 »… within the theme).
    number_assigned = models.BooleanField(_("numéro attribué par Cairn"), default=False, editable=False)
    position = models.CharField(_("clé de tri"), max_length=60, editable=False, help_text=_("Le numéro, rangé pour le tri."))
    title = models.CharField(_("titre"), max_length=300)
    text = models.TextField(_("texte (Markdown)"), blank=True)
    kind = models.CharField(_("nature"), max_length=16, choices=Kind.choices, default=Kind.RECOMMENDATION)
    language = models.CharField(_("langue"), max_length=2, choices=Language.choices, default=Language.FR)
    parent = models.ForeignKey(
        "self", verbose_name=_("recommandation parente"), on_delete=models.CASCADE, null=True, blank=True, related_name="sub_items"
    )
    departments = models.ManyToManyField(
        "accounts.Department", verbose_name=_("directions responsables"), blank=True, related_name="recommendations"
    )
    reference = models.CharField(_("référence"), max_length=40, unique=True, editable=False)
    is_internal = models.BooleanField(_("interne"), default=False)
    # Reference, title, text, section, theme and group names, lower-cased and without
    # accents (``cairn.core.search.normalise``); kept up to date by the services. On
    # PostgreSQL a GIN index covers its French and Dutch vectors (migration 0003).
    search_text = models.TextField(_("texte indexé pour la recherche"), blank=True, default="", editable=False)
    # Today's status: that of the latest published assessment, its effective date and the
    # assessment itself — the history's answer for today, stored so that lists, filters and
    # figures of the present read a column instead of a subquery per row. Only
    # ``services.assessments.recommendation_status_refresh`` writes them.
    current_status = models.CharField(
        _("état d’avancement actuel"), max_length=16, choices=Status.choices, default=Status.NOT_ASSESSED, editable=False
    )
    current_status_date = models.DateField(_("date de l’état actuel"), null=True, blank=True, editable=False)
    current_assessment = models.ForeignKey(
        "recommendations.Assessment",
        verbose_name=_("évaluation actuelle"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["cycle__starts_on", "theme__title", "position"]
        verbose_name = _("recommandation")
        verbose_name_plural = _("recommandations")
        constraints = [
            models.UniqueConstraint(fields=["theme", "number"], name="recommendations_number_unique_in_theme"),
        ]
        indexes = [models.Index(fields=["theme", "position"], name="recommendations_theme_pos")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Never writes the current status (a stale instance would put an old one back)."""
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name not in CURRENT_STATUS_FIELDS
            ]
        super().save(*args, **kwargs)

    @staticmethod
    def public_q(path: str = "") -> Q:
        # The recommendation's own cycle is its theme's (the services set it so): reading it
        # directly saves a join through the theme.
        return Q(**{f"{path}is_internal": False, f"{path}theme__is_internal": False}) & Cycle.public_q(f"{path}cycle__")

    def is_public(self) -> bool:
        return not self.is_internal and self.theme.is_public()


class RecommendationTranslation(models.Model):
    """A recommendation's title and text in another language than its original
    (``Recommendation.language``): the Dutch half of a bilingual pad, or a translation
    the coordination team wrote. Pages show it to readers of that language, marked as a
    translation."""

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("recommandation"), on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("langue"), max_length=2, choices=Language.choices)
    title = models.CharField(_("titre"), max_length=300)
    text = models.TextField(_("texte (Markdown)"), blank=True)

    class Meta:
        verbose_name = _("traduction d’une recommandation")
        verbose_name_plural = _("traductions de recommandations")
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "language"], name="recommendations_translation_once_per_language"),
        ]

    def __str__(self) -> str:
        return f"{self.recommendation_id} [{self.language}] {self.title}"


#: The start of the numbers Cairn gives to recommendations their document left unnumbered.
ASSIGNED_NUMBER_PREFIX = "C"


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def published(self) -> AssessmentQuerySet:
        return self.filter(published_at__isnull=False)

    def proposals(self) -> AssessmentQuerySet:
        """Not published yet: awaiting review, or sent back to their author."""
        return self.filter(published_at__isnull=True)

    def awaiting_review(self) -> AssessmentQuerySet:
        return self.filter(published_at__isnull=True, returned_at__isnull=True)

    def latest_published(self, recommendation: Any, as_of: datetime.date | None = None) -> AssessmentQuerySet:
        """The rule of a status, in one place: ``recommendation``'s published assessments
        effective on or before ``as_of`` (any date when None), the one that counts first —
        latest effective date, then latest publication, then latest recorded.
        ``recommendation`` is a recommendation, its id or an ``OuterRef``."""
        latest = self.filter(recommendation=recommendation, published_at__isnull=False)
        if as_of is not None:
            latest = latest.filter(effective_date__lte=as_of)
        return latest.order_by("-effective_date", "-published_at", "-pk")


class Assessment(models.Model):
    """A status change with its evidence. Append-only: once published it never changes;
    a proposal (from a campaign) becomes part of the history when a coordinator publishes it."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="assessments")
    campaign = models.ForeignKey("recommendations.Campaign", on_delete=models.SET_NULL, null=True, blank=True, related_name="assessments")
    status = models.CharField(_("état d’avancement"), max_length=16, choices=Status.choices)
    effective_date = models.DateField(_("date d’effet"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("évalué par"), on_delete=models.SET_NULL, null=True, related_name="assessments"
    )
    # Evidence: the interview behind the assessment.
    interviewee = models.CharField(_("personne interrogée"), max_length=120, blank=True)
    interviewee_role = models.CharField(_("fonction de la personne interrogée"), max_length=120, blank=True)
    interviewee_department = models.ForeignKey(
        "accounts.Department", verbose_name=_("direction"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    interview_date = models.DateField(_("date de l’entretien"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    notes = models.TextField(_("notes d’entretien"), blank=True)
    public_comment = models.TextField(_("commentaire public"), blank=True)
    internal_note = models.TextField(_("note interne"), blank=True)
    created_at = models.DateTimeField(_("enregistrée le"), auto_now_add=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # Review of a proposal: a coordinator may send it back to its author with a note; the
    # author's next edit submits it again (clears ``returned_at``).
    returned_at = models.DateTimeField(_("renvoyée le"), null=True, blank=True)
    review_note = models.TextField(_("note de relecture"), blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_date", "-published_at", "-pk"]
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=[s.value for s in STATUSES_NEEDING_RATIONALE]) | ~Q(public_comment=""),
                name="recommendations_rationale_for_rejected_postponed",
            ),
            models.CheckConstraint(condition=~Q(status=Status.NOT_ASSESSED.value), name="recommendations_assessment_has_a_status"),
        ]
        indexes = [models.Index(fields=["recommendation", "-effective_date"], name="recommendations_assess_latest")]

    def __str__(self) -> str:
        return f"{self.recommendation_id} {self.status} {self.effective_date}"
