"""The API's documentation page in a browser: the endpoint list and the interactive
explorer (Swagger UI from Cairn's own static files) load, call the API, and pass axe-core;
the page fits a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from cairn.recommendations.factories import RecommendationFactory
from tests.browser.helpers import audit

pytestmark = pytest.mark.browser


def test_the_documentation_page_lists_the_endpoints_and_explores_the_api(page: Page) -> None:
    RecommendationFactory(title="Mutualiser les outils")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/fr/api/")
    expect(page.get_by_role("heading", level=1)).to_have_text("API de Cairn")
    expect(page.get_by_role("table").first).to_contain_text("/api/v1/registry/recommendations/")
    # The explorer loads the schema and shows every group of endpoints.
    expect(page.locator("#swagger-ui .opblock-tag").first).to_be_visible(timeout=15_000)
    assert any(url.endswith("/api/v1/openapi.json") for url in requests)
    assert all(url.startswith(page.url.split("/fr/")[0]) for url in requests), "no request leaves Cairn (no CDN)"
    audit(page)
