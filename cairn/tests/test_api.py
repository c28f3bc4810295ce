"""What every API endpoint shares (``cairn.core.api``): the schema, conditional answers
from the stamps, caching and CORS headers, rate limits, problem details in the caller's
language, and personal access tokens that are refused once revoked or expired."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from cairn.accounts.factories import ApiTokenFactory
from cairn.accounts.models import Role
from cairn.recommendations.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/registry/recommendations/"


def test_the_schema_is_openapi_3_1_and_names_every_apps_endpoints(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"] == "3.1.0"
    assert schema["info"]["version"] == "1"
    paths = set(schema["paths"])
    for path in (
        "/api/v1/registry/cycles/",
        "/api/v1/registry/categories/",
        "/api/v1/registry/themes/",
        "/api/v1/registry/groups/",
        "/api/v1/registry/recommendations/",
        "/api/v1/registry/recommendations/{reference}",
        "/api/v1/state-of-play/figures",
        "/api/v1/state-of-play/editions/",
        "/api/v1/state-of-play/editions/{first}/compare/{second}",
        "/api/v1/projects/",
        "/api/v1/stories/",
        "/api/v1/events/",
        "/api/v1/hackathons/",
        "/api/v1/hackathons/{slug}/questions/{question_id}",
        "/api/v1/experiments/calls/",
        "/api/v1/experiments/groups/{group_id}",
    ):
        assert path in paths
    # Every operation has a summary and its parameters a description: the documentation page shows them.
    for operations in schema["paths"].values():
        for operation in operations.values():
            assert operation["summary"]
            assert all(p.get("description") for p in operation.get("parameters", []) if p["in"] == "query")


def test_the_documentation_page_lists_the_endpoints_from_cairns_own_files(client: Client) -> None:
    response = client.get("/fr/api/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/registry/recommendations/" in html and "/api/v1/openapi.json" in html
    assert "/static/ninja/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert 'href="/fr/api/"' in client.get("/fr/etat-des-lieux/donnees-ouvertes/").content.decode()


def test_public_answers_may_be_cached_and_read_from_any_site(client: Client) -> None:
    RecommendationFactory()
    response = client.get(LIST)
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "Accept-Language" in response["Vary"] and "Authorization" in response["Vary"]


def test_an_unchanged_list_answers_304_and_a_change_gives_a_new_etag(client: Client) -> None:
    RecommendationFactory()
    first = client.get(LIST)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    again = client.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert client.get(LIST, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    RecommendationFactory()  # the registry's stamp changes
    changed = client.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag and len(changed.json()["items"]) == 2


def test_an_answer_made_under_its_stamps_is_sent_again_without_being_made_again(client: Client, django_assert_num_queries: Any) -> None:
    RecommendationFactory()
    first = client.get(LIST, HTTP_ACCEPT_LANGUAGE="nl")
    with django_assert_num_queries(1):  # the rate limit's counter only: no stamp, no list, no facets
        again = client.get(LIST, HTTP_ACCEPT_LANGUAGE="nl")
    assert again.status_code == 200 and again.content == first.content
    assert (again["ETag"], again["Last-Modified"], again["Content-Language"]) == (first["ETag"], first["Last-Modified"], "nl")
    assert again["Cache-Control"] == "public, max-age=60" and again["Content-Type"] == first["Content-Type"]
    # Another language, host or caller is another answer; a change of the data, a new one.
    assert client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")["ETag"] != first["ETag"]
    assert client.get(LIST, HTTP_ACCEPT_LANGUAGE="nl", HTTP_HOST="localhost")["ETag"] != first["ETag"]
    token = ApiTokenFactory(scopes=["read_internal"])
    assert client.get(LIST, HTTP_ACCEPT_LANGUAGE="nl", HTTP_AUTHORIZATION=f"Bearer {token.secret}")["ETag"] != first["ETag"]
    RecommendationFactory()
    assert len(client.get(LIST, HTTP_ACCEPT_LANGUAGE="nl").json()["items"]) == 2


@override_settings(CAIRN_API_RATE_PER_IP=3, CAIRN_API_RATE_PER_TOKEN=5)
def test_rate_limits_per_address_and_per_token_answer_429_with_retry_after(client: Client) -> None:
    for _ in range(3):
        assert client.get(LIST).status_code == 200
    refused = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["title"] == "Too many requests"
    # Another address has its own count; a token has its own, larger one.
    assert client.get(LIST, REMOTE_ADDR="192.0.2.7").status_code == 200
    token = ApiTokenFactory()
    statuses = [client.get(LIST, HTTP_AUTHORIZATION=f"Bearer {token.secret}").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


@pytest.mark.parametrize(
    ("language", "title", "detail"),
    [
        ("fr", "Introuvable", "Rien n’existe à cette adresse, ou vous ne pouvez pas le voir."),
        ("nl", "Niet gevonden", "Er bestaat niets op dit adres, of u mag het niet zien."),
        ("en", "Not found", "Nothing exists at this address, or you may not see it."),
    ],
)
def test_problem_details_speak_the_callers_language(client: Client, language: str, title: str, detail: str) -> None:
    response = client.get("/api/v1/registry/recommendations/2099-00/X/1", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response["Content-Language"] == language
    assert response.json() == {
        "type": "https://cairn.coop/problems/not-found",
        "title": title,
        "status": 404,
        "detail": detail,
        "instance": "/api/v1/registry/recommendations/2099-00/X/1",
    }


@pytest.mark.parametrize(
    ("language", "message"),
    [("fr", "Ce paramètre n’existe pas."), ("nl", "Deze parameter bestaat niet."), ("en", "This parameter does not exist.")],
)
def test_an_unknown_filter_is_named_in_the_callers_language(client: Client, language: str, message: str) -> None:
    response = client.get(f"{LIST}?colour=blue", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400 and response.json()["errors"] == {"colour": [message]}


# --- Tokens -----------------------------------------------------------------------------------


def test_a_token_is_stored_as_a_digest_only() -> None:
    token = ApiTokenFactory()
    assert token.secret not in {token.digest, token.prefix} and len(token.digest) == 64


@pytest.mark.parametrize(
    "make",
    [
        lambda: ApiTokenFactory(revoked_at=timezone.now()),
        lambda: ApiTokenFactory(expires_at=timezone.now() - datetime.timedelta(minutes=1)),
        lambda: _without_staff_role(ApiTokenFactory()),
    ],
    ids=["revoked", "expired", "owner-left-the-staff"],
)
def test_a_token_that_no_longer_holds_is_refused_not_read_as_a_visitor(client: Client, make: Any) -> None:
    token = make()
    response = client.get(LIST, HTTP_AUTHORIZATION=f"Bearer {token.secret}")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert "invalid_token" in response["WWW-Authenticate"]


def test_a_forged_token_or_a_wrong_scheme_is_refused(client: Client) -> None:
    for header in ("Bearer cairn_not-a-token", "Basic dXNlcjpwYXNz", "Bearer "):
        assert client.get(LIST, HTTP_AUTHORIZATION=header).status_code == 401


def _without_staff_role(token: Any) -> Any:
    token.user.groups.remove(*token.user.groups.filter(name=Role.COORDINATION))
    return token


def test_the_apis_root_leads_to_its_documentation_in_the_callers_language(client: Client) -> None:
    response = client.get("/api/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 302 and response["Location"] == "/nl/api/"


# The last one found by schemathesis: a newline in a reference fell through to the site's HTML 404.
@pytest.mark.parametrize("path", ["/api/v1/nothing-here", "/api/v2/registry/cycles/", "/api/v1/registry/recommendations/%C3%B6%0Ab"])
def test_any_other_address_under_api_is_a_problem_detail(client: Client, path: str) -> None:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Niet gevonden"


def test_an_id_past_64_bits_in_a_path_is_a_400_not_a_server_error(client: Client) -> None:
    # Found by schemathesis: the database's integer would overflow.
    response = client.get("/api/v1/registry/themes/10150191818916355303049454753197064192")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"


# --- Refusals in the schema ---------------------------------------------------------------------


def test_every_operation_documents_its_refusals_as_problem_details(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert set(schema["components"]["schemas"]["Problem"]["required"]) == {"type", "title", "status", "detail", "instance"}
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            expected = {"400", "401", "429"}
            if "{" in path:
                expected.add("404")
            if method != "get":
                expected.add("403")
            refusals = {status for status in responses if int(status) >= 400}
            assert expected <= refusals, f"{method} {path}"
            assert all(responses[status]["content"] == problem for status in refusals), f"{method} {path}"
    # An endpoint adds the refusals of its own.
    confirm = schema["paths"]["/api/v1/registry/imports/{import_id}/confirm"]["post"]["responses"]
    assert confirm["409"]["content"] == problem


# --- CORS ---------------------------------------------------------------------------------------

PUBLIC_READS = [
    LIST,
    "/api/v1/registry/themes/",
    "/api/v1/registry/recommendations/2024-25/X/1",
    "/api/v1/state-of-play/figures",
    "/api/v1/events/",
    "/api/v1/hackathons/a-slug/questions/3",
]


@pytest.mark.parametrize("path", PUBLIC_READS)
def test_a_browsers_preflight_for_a_read_is_allowed_from_any_site(client: Client, path: str) -> None:
    response = client.options(path, HTTP_ORIGIN="https://bi.example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    assert "Authorization" not in response["Access-Control-Allow-Headers"]
    assert int(response["Access-Control-Max-Age"]) > 0
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.parametrize(
    ("path", "method"),
    [(LIST, "POST"), (LIST, "DELETE"), ("/api/v1/registry/imports", "POST"), ("/api/v1/registry/imports", "GET")],
)
def test_no_other_site_may_write(client: Client, path: str, method: str) -> None:
    response = client.options(
        path, HTTP_ORIGIN="https://elsewhere.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD=method, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 403
    assert not [header for header in response.headers if header.startswith("Access-Control-Allow")]
    assert response.json()["title"] == "Cross-site request refused"


def test_a_plain_options_request_learns_the_methods(client: Client) -> None:
    assert client.options(LIST)["Allow"] == "GET, HEAD, OPTIONS"
    assert client.options("/api/v1/registry/imports")["Allow"] == "OPTIONS, POST"
