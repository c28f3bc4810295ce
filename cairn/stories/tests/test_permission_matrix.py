"""Who reaches the stories' pages and their staff pages: their rows of the role × page
matrix (the harness: ``cairn/accounts/tests/matrix.py``; who may move a story along its
workflow: ``test_actions_matrix.py``)."""

from __future__ import annotations

import pytest

from cairn.accounts.tests.matrix import PageMatrix
from cairn.stories.factories import make_story

pytestmark = pytest.mark.django_db

PAGES = {
    "stories": "/fr/recits/",
    "story page": "/fr/recits/{published_story}/",
    "draft story page": "/fr/recits/{draft_story}/",
    "story in review page": "/fr/recits/{review_story}/",
    "stories feed": "/fr/recits/flux/rss/",
    "published story cover": "/media/{published_cover}",
    "draft story cover": "/media/{draft_cover}",
    "stories to write": "/fr/gestion/recits/",
    "write a story": "/fr/gestion/recits/nouveau/",
    "edit a draft story": "/fr/gestion/recits/{draft_story_pk}/modifier/",
    "edit a published story": "/fr/gestion/recits/{published_story_pk}/modifier/",
    "api stories": "/api/v1/stories/",
    "api story": "/api/v1/stories/{published_story}",
    "api draft story": "/api/v1/stories/{draft_story}",
}

MATRIX = """
page                   | visitor | registered | member | facilitator | coordination | department_lead | admin
stories                | 200     | 200        | 200    | 200         | 200          | 200             | 200
story page             | 200     | 200        | 200    | 200         | 200          | 200             | 200
draft story page       | 404     | 404        | 404    | 404         | 200          | 200             | 200
story in review page   | 404     | 404        | 404    | 404         | 200          | 200             | 200
stories feed           | 200     | 200        | 200    | 200         | 200          | 200             | 200
published story cover  | 200     | 200        | 200    | 200         | 200          | 200             | 200
draft story cover      | 404     | 404        | 404    | 404         | 200          | 200             | 200
stories to write       | login   | 403        | 403    | 403         | 200          | 200             | 200
write a story          | login   | 403        | 403    | 403         | 200          | 200             | 200
edit a draft story     | login   | 403        | 403    | 403         | 200          | 200             | 200
edit a published story | login   | 403        | 403    | 403         | 200          | 200             | 200
api stories            | 200     | 200        | 200    | 200         | 200          | 200             | 200
api story              | 200     | 200        | 200    | 200         | 200          | 200             | 200
api draft story        | 404     | 404        | 404    | 404         | 200          | 200             | 200
"""


def page_objects() -> dict[str, object]:
    """A published story, a draft and one in review (404 outside the staff)."""
    published, draft = make_story(titles={"fr": "Publié"}, published=True), make_story(titles={"fr": "Brouillon"})
    return {
        "published_story": published.slug,
        "draft_story": draft.slug,
        "review_story": make_story(titles={"fr": "En relecture"}, in_review=True).slug,
        "published_story_pk": published.pk,
        "draft_story_pk": draft.pk,
        # Images follow their story (views.story_media): /media/stories/covers/…
        "published_cover": published.cover_image.name,
        "draft_cover": draft.cover_image.name,
    }


PAGE_MATRIX = PageMatrix(PAGES, MATRIX, page_objects)


@pytest.mark.parametrize("page_name", PAGES)
def test_role_page_matrix(page_name: str) -> None:
    PAGE_MATRIX.check(page_name)
