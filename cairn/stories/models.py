"""Stories about what followed from the recommendations (DESIGN.md §1: the state of play is
shared "together with stories about the projects").

A story is written in one to three languages: each ``StoryVersion`` holds the title, lead,
body and the cover's alt text in one language. The story itself holds what every version
shares — cover image, author, series, links to recommendations, projects and theme
categories — and
its place in the workflow: draft → in review → published. Only published stories are seen
outside the staff; ``Story.objects.visible_to(user)`` is the one definition of that.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cairn.accounts.models import Language
from cairn.core.models import TimeStampedModel, TranslatedNameModel
from cairn.core.validators import validate_plain_text, validate_single_line

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cairn.accounts.models import User

#: The order in which a missing language falls back: French (the source language) first.
LANGUAGE_ORDER = [code for code, _label in Language.choices]


def _image_path(folder: str, filename: str) -> str:
    # A random name: never the uploader's file name (personal data, collisions), and an
    # image of a draft cannot be found by guessing its address.
    suffix = PurePath(filename).suffix.lower()[:6]
    now = timezone.now()
    return f"stories/{folder}/{now:%Y/%m}/{uuid.uuid4().hex}{suffix}"


def story_storage() -> Storage:
    """The "stories" storage: outside MEDIA_ROOT, so no proxy serves a story's images; they
    are at ``/media/stories/…``, answered by ``views.story_media`` after the story's rule."""
    return storages["stories"]


def cover_path(instance: models.Model, filename: str) -> str:
    return _image_path("covers", filename)


def body_image_path(instance: models.Model, filename: str) -> str:
    return _image_path("images", filename)


class StoryState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    IN_REVIEW = "in_review", _("En relecture")
    PUBLISHED = "published", _("Publié")


#: The badge tone of each state (the design system's ``badge`` component).
STATE_TONES = {StoryState.DRAFT: "neutral", StoryState.IN_REVIEW: "info", StoryState.PUBLISHED: "success"}


class StorySeries(TranslatedNameModel):
    """A series of stories members can follow, e.g. "Un an après l’état des lieux"."""

    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)

    class Meta:
        ordering = ["name_fr"]
        verbose_name = _("série de récits")
        verbose_name_plural = _("séries de récits")


class StoryQuerySet(models.QuerySet["Story"]):
    def published(self) -> StoryQuerySet:
        return self.filter(state=StoryState.PUBLISHED)

    def visible_to(self, user: User | AnonymousUser) -> StoryQuerySet:
        """Every story for the staff (who write and review them); published ones for everyone else."""
        from cairn.stories.rules import can_see_unpublished

        if can_see_unpublished(user):
            return self
        return self.published()

    def in_language(self, language: str) -> StoryQuerySet:
        return self.filter(versions__language=language)

    def newest_first(self) -> StoryQuerySet:
        return self.order_by(models.F("published_at").desc(nulls_last=True), "-pk")


class Story(TimeStampedModel):
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True, help_text=_("L’adresse du récit ; elle ne change plus."))
    state = models.CharField(_("état"), max_length=10, choices=StoryState.choices, default=StoryState.DRAFT)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    # The first publication, kept when a story is unpublished and published again ("story
    # published" is announced once: see services.story_publication_announce).
    first_published_at = models.DateTimeField(_("première publication"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("soumis en relecture le"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur·rice"), on_delete=models.SET_NULL, null=True, blank=True, related_name="stories"
    )
    series = models.ForeignKey(
        StorySeries, verbose_name=_("série"), on_delete=models.SET_NULL, null=True, blank=True, related_name="stories"
    )
    cover_image = models.ImageField(_("image de couverture"), upload_to=cover_path, storage=story_storage, max_length=200)
    cover_width = models.PositiveIntegerField(default=0, editable=False)
    cover_height = models.PositiveIntegerField(default=0, editable=False)
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation", verbose_name=_("recommandations"), blank=True, related_name="stories"
    )
    categories = models.ManyToManyField(
        "recommendations.ThemeCategory", verbose_name=_("grandes thématiques"), blank=True, related_name="stories"
    )
    projects = models.ManyToManyField("projects.Project", verbose_name=_("projets"), blank=True, related_name="stories")

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("récit")
        verbose_name_plural = _("récits")
        constraints = [
            # Published ⇔ dated: the feeds, the list and the year filter rely on it.
            models.CheckConstraint(
                condition=(Q(state=StoryState.PUBLISHED) & Q(published_at__isnull=False))
                | (~Q(state=StoryState.PUBLISHED) & Q(published_at__isnull=True)),
                name="stories_published_iff_dated",
            ),
        ]
        indexes = [models.Index(fields=["state", "-published_at"], name="stories_state_published")]

    def __str__(self) -> str:
        return self.slug

    @property
    def is_published(self) -> bool:
        return self.state == StoryState.PUBLISHED

    @property
    def state_tone(self) -> str:
        return STATE_TONES[StoryState(self.state)]


class StoryVersion(models.Model):
    """The story in one language. A story has at most one version per language."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("langue"), max_length=2, choices=Language.choices)
    title = models.CharField(_("titre"), max_length=200, validators=[validate_single_line])
    lead = models.TextField(_("chapeau"), max_length=600, validators=[validate_plain_text])
    body = models.TextField(_("texte (Markdown)"))
    cover_alt = models.CharField(_("texte alternatif de l’image de couverture"), max_length=250, validators=[validate_single_line])

    class Meta:
        ordering = ["story", "language"]
        verbose_name = _("version linguistique")
        verbose_name_plural = _("versions linguistiques")
        constraints = [
            models.UniqueConstraint(fields=["story", "language"], name="stories_one_version_per_language"),
            models.CheckConstraint(condition=~Q(title=""), name="stories_version_has_title"),
            models.CheckConstraint(condition=~Q(cover_alt=""), name="stories_version_has_cover_alt"),
        ]

    def __str__(self) -> str:
        return f"{self.story_id} [{self.language}] {self.title}"


class StoryImage(models.Model):
    """An image uploaded for a story's body; the body refers to it in Markdown."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to=body_image_path, storage=story_storage, max_length=200)
    alt = models.CharField(_("texte alternatif"), max_length=250, validators=[validate_single_line])
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)

    class Meta:
        ordering = ["story", "created_at", "pk"]
        verbose_name = _("image d’un récit")
        verbose_name_plural = _("images des récits")
        constraints = [models.CheckConstraint(condition=~Q(alt=""), name="stories_image_has_alt")]

    def __str__(self) -> str:
        return str(self.image.name)
