"""``HEAD`` on every address of the API that answers ``GET`` (RFC 9110): the same status
and headers — the validators, the caching, the length — without the body, answered by
the same operation (its filters, its permissions); out of the schema."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.core.api.routers import build_api
from cairn.recommendations.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

COMPARED = ("Content-Type", "ETag", "Last-Modified", "Cache-Control", "Vary", "Access-Control-Allow-Origin", "Content-Language")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/registry/recommendations/",
        "/api/v1/registry/cycles/?limit=2",
        "/api/v1/state-of-play/figures",
        "/api/v1/events/",
        "/api/v1/registry/recommendations/{reference}",
    ],
)
def test_head_answers_what_get_answers_without_the_body(client: Client, path: str) -> None:
    recommendation = RecommendationFactory()
    path = path.format(reference=recommendation.reference)
    read = client.get(path)
    head = client.head(path)

    assert read.status_code == head.status_code == 200
    assert head.content == b""
    assert int(head["Content-Length"]) == len(read.content) > 0
    for name in COMPARED:
        assert head.get(name) == read.get(name), name


def test_head_is_conditional_and_refuses_like_get(client: Client) -> None:
    hidden = RecommendationFactory(is_internal=True)
    listed = client.get("/api/v1/registry/recommendations/")

    unchanged = client.head("/api/v1/registry/recommendations/", HTTP_IF_NONE_MATCH=listed["ETag"])
    assert unchanged.status_code == 304 and unchanged.content == b""

    missing = client.head(f"/api/v1/registry/recommendations/{hidden.reference}")  # internal: as if it did not exist
    assert missing.status_code == 404 and missing.content == b""
    assert missing["Content-Type"] == "application/problem+json"

    bad = client.head("/api/v1/registry/recommendations/?unknown=1")
    assert bad.status_code == 400 and bad.content == b""


def test_head_is_not_offered_where_get_is_not_and_stays_out_of_the_schema(client: Client) -> None:
    refused = client.head("/api/v1/registry/campaigns/1/proposals/1")
    assert refused.status_code == 405
    assert "HEAD" not in refused["Allow"] and "POST" in refused["Allow"]

    schema = client.get("/api/v1/openapi.json").json()
    assert not [path for path, operations in schema["paths"].items() if "head" in operations]
    # Every address that reads has its HEAD.
    reading = 0
    for _prefix, router in build_api()._routers:
        for path, view in router.path_operations.items():
            methods = {method for operation in view.operations for method in operation.methods}
            assert ("GET" in methods) == ("HEAD" in methods), path
            reading += "GET" in methods
    assert reading >= 20
