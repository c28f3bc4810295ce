"""The state of play's own records: the coordination team's analysis of each broad theme,
and published editions, frozen at their date (figures, analyses and every
recommendation's status are copied, never recomputed)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cairn.core.models import TimeStampedModel
from cairn.projects.models import private_storage

#: The languages an edition cannot be published without (the cooperative publishes in both).
REQUIRED_LANGUAGES = ("fr", "nl")
LANGUAGES = ("fr", "nl", "en")


class TranslatedText(models.Model):
    """A Markdown text in the three languages; ``text`` picks the reader's, else French."""

    text_fr = models.TextField(_("analyse (français)"), blank=True)
    text_nl = models.TextField(_("analyse (néerlandais)"), blank=True)
    text_en = models.TextField(_("analyse (anglais)"), blank=True)

    class Meta:
        abstract = True

    @property
    def text(self) -> str:
        language = (get_language() or "fr")[:2]
        return getattr(self, f"text_{language}", "") or self.text_fr

    def missing_languages(self) -> list[str]:
        return [language for language in REQUIRED_LANGUAGES if not getattr(self, f"text_{language}").strip()]


class CategoryAnalysis(TimeStampedModel, TranslatedText):
    """What the coordination team writes about a broad theme, beside its figures."""

    category = models.OneToOneField(
        "recommendations.ThemeCategory", verbose_name=_("grande thématique"), on_delete=models.CASCADE, related_name="analysis"
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("analyse d’une grande thématique")
        verbose_name_plural = _("analyses des grandes thématiques")

    def __str__(self) -> str:
        return str(self.category_id)


class EditionQuerySet(models.QuerySet["Edition"]):
    def published(self) -> EditionQuerySet:
        return self.filter(published_at__isnull=False)


class Edition(models.Model):
    """A published state of play ("État des lieux 2023"). Written once, by
    ``edition_publish``; what it shows is in its own rows and ``figures``."""

    title = models.CharField(_("titre"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    as_of = models.DateField(_("état au"))
    introduction = models.TextField(_("introduction (Markdown)"), blank=True)
    #: ``Figures.as_dict()`` in each language: {"fr": {...}, "nl": {...}, "en": {...}}.
    figures = models.JSONField(_("chiffres figés"), default=dict)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-as_of", "-pk"]
        verbose_name = _("édition de l’état des lieux")
        verbose_name_plural = _("éditions de l’état des lieux")

    def __str__(self) -> str:
        return self.title

    def figures_in(self, language: str | None = None) -> dict[str, Any]:
        language = (language or get_language() or "fr")[:2]
        return self.figures.get(language) or self.figures.get("fr") or {}


class EditionAnalysis(TranslatedText):
    """A broad theme's analysis as it was published in an edition."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="analyses")
    category_key = models.CharField(_("grande thématique (identifiant)"), max_length=60)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["edition", "position"]
        constraints = [models.UniqueConstraint(fields=["edition", "category_key"], name="reports_edition_analysis_once")]

    def __str__(self) -> str:
        return f"{self.edition_id}:{self.category_key}"


class EditionRecommendation(models.Model):
    """A recommendation as an edition saw it: its status at the edition's date and the
    texts needed to read the annex, copied so that later edits never change the edition."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="recommendations")
    recommendation = models.ForeignKey("recommendations.Recommendation", on_delete=models.SET_NULL, null=True, related_name="+")
    position = models.PositiveIntegerField()
    reference = models.CharField(_("référence"), max_length=40)
    title = models.CharField(_("titre"), max_length=300)
    cycle = models.CharField(_("cycle"), max_length=80)
    theme = models.CharField(_("thématique"), max_length=200)
    category_key = models.CharField(max_length=60, blank=True)
    groups = models.CharField(_("groupes"), max_length=600, blank=True)
    status = models.CharField(_("état d’avancement"), max_length=16)
    status_date = models.DateField(null=True, blank=True)
    public_comment = models.TextField(_("commentaire public"), blank=True)

    class Meta:
        ordering = ["edition", "position"]
        constraints = [models.UniqueConstraint(fields=["edition", "reference"], name="reports_edition_recommendation_once")]

    def __str__(self) -> str:
        return f"{self.edition_id}:{self.reference}"


class ReportPdf(models.Model):
    """A PDF of the state of play (live, or of an edition) in one language, built by the
    worker. ``key`` names the data it was built from: same data, same key, built once."""

    class State(models.TextChoices):
        PENDING = "pending", _("En attente")
        RUNNING = "running", _("En préparation")
        READY = "ready", _("Prêt")
        FAILED = "failed", _("Échec")

    key = models.CharField(max_length=64, unique=True)
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, null=True, blank=True, related_name="pdfs")
    language = models.CharField(max_length=2)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    file = models.FileField(upload_to="reports/", blank=True)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("PDF de l’état des lieux")
        verbose_name_plural = _("PDF de l’état des lieux")

    def __str__(self) -> str:
        return f"{self.key} ({self.state})"


class ExportFile(models.Model):
    """One open-data file (``chiffres.csv``, ``recommandations.csv``, ``datapackage.json``…)
    in one language, for one audience (public or internal) and one set of filters, built by
    the worker for one state of the data. ``key`` names all of it and the data's stamps: the
    same key is built once; a change of the data gives a new key, hence a new file."""

    key = models.CharField(max_length=64, unique=True)
    #: The same file whatever the data: what the latest built one is looked up by.
    variant = models.CharField(max_length=64, db_index=True)
    filename = models.CharField(max_length=40)
    language = models.CharField(max_length=2)
    audience = models.CharField(max_length=8)
    #: The registry's filters, as the query string gives them (validated).
    params = models.JSONField(default=dict, blank=True)
    #: Who asked for it last: an internal file is built as that person sees the registry.
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    #: When a person last asked for this variant (a rebuild after a change keeps it).
    asked_at = models.DateTimeField(default=timezone.now)
    #: When its build was queued (again, after a failure or a lost worker).
    queued_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=8, choices=ReportPdf.State.choices, default=ReportPdf.State.PENDING)
    file = models.FileField(upload_to="open-data/", storage=private_storage, blank=True)
    size = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-queued_at", "-pk"]
        verbose_name = _("fichier de données ouvertes")
        verbose_name_plural = _("fichiers de données ouvertes")

    def __str__(self) -> str:
        return f"{self.filename} {self.language} {self.audience} ({self.state})"
