"""The stories' services: the workflow draft → in review → published, its refusals, the audit
trail, the language versions and the personal-data hooks. Every refused path checks that
nothing changed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cairn.accounts.services import member_anonymise, member_export_data
from cairn.accounts.tests.helpers import make_user
from cairn.core.audit import history_of
from cairn.core.editing import StaleEdit
from cairn.recommendations.factories import RecommendationFactory, ThemeCategoryFactory
from cairn.stories import services
from cairn.stories.factories import image_upload, make_series, make_story, version_text
from cairn.stories.models import Story, StoryImage, StoryState, StoryVersion

pytestmark = pytest.mark.django_db


def _state(story: Story) -> tuple[str, datetime.datetime | None, datetime.datetime | None]:
    story.refresh_from_db()
    return story.state, story.published_at, story.first_published_at


def test_a_new_story_is_a_draft_with_its_versions_links_and_a_stable_address() -> None:
    author = make_user("coordination")
    category = ThemeCategoryFactory()
    recommendation = RecommendationFactory()

    story = services.story_create(
        actor=author,
        versions={"fr": version_text("La crèche de Namur"), "nl": version_text("De crèche van Namen", "nl")},
        cover_image=image_upload(size=(120, 60)),
        series=make_series(),
        categories=[category],
        recommendations=[recommendation],
    )

    assert (story.slug, story.state, story.published_at, story.author) == ("la-creche-de-namur", StoryState.DRAFT, None, author)
    assert (story.cover_width, story.cover_height) == (120, 60)
    assert story.cover_image.name.startswith("stories/covers/") and story.cover_image.name.endswith(".png")
    assert sorted(story.versions.values_list("language", "title")) == [("fr", "La crèche de Namur"), ("nl", "De crèche van Namen")]
    assert list(story.categories.all()) == [category]
    assert list(story.recommendations.all()) == [recommendation]
    entry = history_of(story).get()
    assert (entry.action, entry.actor, entry.changes["versions"]["after"]) == (
        "create",
        author,
        {"fr": "La crèche de Namur", "nl": "De crèche van Namen"},
    )
    # A second story with the same title gets its own address.
    assert make_story(titles={"fr": "La crèche de Namur"}).slug == "la-creche-de-namur-2"


def test_a_story_needs_at_least_one_language() -> None:
    with pytest.raises(ValidationError):
        services.story_create(actor=None, versions={}, cover_image=image_upload())

    assert Story.objects.count() == 0


def test_the_workflow_submit_publish_unpublish_is_audited() -> None:
    writer, coordinator = make_user("department_lead"), make_user("coordination")
    story = make_story(author=writer)

    story = services.story_submit(actor=writer, story=story)
    assert story.state == StoryState.IN_REVIEW and story.submitted_at is not None
    when = timezone.now().replace(microsecond=0)
    story = services.story_publish(actor=coordinator, story=story, published_at=when)
    assert _state(story) == (StoryState.PUBLISHED, when, when)
    story = services.story_unpublish(actor=coordinator, story=story)
    assert _state(story) == (StoryState.DRAFT, None, when)
    later = when + datetime.timedelta(days=3)
    story = services.story_publish(actor=coordinator, story=story, published_at=later)
    # The first publication is kept: "story published" is announced once.
    assert _state(story) == (StoryState.PUBLISHED, later, when)

    actions = [(e.action, e.actor, e.changes.get("state", {}).get("after")) for e in reversed(list(history_of(story)))]
    assert actions == [
        ("create", writer, "draft"),
        ("submit", writer, "in_review"),
        ("publish", coordinator, "published"),
        ("unpublish", coordinator, "draft"),
        ("publish", coordinator, "published"),
    ]


def test_a_story_in_review_can_be_sent_back_to_draft() -> None:
    story = make_story(in_review=True)

    story = services.story_return(actor=None, story=story)

    assert (story.state, story.submitted_at) == (StoryState.DRAFT, None)


@pytest.mark.parametrize(
    ("start", "move"),
    [
        ("draft", services.story_return),
        ("draft", services.story_unpublish),
        ("in_review", services.story_submit),
        ("in_review", services.story_unpublish),
        ("published", services.story_submit),
        ("published", services.story_return),
        ("published", services.story_publish),
    ],
)
def test_moves_the_workflow_does_not_allow_are_refused_and_change_nothing(start: str, move) -> None:
    story = make_story(in_review=start == "in_review", published=start == "published")
    before = _state(story)
    entries = history_of(story).count()

    with pytest.raises(services.TransitionRefused):
        move(actor=None, story=story)

    assert _state(story) == before
    assert history_of(story).count() == entries


def test_the_database_refuses_a_published_story_without_a_date_and_a_draft_with_one() -> None:
    story = make_story()

    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.filter(pk=story.pk).update(state=StoryState.PUBLISHED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.filter(pk=story.pk).update(published_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        StoryVersion.objects.filter(story=story).update(cover_alt="")


def test_an_update_adds_and_removes_languages_and_keeps_the_address() -> None:
    coordinator = make_user("coordination")
    story = make_story(titles={"fr": "Premier titre", "nl": "Eerste titel"})

    story = services.story_update(
        actor=coordinator,
        story=story,
        versions={"fr": version_text("Nouveau titre"), "en": version_text("New title", "en")},
        series=None,
        categories=[],
        recommendations=[],
    )

    assert story.slug == "premier-titre"
    assert sorted(story.versions.values_list("language", "title")) == [("en", "New title"), ("fr", "Nouveau titre")]
    change = history_of(story).first()
    assert change is not None
    assert change.changes["versions"] == {
        "before": {"fr": "Premier titre", "nl": "Eerste titel"},
        "after": {"en": "New title", "fr": "Nouveau titre"},
    }


def test_a_stale_edit_is_refused_and_changes_nothing() -> None:
    story = make_story(titles={"fr": "Titre"})
    seen = story.updated_at
    services.story_update(actor=None, story=story, versions={"fr": version_text("Autre")}, series=None, categories=[], recommendations=[])

    with pytest.raises(StaleEdit):
        services.story_update(
            actor=None,
            story=story,
            versions={"fr": version_text("Perdu")},
            series=None,
            categories=[],
            recommendations=[],
            expected_updated_at=seen,
        )

    assert list(story.versions.values_list("title", flat=True)) == ["Autre"]


def test_a_replaced_cover_is_deleted_once_the_edit_is_committed(django_capture_on_commit_callbacks) -> None:
    story = make_story(titles={"fr": "Titre"})
    former = story.cover_image.name
    storage = story.cover_image.storage
    assert storage.exists(former)

    with django_capture_on_commit_callbacks(execute=True):
        story = services.story_update(
            actor=None,
            story=story,
            versions={"fr": version_text("Titre")},
            series=None,
            categories=[],
            recommendations=[],
            cover_image=image_upload("nouvelle.png", colour="#8a6d1d"),
        )

    assert story.cover_image.name != former
    assert storage.exists(story.cover_image.name)
    assert not storage.exists(former)
    # An edit that keeps the cover deletes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        services.story_update(
            actor=None, story=story, versions={"fr": version_text("Autre")}, series=None, categories=[], recommendations=[]
        )
    assert storage.exists(story.cover_image.name)


def test_an_image_for_the_body_is_kept_with_its_alt_text_and_size() -> None:
    story = make_story()
    writer = make_user("coordination")

    image = services.story_image_add(actor=writer, story=story, image=image_upload("photo.png", size=(300, 200)), alt="Le potager")

    assert (image.alt, image.width, image.height, image.uploaded_by) == ("Le potager", 300, 200, writer)
    assert image.image.name.startswith("stories/images/") and "photo" not in image.image.name
    assert history_of(story).first().action == "image_add"  # type: ignore[union-attr]


def test_personal_data_export_lists_authored_stories_and_uploaded_images() -> None:
    author = make_user("coordination")
    when = timezone.now().replace(microsecond=0)
    story = make_story(author=author, titles={"fr": "Le récit", "nl": "Het verhaal"}, published=when)
    other = make_story(author=make_user("coordination"))
    image = services.story_image_add(actor=author, story=other, image=image_upload(), alt="Une image")

    exported = member_export_data(user=author)["stories"]

    assert exported == {
        "written": [
            {
                "id": story.pk,
                "slug": story.slug,
                "state": "published",
                "created_at": story.created_at.isoformat(),
                "published_at": when.isoformat(),
                "titles": {"fr": "Le récit", "nl": "Het verhaal"},
            }
        ],
        "images": [
            {"id": image.pk, "story_id": other.pk, "file": image.image.name, "alt": "Une image", "at": image.created_at.isoformat()}
        ],
    }


def test_erasure_keeps_the_stories_and_removes_their_author() -> None:
    author, other = make_user("coordination"), make_user("coordination")
    story = make_story(author=author, published=True)
    services.story_image_add(actor=author, story=story, image=image_upload(), alt="Une image")
    kept = make_story(author=other)

    member_anonymise(user=author)

    story.refresh_from_db()
    assert (story.author, story.state) == (None, StoryState.PUBLISHED)
    assert StoryImage.objects.get(story=story).uploaded_by is None
    assert history_of(story).first().action == "author_erased"  # type: ignore[union-attr]
    kept.refresh_from_db()
    assert kept.author == other
