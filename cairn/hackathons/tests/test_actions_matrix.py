"""Who may do the organisers' actions that only answer a POST (the GETs:
``test_permission_matrix.py``): link and unlink a story, remove a mentor's slot or the
mentor, open a draft (change its phase), add a session to the programme, decide on a question, ask for
the teams to be formed. One role × action table, POSTed through the client; a refused action changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from cairn.accounts.tests.helpers import ROLES, make_user
from cairn.events.recurrence import BRUSSELS
from cairn.hackathons.factories import HackathonFactory, QuestionFactory
from cairn.hackathons.models import Hackathon, Mentor, MentorSlot, Phase, Question, QuestionStatus, SessionKind
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
open a draft  | login   | 404        | 404    | 404         | done         | 404             | done
add session   | login   | 403        | 403    | 403         | done         | 403             | done
decide        | login   | 403        | 403    | 403         | done         | 403             | done
form teams    | login   | 403        | 403    | 403         | done         | 403             | done
"""
ACTIONS = [row.split("|")[0].strip() for row in MATRIX.strip().splitlines()[1:]]


def _expected() -> dict[tuple[str, str], str]:
    header, *rows = [[cell.strip() for cell in line.split("|")] for line in MATRIX.strip().splitlines()]
    assert header[1:] == ROLES
    return {(row[0], role): cell for row in rows for role, cell in zip(header[1:], row[1:], strict=True)}


EXPECTED = _expected()


def _setup(action: str) -> tuple[str, dict[str, Any], Callable[[], bool]]:
    """The action's URL, what it posts, and whether it took effect."""
    hackathon: Hackathon = HackathonFactory(phase=Phase.DRAFT if action == "open a draft" else Phase.TEAMS)
    base = f"/fr/hackathons/{hackathon.slug}/organisation/"
    story = make_story(published=True)
    if action == "link story":
        return f"{base}recits/", {"story": story.pk}, lambda: hackathon.stories.exists()
    if action == "unlink story":
        hackathon_story_link(actor=None, hackathon=hackathon, story=story)
        return f"{base}recits/{story.pk}/retirer/", {}, lambda: not hackathon.stories.exists()
    if action == "open a draft":  # a draft is hidden from all but its organisers: 404
        return f"{base}phase/", {"phase": Phase.CALL}, lambda: Hackathon.objects.get(pk=hackathon.pk).phase == Phase.CALL
    if action == "add session":
        start = hackathon.event.starts_at.astimezone(BRUSSELS) + dt.timedelta(hours=2)
        data = {"kind": SessionKind.CHECKPOINT, "title": "Point d’étape", "starts_at": f"{start:%Y-%m-%dT%H:%M}"}
        data["ends_at"] = f"{start + dt.timedelta(hours=1):%Y-%m-%dT%H:%M}"
        return f"{base}programme/", data, lambda: hackathon.sessions.filter(title="Point d’étape").exists()
    if action == "form teams":
        return f"{base}equipes/former/", {}, lambda: Hackathon.objects.get(pk=hackathon.pk).formation_round > hackathon.formation_round
    question = QuestionFactory(hackathon=hackathon, status=QuestionStatus.PROPOSED if action == "decide" else QuestionStatus.SELECTED)
    if action == "decide":
        decided = lambda: Question.objects.get(pk=question.pk).status == QuestionStatus.SELECTED  # noqa: E731
        return f"{base}questions/{question.pk}/decision/", {"status": QuestionStatus.SELECTED}, decided
    mentor: Mentor = mentor_add(actor=None, question=question, user=make_user("member"))
    start = hackathon.event.starts_at + dt.timedelta(hours=1)
    slot = mentor_slot_add(actor=None, mentor=mentor, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    url = f"{base}questions/{question.pk}/mentors/{mentor.pk}/retirer/"
    if action == "remove slot":
        return url, {"slot": slot.pk}, lambda: not MentorSlot.objects.filter(pk=slot.pk).exists()
    return url, {}, lambda: not Mentor.objects.filter(pk=mentor.pk).exists()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
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
