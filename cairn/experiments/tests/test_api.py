"""The experiments' API: draft calls and their groups stay with the staff, topics show only
the recommendations the caller may see, and the lists run the same queries at any size."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cairn.accounts.factories import ApiTokenFactory
from cairn.experiments.factories import CallFactory, GroupFactory, TopicFactory
from cairn.experiments.models import CallState
from cairn.recommendations.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def test_a_draft_call_and_its_groups_never_reach_a_visitor(client: Client) -> None:
    group = GroupFactory()
    draft_group = GroupFactory(topic=TopicFactory(call=CallFactory(state=CallState.DRAFT)))
    assert [c["slug"] for c in client.get("/api/v1/experiments/calls/").json()["items"]] == [group.call.slug]
    assert [g["id"] for g in client.get("/api/v1/experiments/groups/").json()["items"]] == [group.pk]
    assert client.get(f"/api/v1/experiments/calls/{draft_group.call.slug}").status_code == 404
    assert client.get(f"/api/v1/experiments/groups/{draft_group.pk}").status_code == 404
    token = ApiTokenFactory(scopes=["read_internal"])
    assert client.get(f"/api/v1/experiments/groups/{draft_group.pk}", HTTP_AUTHORIZATION=f"Bearer {token.secret}").status_code == 200


def test_a_calls_topics_show_their_visible_recommendations_and_groups(client: Client) -> None:
    topic = TopicFactory()
    public, internal = RecommendationFactory(), RecommendationFactory(is_internal=True)
    topic.recommendations.set([public, internal])
    group = GroupFactory(topic=topic)
    detail = client.get(f"/api/v1/experiments/calls/{topic.call.slug}").json()
    assert detail["topics"] == [
        {
            "id": topic.pk,
            "title": topic.title,
            "description": "",
            "text_languages": {"title": "fr", "description": "fr"},
            "recommendations": [public.reference],
            "groups": [group.pk],
        }
    ]


@pytest.mark.parametrize("size", [3, 9])
def test_the_lists_run_the_same_queries_at_any_size(client: Client, django_assert_num_queries: Any, size: int) -> None:
    GroupFactory.create_batch(size)
    client.get("/api/v1/experiments/groups/")
    with django_assert_num_queries(2):  # the rate limit's counter (1), the page with call and office (1)
        assert len(client.get("/api/v1/experiments/groups/?limit=100").json()["items"]) == size
    with django_assert_num_queries(2):  # the rate limit's counter (1), the page of calls with their counts (1)
        assert len(client.get("/api/v1/experiments/calls/?limit=100").json()["items"]) == size
