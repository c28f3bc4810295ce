"""The issue's "Bad input", in one place: unknown filters, a malformed cursor, an ``as_of``
in the future or not a date, a page size of a million, an expired or revoked token, a
write without its scope, a forged reference, a body that is not JSON. Each answers a 4xx
problem detail (never a 500) and stores nothing. The list endpoints are read from the
schema, so a new one is covered as it lands."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from cairn.accounts.factories import ApiTokenFactory, UserFactory
from cairn.accounts.models import ApiToken
from cairn.core.models import AuditEntry
from cairn.recommendations.factories import CampaignAssignmentFactory, RecommendationFactory
from cairn.recommendations.models import Assessment, RegistryImport

pytestmark = pytest.mark.django_db

V1 = "/api/v1"


def _list_endpoints() -> list[str]:
    from cairn.core.api import build_api

    paths = build_api().get_openapi_schema()["paths"]
    return [path for path, operations in paths.items() if "get" in operations and path.endswith("/") and "{" not in path]


LISTS = _list_endpoints()


def _stored() -> tuple[int, ...]:
    return Assessment.objects.count(), RegistryImport.objects.count(), AuditEntry.objects.count(), ApiToken.objects.count()


def assert_refused(response: Any, status: int = 400, parameter: str | None = None) -> None:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status and problem["title"] and problem["detail"]
    if parameter is not None:
        assert parameter in problem["errors"]


def test_every_list_endpoint_is_covered() -> None:
    assert len(LISTS) >= 12 and f"{V1}/registry/recommendations/" in LISTS


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    ("query", "parameter"),
    [("colour=blue", "colour"), ("cursor=forged", "cursor"), ("limit=1000000", "limit"), ("limit=abc", "limit")],
    ids=["unknown-filter", "malformed-cursor", "a-million", "not-a-number"],
)
def test_a_list_refuses_bad_paging_and_unknown_filters(client: Client, path: str, query: str, parameter: str) -> None:
    RecommendationFactory()
    assert_refused(client.get(f"{path}?{query}"), parameter=parameter)


def test_a_cursor_signed_for_something_else_is_refused(client: Client) -> None:
    from django.core import signing

    foreign = signing.dumps(3, salt="another.purpose")
    assert_refused(client.get(f"{V1}/registry/recommendations/?cursor={foreign}"), parameter="cursor")


@pytest.mark.parametrize("path", [f"{V1}/registry/recommendations/", f"{V1}/state-of-play/figures"])
@pytest.mark.parametrize("as_of", ["2999-01-01", "tomorrow", "2024-02-30", "0000-01-01"])
def test_an_as_of_in_the_future_or_not_a_date_is_refused(client: Client, path: str, as_of: str) -> None:
    assert_refused(client.get(f"{path}?as_of={as_of}"), parameter="as_of")


@pytest.mark.parametrize(
    "make",
    [
        lambda: ApiTokenFactory(scopes=["read_internal"], revoked_at=timezone.now()),
        lambda: ApiTokenFactory(scopes=["read_internal"], expires_at=timezone.now() - datetime.timedelta(seconds=1)),
    ],
    ids=["revoked", "expired"],
)
def test_a_token_that_no_longer_holds_opens_nothing(client: Client, make: Any) -> None:
    token = make()
    assignment = CampaignAssignmentFactory(assignee=token.user)
    headers = {"Authorization": f"Bearer {token.secret}"}
    assert_refused(client.get(f"{V1}/registry/cycles/", headers=headers), 401)
    url = f"{V1}/registry/campaigns/{assignment.campaign_id}/proposals/{assignment.recommendation_id}"
    before = _stored()
    response = client.post(url, {"status": "done", "effective_date": "2024-01-01"}, content_type="application/json", headers=headers)
    assert_refused(response, 401)
    assert _stored() == before


@pytest.fixture
def proposer(client: Client) -> tuple[Any, dict[str, str]]:
    assignment = CampaignAssignmentFactory(assignee=UserFactory(roles=["department_lead"]))
    token = ApiTokenFactory(user=assignment.assignee, scopes=["submit_assessment"])
    return assignment, {"Authorization": f"Bearer {token.secret}"}


def _propose(client: Client, campaign: object, recommendation: object, body: Any, headers: dict[str, str]) -> Any:
    url = f"{V1}/registry/campaigns/{campaign}/proposals/{recommendation}"
    return client.post(url, body, content_type="application/json", headers=headers)


@pytest.mark.parametrize(
    ("changes", "status", "parameter"),
    [
        ({"interviewee_department": 987654}, 400, "interviewee_department"),  # a department that does not exist
        ({"interviewee_department": "nope"}, 400, "interviewee_department"),
        ({"status": "'; DROP TABLE x; --"}, 400, "status"),
        ({"effective_date": "2024-13-01"}, 400, "effective_date"),
    ],
    ids=["forged-department", "department-not-an-id", "forged-status", "not-a-date"],
)
def test_a_forged_reference_in_a_body_is_refused_and_stores_nothing(
    client: Client, proposer: tuple[Any, dict[str, str]], changes: dict[str, Any], status: int, parameter: str
) -> None:
    assignment, headers = proposer
    body = {"status": "in_progress", "effective_date": "2024-03-01", "public_comment": "Lancé.", **changes}
    before = _stored()
    assert_refused(_propose(client, assignment.campaign_id, assignment.recommendation_id, body, headers), status, parameter)
    assert _stored() == before


@pytest.mark.parametrize(
    ("campaign", "recommendation"),
    [("{campaign}", 987654), (987654, "{recommendation}"), ("{campaign}", "{other}"), (2**70, 1)],
    ids=["forged-recommendation", "forged-campaign", "not-assigned", "past-64-bits"],
)
def test_a_forged_reference_in_a_writes_path_stores_nothing(
    client: Client, proposer: tuple[Any, dict[str, str]], campaign: Any, recommendation: Any
) -> None:
    assignment, headers = proposer
    values = {"campaign": assignment.campaign_id, "recommendation": assignment.recommendation_id, "other": RecommendationFactory().pk}
    campaign, recommendation = (str(value).format(**values) for value in (campaign, recommendation))
    body = {"status": "in_progress", "effective_date": "2024-03-01", "public_comment": "Lancé."}
    before = _stored()
    response = _propose(client, campaign, recommendation, body, headers)
    assert_refused(response, 400 if int(campaign) > 2**63 else 404)
    assert _stored() == before


@pytest.mark.parametrize("body", ["status=done{", "", "[1, 2]", '"done"', "\x00"], ids=["broken", "empty", "a-list", "a-string", "nul"])
def test_a_body_that_is_not_a_json_object_is_refused(client: Client, proposer: tuple[Any, dict[str, str]], body: str) -> None:
    assignment, headers = proposer
    before = _stored()
    assert_refused(_propose(client, assignment.campaign_id, assignment.recommendation_id, body, headers))
    assert _stored() == before


def test_a_write_without_its_scope_stores_nothing(client: Client, proposer: tuple[Any, dict[str, str]]) -> None:
    assignment, _headers = proposer
    other_scopes = ApiTokenFactory(user=assignment.assignee, scopes=["read_internal", "queue_import"])
    headers = {"Authorization": f"Bearer {other_scopes.secret}"}
    body = {"status": "in_progress", "effective_date": "2024-03-01", "public_comment": "Lancé."}
    before = _stored()
    assert_refused(_propose(client, assignment.campaign_id, assignment.recommendation_id, body, headers), 403)
    assert _stored() == before


@pytest.mark.parametrize(
    "form",
    [{"cycle": "987654"}, {"category": "987654"}, {"cycle": "nope"}],
    ids=["forged-cycle", "forged-category", "cycle-not-an-id"],
)
def test_an_import_naming_a_forged_cycle_or_category_stores_nothing(client: Client, form: dict[str, str]) -> None:
    token = ApiTokenFactory(scopes=["queue_import"])
    content = b"cycle;pays;theme;numero;titre\n2021-2022;FR;Finances solidaires;1;Un fonds\n"
    before = _stored()
    response = client.post(
        f"{V1}/registry/imports",
        {"file": SimpleUploadedFile("registre.csv", content), **form},
        headers={"Authorization": f"Bearer {token.secret}"},
    )
    assert_refused(response)
    assert _stored() == before
