"""A story's images (its cover and body images) follow the story's rule: an unpublished
story's images answer 404 to whoever may not see the story, exactly like the story, and
no file of a story lies in the public media folder that a proxy serves to anyone."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.storage import FileSystemStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cairn.accounts.tests.helpers import make_user
from cairn.stories import services
from cairn.stories.factories import image_upload, make_story
from cairn.stories.models import Story, StoryImage

pytestmark = pytest.mark.django_db


def _login(client: Client, role: str) -> None:
    if role != "visitor":
        user = make_user(role)
        client.force_login(user)


def _urls(story: Story) -> list[str]:
    image = services.story_image_add(actor=None, story=story, image=image_upload(), alt="Une table")
    return [story.cover_image.url, image.image.url]


def test_the_images_live_outside_the_public_media_folder() -> None:
    story = make_story(published=True)
    image = services.story_image_add(actor=None, story=story, image=image_upload(), alt="Une table")

    for name in (story.cover_image.name, image.image.name):
        assert name.startswith("stories/")
        assert storages["stories"].exists(name)
        assert not storages["default"].exists(name)  # the proxy serves MEDIA_ROOT (the default storage) to anyone
    assert story.cover_image.url == f"/media/{story.cover_image.name}"  # the same addresses as before


@pytest.mark.parametrize("role", ["visitor", "registered", "member"])
def test_an_unpublished_storys_images_answer_404_to_who_may_not_see_it(client: Client, role: str) -> None:
    story = make_story(in_review=True)
    urls = _urls(story)
    _login(client, role)

    assert [client.get(url).status_code for url in urls] == [404, 404]
    assert client.get(f"/fr/recits/{story.slug}/").status_code == 404  # the same answer as the story


def test_a_published_storys_images_are_public_and_leave_with_the_unpublication(client: Client) -> None:
    coordinator = make_user("coordination")
    story = make_story(published=True)
    urls = _urls(story)

    shown = [client.get(url) for url in urls]
    assert [response.status_code for response in shown] == [200, 200]
    assert shown[0]["Content-Type"] == "image/png"
    assert shown[0]["X-Content-Type-Options"] == "nosniff"
    assert shown[0]["Cache-Control"] == "public, max-age=300"
    assert b"".join(shown[0].streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]

    services.story_unpublish(actor=coordinator, story=story)

    assert [client.get(url).status_code for url in urls] == [404, 404]


def test_the_staff_see_an_unpublished_storys_images_uncached(client: Client) -> None:
    story = make_story(in_review=True)
    urls = _urls(story)
    _login(client, "department_lead")

    responses = [client.get(url) for url in urls]

    assert [response.status_code for response in responses] == [200, 200]
    assert all("no-store" in response["Cache-Control"] and "private" in response["Cache-Control"] for response in responses)


@pytest.mark.parametrize(
    "path",
    [
        "/media/stories/../projects/1/secret.pdf",
        "/media/stories/covers/2026/01/inconnue.png",
        "/media/stories/%2e%2e/%2e%2e/etc/passwd",
        "/media/stories/covers/x%00.png",
    ],
)
def test_no_other_file_is_served(client: Client, path: str) -> None:
    make_story(published=True)

    assert client.get(path).status_code == 404


def test_the_migration_moves_existing_images_out_of_the_public_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib import import_module

    move_images = import_module("cairn.stories.migrations.0003_stories_images_behind_their_rule").move_images
    story = make_story(published=True)
    name = story.cover_image.name
    public, private = tmp_path / "media", tmp_path / "private"
    # Folders on disk for the two storages, for this test only (the storages' instances
    # stay those the models hold: other tests compare them).
    monkeypatch.setitem(storages._storages, "default", FileSystemStorage(location=public))  # type: ignore[attr-defined]
    monkeypatch.setitem(storages._storages, "stories", FileSystemStorage(location=private, base_url="/media/"))  # type: ignore[attr-defined]
    storages["default"].save(name, SimpleUploadedFile("c.png", b"\x89PNG old"))
    StoryImage.objects.create(story=story, image="stories/images/absente.png", alt="Absente")  # never uploaded: left alone

    move_images(apps, None)
    move_images(apps, None)  # a second run changes nothing

    assert not (public / name).exists()
    assert (private / name).read_bytes() == b"\x89PNG old"
