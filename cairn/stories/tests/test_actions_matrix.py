"""Who may move a story along the workflow: one role × action table, POSTed through the
client (the GETs: ``test_permission_matrix.py``). A refused move changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.tests.helpers import ROLES, make_user
from cairn.stories.factories import make_story
from cairn.stories.models import Story, StoryState

pytestmark = pytest.mark.django_db

#: action → (state the story starts in, state after an allowed move)
ACTIONS = {
    "soumettre": (StoryState.DRAFT, StoryState.IN_REVIEW),
    "renvoyer": (StoryState.IN_REVIEW, StoryState.DRAFT),
    "publier": (StoryState.IN_REVIEW, StoryState.PUBLISHED),
    "depublier": (StoryState.PUBLISHED, StoryState.DRAFT),
}

MATRIX = """
action    | visitor | registered | member | facilitator | coordination | department_lead | admin
soumettre | login   | 403        | 403    | 403         | moved        | moved           | moved
renvoyer  | login   | 403        | 403    | 403         | moved        | 403             | moved
publier   | login   | 403        | 403    | 403         | moved        | 403             | moved
depublier | login   | 403        | 403    | 403         | moved        | 403             | moved
"""


def _expected() -> dict[tuple[str, str], str]:
    header, *rows = [[cell.strip() for cell in line.split("|")] for line in MATRIX.strip().splitlines()]
    assert header[1:] == ROLES
    return {(row[0], role): cell for row in rows for role, cell in zip(header[1:], row[1:], strict=True)}


EXPECTED = _expected()


def _story_in(state: str) -> Story:
    return make_story(in_review=state == StoryState.IN_REVIEW, published=state == StoryState.PUBLISHED)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_role_action_matrix(client: Client, role: str, action: str) -> None:
    start, after = ACTIONS[action]
    story = _story_in(start)
    if role != "visitor":
        client.force_login(make_user(role))
    url = f"/fr/gestion/recits/{story.pk}/{action}/"

    response = client.post(url)

    story.refresh_from_db()
    if response.status_code == 302 and response["Location"] == f"/fr/gestion/recits/{story.pk}/modifier/":
        outcome = "moved" if story.state == after else "redirected without moving"
    elif response.status_code == 302 and response["Location"] == f"/fr/compte/login/?next={url}":
        outcome = "login"
    else:
        outcome = str(response.status_code)
    assert outcome == EXPECTED[action, role]
    if outcome != "moved":
        assert story.state == start


@pytest.mark.parametrize("action", ACTIONS)
def test_a_get_does_not_move_a_story(client: Client, action: str) -> None:
    start, _after = ACTIONS[action]
    story = _story_in(start)
    client.force_login(make_user("coordination"))

    assert client.get(f"/fr/gestion/recits/{story.pk}/{action}/").status_code == 405
    story.refresh_from_db()
    assert story.state == start
