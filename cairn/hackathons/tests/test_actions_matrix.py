"""Who may do the organisers' actions that only answer a POST (the GETs:
``test_permission_matrix.py``): link and unlink a story, remove a mentor's slot or the
mentor. One role × action table, POSTed through the client; a refused action changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from cairn.accounts.tests.helpers import ROLES, make_user
from cairn.hackathons.factories import HackathonFactory, QuestionFactory
from cairn.hackathons.models import Hackathon, Mentor, MentorSlot, Phase
from cairn.hackathons.services.mentors import mentor_add, mentor_slot_add
from cairn.hackathons.services.stories import hackathon_story_link
from cairn.stories.factories import make_story

pytestmark = pytest.mark.django_db

MATRIX = """
action        | visitor | registered | member | facilitator | coordination | department_lead | admin
link story    | login   | 403        | 403    | 403         | done         | 403             | done
unlink story  | login   | 403        | 403    | 403         | done         | 403             | done
remove slot   | login   | 403        | 403    | 403         | done         | 403             | done
remove mentor | login   | 403        | 403    | 403         | done         | 403             | done
"""


def _expected() -> dict[tuple[str, str], str]:
    header, *rows = [[cell.strip() for cell in line.split("|")] for line in MATRIX.strip().splitlines()]
    assert header[1:] == ROLES
    return {(row[0], role): cell for row in rows for role, cell in zip(header[1:], row[1:], strict=True)}


EXPECTED = _expected()


def _setup(action: str) -> tuple[str, dict[str, Any], Callable[[], bool]]:
    """The action's URL, what it posts, and whether it took effect."""
    hackathon: Hackathon = HackathonFactory(phase=Phase.TEAMS)
    base = f"/fr/hackathons/{hackathon.slug}/organisation/"
    story = make_story(published=True)
    if action == "link story":
        return f"{base}recits/", {"story": story.pk}, lambda: hackathon.stories.exists()
    if action == "unlink story":
        hackathon_story_link(actor=None, hackathon=hackathon, story=story)
        return f"{base}recits/{story.pk}/retirer/", {}, lambda: not hackathon.stories.exists()
    question = QuestionFactory(hackathon=hackathon)
    mentor: Mentor = mentor_add(actor=None, question=question, user=make_user("member"))
    start = hackathon.event.starts_at + dt.timedelta(hours=1)
    slot = mentor_slot_add(actor=None, mentor=mentor, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    url = f"{base}questions/{question.pk}/mentors/{mentor.pk}/retirer/"
    if action == "remove slot":
        return url, {"slot": slot.pk}, lambda: not MentorSlot.objects.filter(pk=slot.pk).exists()
    return url, {}, lambda: not Mentor.objects.filter(pk=mentor.pk).exists()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["link story", "unlink story", "remove slot", "remove mentor"])
def test_role_action_matrix(client: Client, role: str, action: str) -> None:
    url, data, done = _setup(action)
    if role != "visitor":
        client.force_login(make_user(role))
    response = client.post(url, data)
    if response.status_code == 302 and response["Location"].startswith("/fr/compte/login/"):
        outcome = "login"
    elif response.status_code == 302:
        outcome = "done" if done() else "redirected without effect"
    else:
        outcome = str(response.status_code)
    assert outcome == EXPECTED[action, role]
    if outcome != "done":
        assert not done()
