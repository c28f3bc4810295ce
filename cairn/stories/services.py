"""Every write to stories goes through these functions; each is audited (``record_change``).

The workflow: ``story_create`` makes a draft; ``story_submit`` sends it for review;
``story_publish`` publishes it (from draft or review) with its date; ``story_return``
sends a story in review back to draft; ``story_unpublish`` takes a published story back
to draft. ``STORY_TRANSITIONS`` is the one list of allowed moves.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.images import get_image_dimensions
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cairn.core.audit import record_change, snapshot
from cairn.core.editing import refuse_stale
from cairn.stories.models import LANGUAGE_ORDER, Story, StoryImage, StorySeries, StoryState, StoryVersion
from cairn.stories.notify import notify_story_published, story_was_announced

#: (from, to) pairs the workflow allows.
STORY_TRANSITIONS: dict[str, set[str]] = {
    StoryState.DRAFT: {StoryState.IN_REVIEW, StoryState.PUBLISHED},
    StoryState.IN_REVIEW: {StoryState.DRAFT, StoryState.PUBLISHED},
    StoryState.PUBLISHED: {StoryState.DRAFT},
}
STATE_FIELDS = ["state", "published_at", "submitted_at"]


class TransitionRefused(Exception):
    """The story is not in a state this move starts from (someone else moved it first)."""


@dataclass(frozen=True)
class VersionText:
    """What a writer fills in for one language."""

    title: str
    lead: str
    body: str
    cover_alt: str


def _unique_slug(title: str) -> str:
    base = (slugify(title) or "recit")[:70].strip("-") or "recit"
    slug, n = base, 1
    while Story.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_versions(versions: Mapping[str, VersionText]) -> None:
    unknown = set(versions) - set(LANGUAGE_ORDER)
    if unknown:
        raise ValueError(f"Unknown languages: {sorted(unknown)}")
    if not versions:
        raise ValidationError(_("Écrivez le récit dans au moins une langue."), code="no_version")


def _versions_snapshot(story: Story) -> dict[str, str]:
    return {v.language: v.title for v in story.versions.order_by("language")}


def _write_versions(story: Story, versions: Mapping[str, VersionText]) -> None:
    existing = {v.language: v for v in story.versions.all()}
    for language, text in versions.items():
        version = existing.pop(language, None) or StoryVersion(story=story, language=language)
        changed = [name for name, value in asdict(text).items() if getattr(version, name, None) != value]
        if version.pk is not None and not changed:
            continue
        for name, value in asdict(text).items():
            setattr(version, name, value)
        version.full_clean(exclude=["story"])
        if version.pk is None:
            version.save()
        else:
            version.save(update_fields=changed)
    for version in existing.values():  # a language the writer emptied
        version.delete()


def _set_cover(story: Story, cover_image: UploadedFile) -> None:
    width, height = get_image_dimensions(cover_image)
    story.cover_image = cover_image  # type: ignore[assignment]
    story.cover_width, story.cover_height = width or 0, height or 0


def story_create(
    *,
    actor: Any,
    versions: Mapping[str, VersionText],
    cover_image: UploadedFile,
    series: StorySeries | None = None,
    categories: Iterable[Any] = (),
    recommendations: Iterable[Any] = (),
    projects: Iterable[Any] = (),
) -> Story:
    """A new draft written by ``actor``."""
    _check_versions(versions)
    first = next(versions[lang] for lang in LANGUAGE_ORDER if lang in versions)
    with transaction.atomic():
        story = Story(slug=_unique_slug(first.title), author=actor if getattr(actor, "is_authenticated", False) else None, series=series)
        _set_cover(story, cover_image)
        story.full_clean(exclude=["recommendations", "categories", "projects"])
        story.save()
        _write_versions(story, versions)
        story.categories.set(list(categories))
        story.recommendations.set(list(recommendations))
        story.projects.set(list(projects))
        after = {**snapshot(story, ["slug", "state", "series"]), "cover_image": story.cover_image.name}
        after["versions"] = _versions_snapshot(story)
        after["projects"] = sorted(p.pk for p in projects)
        record_change(actor=actor, instance=story, action="create", after=after)
    return story


def story_update(
    *,
    actor: Any,
    story: Story,
    versions: Mapping[str, VersionText],
    series: StorySeries | None,
    categories: Iterable[Any],
    recommendations: Iterable[Any],
    projects: Iterable[Any] | None = None,
    cover_image: UploadedFile | None = None,
    expected_updated_at: datetime.datetime | None = None,
) -> Story:
    """Change a story's texts, languages, cover and links. The slug never changes. With
    ``expected_updated_at`` (the version the editor saw), an edit of a story someone else
    has changed since raises ``StaleEdit`` and changes nothing."""
    _check_versions(versions)
    with transaction.atomic():
        current = Story.objects.select_for_update().get(pk=story.pk)
        refuse_stale(current, expected_updated_at)
        before = {**snapshot(current, ["series"]), "cover_image": current.cover_image.name}
        before["versions"] = _versions_snapshot(current)
        before["categories"] = sorted(current.categories.values_list("pk", flat=True))
        before["recommendations"] = sorted(current.recommendations.values_list("pk", flat=True))
        before["projects"] = sorted(current.projects.values_list("pk", flat=True))
        current.series = series
        if cover_image is not None:
            _set_cover(current, cover_image)
        current.full_clean(exclude=["recommendations", "categories", "projects"])
        current.save(update_fields=["series", "cover_image", "cover_width", "cover_height", "updated_at"])
        _write_versions(current, versions)
        current.categories.set(list(categories))
        current.recommendations.set(list(recommendations))
        if projects is not None:  # None: the links to projects stay as they are
            current.projects.set(list(projects))
        after = {**snapshot(current, ["series"]), "cover_image": current.cover_image.name}
        after["versions"] = _versions_snapshot(current)
        after["categories"] = sorted(current.categories.values_list("pk", flat=True))
        after["recommendations"] = sorted(current.recommendations.values_list("pk", flat=True))
        after["projects"] = sorted(current.projects.values_list("pk", flat=True))
        record_change(actor=actor, instance=current, action="update", before=before, after=after)
        replaced = before["cover_image"]
        if replaced and replaced != current.cover_image.name:
            # The former cover is nobody's any more (the audit keeps its name); delete the
            # file once the new one is recorded, never if the edit rolls back.
            storage = current.cover_image.storage
            transaction.on_commit(lambda: storage.delete(replaced))
    return current


def story_image_add(*, actor: Any, story: Story, image: UploadedFile, alt: str) -> StoryImage:
    """Keep an image for the story's body (checked by ``forms.checked_image`` first)."""
    width, height = get_image_dimensions(image)
    with transaction.atomic():
        item = StoryImage(
            story=story,
            image=image,
            alt=alt,
            width=width or 0,
            height=height or 0,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        item.full_clean(exclude=["story"])
        item.save()
        record_change(actor=actor, instance=story, action="image_add", after={"image": item.image.name, "alt": alt})
    return item


def _transition(*, actor: Any, story: Story, to: str, action: str, **values: Any) -> Story:
    with transaction.atomic():
        current = Story.objects.select_for_update().get(pk=story.pk)
        if to not in STORY_TRANSITIONS[current.state]:
            raise TransitionRefused
        before = snapshot(current, STATE_FIELDS)
        current.state = to
        for name, value in values.items():
            setattr(current, name, value)
        current.save(update_fields=[*STATE_FIELDS, "first_published_at", "updated_at"])
        record_change(actor=actor, instance=current, action=action, before=before, after=snapshot(current, STATE_FIELDS))
    return current


def story_submit(*, actor: Any, story: Story) -> Story:
    """Send a draft for review (``TransitionRefused`` from any other state)."""
    if story.state != StoryState.DRAFT:
        raise TransitionRefused
    return _transition(actor=actor, story=story, to=StoryState.IN_REVIEW, action="submit", submitted_at=timezone.now())


def story_return(*, actor: Any, story: Story) -> Story:
    """Send a story in review back to draft, for its author to rework."""
    if story.state != StoryState.IN_REVIEW:
        raise TransitionRefused
    return _transition(actor=actor, story=story, to=StoryState.DRAFT, action="return", submitted_at=None)


def story_publish(*, actor: Any, story: Story, published_at: datetime.datetime | None = None) -> Story:
    """Publish a draft or a story in review, dated ``published_at`` (now by default).

    A story must have a cover image with alt text in each of its languages (the form and
    the database both hold that).
    """
    when = published_at or timezone.now()
    published = _transition(
        actor=actor,
        story=story,
        to=StoryState.PUBLISHED,
        action="publish",
        published_at=when,
        first_published_at=story.first_published_at or when,
    )
    # Every publication asks for the announcement, which goes out once per story (the task
    # checks): a story unpublished before its task ran is announced when published again.
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    transaction.on_commit(lambda: _announce_publication(story_id=published.pk, actor_id=actor_id))
    return published


def _announce_publication(*, story_id: int, actor_id: int | None = None) -> None:
    """Runs after the commit of a publication: the announcement leaves from a background
    task (ids only)."""
    from cairn.stories.tasks import announce_publication

    announce_publication.enqueue(story_id=story_id, actor_id=actor_id)


def story_publication_announce(*, story_id: int, actor_id: int | None = None) -> Any:
    """Record the "story published" event for the followers of what the story is about: its
    public recommendations and projects, its categories and its series (the notifications
    app fans it out after commit). Idempotent: a story is announced once, however often
    this runs or the story is published again; a story no longer published is not
    announced. Returns the event, or None when there was nothing to do."""
    with transaction.atomic():
        story = Story.objects.select_for_update().filter(pk=story_id, state=StoryState.PUBLISHED).first()
        if story is None:
            return None
        if story_was_announced(story.pk):
            return None
        versions = {v.language: v.title for v in story.versions.all()}
        title = next(versions[code] for code in LANGUAGE_ORDER if code in versions)
        about: list[tuple[str, int]] = [
            *(("recommendation", pk) for pk in story.recommendations.public().values_list("pk", flat=True)),
            *(("project", pk) for pk in story.projects.public().values_list("pk", flat=True)),
            *(("category", pk) for pk in story.categories.values_list("pk", flat=True)),
        ]
        if story.series_id is not None:
            about.append(("series", story.series_id))
        return notify_story_published(story_id=story.pk, titles=versions, title=title, about=about, slug=story.slug, actor_id=actor_id)


def story_unpublish(*, actor: Any, story: Story) -> Story:
    """Take a published story back to draft: it disappears from the list, the feeds and its
    page answers 404 outside the staff again."""
    if story.state != StoryState.PUBLISHED:
        raise TransitionRefused
    return _transition(actor=actor, story=story, to=StoryState.DRAFT, action="unpublish", published_at=None, submitted_at=None)


# --- Personal data (registered in hooks.py) ------------------------------------------------


def personal_data_erase(*, user: Any) -> None:
    """Erasure keeps the stories (they belong to the cooperative's record) and removes the
    person from them: no author, no uploader. The page then shows no byline."""
    stories = list(Story.objects.filter(author=user).only("pk"))
    for story in stories:
        record_change(actor=None, instance=story, action="author_erased", before={"author": user.pk}, after={"author": None})
    Story.objects.filter(author=user).update(author=None)
    StoryImage.objects.filter(uploaded_by=user).update(uploaded_by=None)
