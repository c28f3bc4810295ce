"""The hackathons' API: drafts stay with their organisers and the staff, questions show
only the recommendations the caller may see, and the list runs the same queries at any size."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cairn.accounts.factories import ApiTokenFactory
from cairn.hackathons.factories import HackathonFactory, QuestionFactory, TeamFactory
from cairn.hackathons.models import Phase, QuestionStatus
from cairn.projects.factories import ProjectFactory
from cairn.recommendations.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def test_a_draft_hackathon_never_reaches_a_visitor(client: Client) -> None:
    public = HackathonFactory()
    draft = HackathonFactory(phase=Phase.DRAFT)
    assert [h["slug"] for h in client.get("/api/v1/hackathons/").json()["items"]] == [public.slug]
    assert client.get(f"/api/v1/hackathons/{draft.slug}").status_code == 404
    token = ApiTokenFactory(scopes=["read_internal"])
    assert client.get(f"/api/v1/hackathons/{draft.slug}", HTTP_AUTHORIZATION=f"Bearer {token.secret}").status_code == 200


def test_questions_show_their_visible_recommendations_and_the_projects_answers_became(client: Client) -> None:
    hackathon = HackathonFactory(phase=Phase.TEAMS)
    public, internal = RecommendationFactory(), RecommendationFactory(is_internal=True)
    question = QuestionFactory(hackathon=hackathon, recommendations=[public, internal])
    QuestionFactory(hackathon=hackathon, status=QuestionStatus.PROPOSED, title="Une proposition")
    project = ProjectFactory()
    TeamFactory(hackathon=hackathon, question=question, project=project)
    detail = client.get(f"/api/v1/hackathons/{hackathon.slug}").json()
    assert [(q["id"], q["recommendations"]) for q in detail["questions"]] == [(question.pk, [public.reference])]
    one = client.get(f"/api/v1/hackathons/{hackathon.slug}/questions/{question.pk}").json()
    assert one["recommendations"] == [public.reference]
    assert [t["project"] for t in one["teams"]] == [project.pk]
    assert client.get(f"/api/v1/hackathons/{hackathon.slug}/questions/999999").status_code == 404


@pytest.mark.parametrize("size", [3, 9])
def test_the_list_runs_the_same_queries_at_any_size(client: Client, django_assert_num_queries: Any, size: int) -> None:
    HackathonFactory.create_batch(size)
    client.get("/api/v1/hackathons/")
    with django_assert_num_queries(2):  # the rate limit's counter (1), the page with its events (1)
        response = client.get("/api/v1/hackathons/?limit=100")
    assert len(response.json()["items"]) == size
