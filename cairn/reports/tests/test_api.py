"""The state of play's API: the figures are the CLI's and the page's (one function, the
same numbers and keys), and the editions and their comparison as their pages show them."""

from __future__ import annotations

import datetime
import io
import json
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from cairn.recommendations.factories import AssessmentFactory, CycleFactory, RecommendationFactory, ThemeFactory
from cairn.recommendations.models import CycleCountry, Status
from cairn.recommendations.selectors.registry import RegistryFilters
from cairn.reports.factories import EditionFactory
from cairn.reports.figures import figures_for

pytestmark = pytest.mark.django_db

PUBLISHED = datetime.datetime(2024, 1, 2, tzinfo=datetime.UTC)


@pytest.fixture
def registry() -> None:
    fr_theme = ThemeFactory(cycle=CycleFactory(country=CycleCountry.FR, starts_on=datetime.date(2019, 6, 1)))
    be_theme = ThemeFactory(cycle=CycleFactory(country=CycleCountry.BE, starts_on=datetime.date(2021, 6, 1)))
    for index, status in enumerate([Status.DONE, Status.IN_PROGRESS, Status.REJECTED, Status.DONE]):
        rec = RecommendationFactory(theme=fr_theme if index % 2 else be_theme)
        AssessmentFactory(
            recommendation=rec,
            status=status,
            public_comment="Pourquoi.",
            published_at=PUBLISHED,
            effective_date=datetime.date(2022 + index % 2, 3, 1),
        )
    RecommendationFactory(theme=be_theme)
    RecommendationFactory(theme=be_theme, is_internal=True)


def cli(*args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("report_figures", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize(
    ("query", "cli_args", "filters"),
    [
        ("", [], RegistryFilters()),
        ("country=FR", ["--country", "FR"], RegistryFilters(country="FR")),
        ("as_of=2022-12-31", ["--as-of", "2022-12-31"], RegistryFilters(as_of=datetime.date(2022, 12, 31))),
        (
            "country=BE&as_of=2023-06-30",
            ["--country", "BE", "--as-of", "2023-06-30"],
            RegistryFilters(country="BE", as_of=datetime.date(2023, 6, 30)),
        ),
    ],
)
def test_the_apis_figures_are_the_clis_and_the_pages(
    client: Client, registry: None, query: str, cli_args: list[str], filters: RegistryFilters
) -> None:
    api = client.get(f"/api/v1/state-of-play/figures?{query}", HTTP_ACCEPT_LANGUAGE="fr").json()
    url = api.pop("url")
    assert url.startswith("http://testserver/fr/etat-des-lieux/")
    assert api == cli(*cli_args)
    with translation.override("fr"):
        assert api == figures_for(viewer=AnonymousUser(), filters=filters).as_dict()  # what the page shows
    # The state of play's own figures file, for the same query string.
    page = client.get(f"/fr/etat-des-lieux/donnees-ouvertes/chiffres.json?{query}")
    assert page.status_code == 200 and api == json.loads(page.content)
    assert api["total"] == (5 if not query else api["total"])


def test_a_staff_token_counts_the_internal_recommendations_too(client: Client, registry: None) -> None:
    from cairn.accounts.factories import ApiTokenFactory

    public = client.get("/api/v1/state-of-play/figures").json()
    token = ApiTokenFactory(scopes=["read_internal"])
    internal = client.get("/api/v1/state-of-play/figures", HTTP_AUTHORIZATION=f"Bearer {token.secret}").json()
    assert (public["total"], internal["total"]) == (5, 6)


@pytest.mark.parametrize("query", ["as_of=2999-01-01", "as_of=demain", "status=peut-etre", "page=2"])
def test_bad_figures_filters_are_refused(client: Client, query: str) -> None:
    response = client.get(f"/api/v1/state-of-play/figures?{query}")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"


def test_editions_and_their_comparison(client: Client) -> None:
    from django.utils import timezone

    first = EditionFactory(slug="2023", title="2023", published_at=timezone.now(), figures={"fr": {"as_of": "2023-01-01", "by_status": {}}})
    second = EditionFactory(
        slug="2024", title="2024", published_at=timezone.now(), figures={"fr": {"as_of": "2024-01-01", "by_status": {}}}
    )
    draft = EditionFactory(slug="brouillon", title="Brouillon")
    slugs = {e["slug"] for e in client.get("/api/v1/state-of-play/editions/").json()["items"]}
    assert slugs == {"2023", "2024"}
    assert client.get(f"/api/v1/state-of-play/editions/{draft.slug}").status_code == 404
    assert client.get(f"/api/v1/state-of-play/editions/{first.slug}").json()["figures"]["as_of"] == "2023-01-01"
    comparison = client.get(f"/api/v1/state-of-play/editions/{first.slug}/compare/{second.slug}")
    assert comparison.status_code == 200
    assert comparison.json()["moves"] == []
    assert client.get(f"/api/v1/state-of-play/editions/{first.slug}/compare/{draft.slug}").status_code == 404


@pytest.mark.parametrize("size", [2, 6])
def test_the_editions_list_runs_the_same_queries_at_any_size(client: Client, django_assert_num_queries: Any, size: int) -> None:
    from django.utils import timezone

    for n in range(size):
        EditionFactory(slug=f"edition-{n}", title=f"Édition {n}", published_at=timezone.now())
    with django_assert_num_queries(3):  # the rate limit's counter (1), the editions' stamp (1), the page (1)
        assert len(client.get("/api/v1/state-of-play/editions/?limit=100").json()["items"]) == size
