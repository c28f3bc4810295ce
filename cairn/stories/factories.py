"""Test helpers for stories: images made with Pillow, and stories made through the services
(so the workflow, the audit trail and the constraints are the real ones)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cairn.stories import services
from cairn.stories.models import Story, StoryImage, StorySeries
from cairn.stories.services import VersionText


def image_bytes(*, size: tuple[int, int] = (64, 36), image_format: str = "PNG", colour: str = "#2a6f4e") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=image_format)
    return buffer.getvalue()


def image_upload(name: str = "couverture.png", **kwargs: Any) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/png")


def version_text(title: str, language: str = "fr") -> VersionText:
    leads = {"fr": "Un chapeau qui résume le récit.", "nl": "Een inleiding die het verhaal samenvat.", "en": "A lead summing up the story."}
    alts = {"fr": "Des sociétaires autour d’une table", "nl": "Vennoten rond een tafel", "en": "Members around a table"}
    return VersionText(title=title, lead=leads[language], body=f"## {title}\n\nLe texte du récit.", cover_alt=alts[language])


def make_series(slug: str = "un-an-apres", name_fr: str = "Un an après", name_nl: str = "Een jaar later") -> StorySeries:
    series, _created = StorySeries.objects.get_or_create(slug=slug, defaults={"name_fr": name_fr, "name_nl": name_nl})
    return series


def make_story(
    *,
    author: Any = None,
    titles: dict[str, str] | None = None,
    published: bool | datetime.datetime = False,
    in_review: bool = False,
    series: StorySeries | None = None,
    categories: Iterable[Any] = (),
    recommendations: Iterable[Any] = (),
    projects: Iterable[Any] = (),
) -> Story:
    """A story written by ``author`` (a user, or None), in the languages of ``titles``
    (French only by default); ``published`` True (now) or a date publishes it."""
    titles = titles or {"fr": "Un récit"}
    story = services.story_create(
        actor=author,
        versions={language: version_text(title, language) for language, title in titles.items()},
        cover_image=image_upload(),
        series=series,
        categories=categories,
        recommendations=recommendations,
        projects=projects,
    )
    if in_review:
        story = services.story_submit(actor=author, story=story)
    if published:
        when = published if isinstance(published, datetime.datetime) else timezone.now()
        story = services.story_publish(actor=author, story=story, published_at=when)
    return story


class StoryFactory(factory.django.DjangoModelFactory):
    """A draft story's row alone, without versions: ``make_story`` builds a whole one
    through the services."""

    class Meta:
        model = Story

    slug = factory.Sequence(lambda n: f"recit-{n}")
    author = None
    cover_image = factory.django.ImageField(filename="couverture.png", width=64, height=36)


class StoryImageFactory(factory.django.DjangoModelFactory):
    """An image uploaded for a story's body."""

    class Meta:
        model = StoryImage

    story = factory.SubFactory(StoryFactory)
    image = factory.django.ImageField(filename="image.png", width=64, height=36)
    alt = "Des sociétaires autour d’une table"
    uploaded_by = None
