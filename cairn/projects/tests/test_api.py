"""The projects' API: the project pages' rules (internal projects only for the staff),
their filters, and the same queries at any size."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cairn.accounts.factories import ApiTokenFactory
from cairn.projects.factories import ProjectFactory, ProjectRecommendationFactory, ProjectUpdateFactory
from cairn.recommendations.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def test_internal_projects_and_hidden_recommendations_never_reach_others(client: Client) -> None:
    public = ProjectFactory(title="Covoiturage")
    internal = ProjectFactory(is_internal=True)
    ProjectRecommendationFactory(project=public, recommendation=RecommendationFactory(is_internal=True))
    shown = ProjectRecommendationFactory(project=public)
    ProjectUpdateFactory(project=public)
    assert {p["id"] for p in client.get("/api/v1/projects/").json()["items"]} == {public.pk}
    assert client.get(f"/api/v1/projects/{internal.pk}").status_code == 404
    detail = client.get(f"/api/v1/projects/{public.pk}", HTTP_ACCEPT_LANGUAGE="nl").json()
    assert [a["reference"] for a in detail["answers"]] == [shown.recommendation.reference]
    assert detail["url"] == f"http://testserver/nl/projets/{public.pk}/"
    assert len(detail["updates"]) == 1
    token = ApiTokenFactory(scopes=["read_internal"])
    assert client.get(f"/api/v1/projects/{internal.pk}", HTTP_AUTHORIZATION=f"Bearer {token.secret}").status_code == 200


def test_the_project_lists_filters_apply_and_bad_ones_are_refused(client: Client) -> None:
    done = ProjectFactory(status="done")
    ProjectFactory(status="in_progress")
    assert [p["id"] for p in client.get("/api/v1/projects/?status=done").json()["items"]] == [done.pk]
    assert client.get("/api/v1/projects/?status=perhaps").status_code == 400
    assert client.get("/api/v1/projects/?department=abc").status_code == 400


@pytest.mark.parametrize("size", [4, 12])
def test_the_list_runs_the_same_queries_at_any_size(client: Client, django_assert_num_queries: Any, size: int) -> None:
    for project in ProjectFactory.create_batch(size):
        ProjectRecommendationFactory(project=project)
    client.get("/api/v1/projects/")
    # The rate limit's counter (1), the filter form's choices (departments, categories, cycles: 3),
    # the page of projects with their department and answer counts (1).
    with django_assert_num_queries(5):
        response = client.get("/api/v1/projects/?limit=100")
    assert len(response.json()["items"]) == size
