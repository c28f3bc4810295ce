"""The stories' API: published stories only, in the caller's language when they exist in
it, authors named as the profile allows, and the same queries at any size."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cairn.accounts.factories import UserFactory
from cairn.accounts.models import Visibility
from cairn.stories.factories import make_story

pytestmark = pytest.mark.django_db


def test_drafts_never_appear_and_answer_404(client: Client) -> None:
    published = make_story(titles={"fr": "Un récit", "nl": "Een verhaal"}, published=True)
    draft = make_story(titles={"fr": "Brouillon"})
    assert [s["slug"] for s in client.get("/api/v1/stories/").json()["items"]] == [published.slug]
    assert client.get(f"/api/v1/stories/{draft.slug}").status_code == 404
    dutch = client.get(f"/api/v1/stories/{published.slug}", HTTP_ACCEPT_LANGUAGE="nl").json()
    assert (dutch["title"], dutch["language"], sorted(dutch["languages"])) == ("Een verhaal", "nl", ["fr", "nl"])


def test_an_author_is_named_only_as_their_profile_allows(client: Client) -> None:
    author = UserFactory(roles=["coordination"], profile__display_name="Camille Secret", profile__visibility=Visibility.PRIVATE)
    story = make_story(author=author, published=True)
    data = client.get(f"/api/v1/stories/{story.slug}").json()
    assert "Camille Secret" not in str(data) and data["author"]


@pytest.mark.parametrize("size", [3, 9])
def test_the_list_runs_the_same_queries_at_any_size(client: Client, django_assert_num_queries: Any, size: int) -> None:
    for _ in range(size):
        make_story(published=True)
    client.get("/api/v1/stories/")
    # The rate limit's counter (1), the filter's publication years (1), the page of stories with their
    # series (1), their versions (1), their categories (1).
    with django_assert_num_queries(5):
        response = client.get("/api/v1/stories/?limit=100")
    assert len(response.json()["items"]) == size
