"""The registry's API endpoints: the pages' rules (internal items never appear to others,
hidden ones answer 404), the registry's filters, cursor pages, query counts, and the
assessment proposal written through a token with its scope."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from cairn.accounts.factories import ApiTokenFactory, UserFactory
from cairn.core.models import AuditEntry
from cairn.recommendations.factories import (
    AssessmentFactory,
    CampaignAssignmentFactory,
    CycleFactory,
    RecommendationFactory,
    ThemeFactory,
    WorkingGroupFactory,
)
from cairn.recommendations.models import Assessment, Status

pytestmark = pytest.mark.django_db

API = "/api/v1/registry"


def bearer(token: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token.secret}"}


@pytest.fixture
def registry() -> dict[str, Any]:
    """A public recommendation with a published assessment and an unpublished one, one
    internal recommendation, one in an internal theme, and one in an internal cycle."""
    public = RecommendationFactory(title="Mutualiser les outils")
    AssessmentFactory(
        recommendation=public,
        status=Status.DONE,
        public_comment="Fait en 2023.",
        interviewee="Jeanne Secret",
        notes="notes internes",
        published_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
        effective_date=datetime.date(2023, 12, 1),
    )
    AssessmentFactory(recommendation=public, status=Status.NOT_DONE, effective_date=datetime.date(2024, 2, 1))  # a proposal
    internal = RecommendationFactory(is_internal=True, title="Recommandation interne")
    in_internal_theme = RecommendationFactory(theme=ThemeFactory(is_internal=True))
    in_internal_cycle = RecommendationFactory(theme=ThemeFactory(cycle=CycleFactory(is_internal=True)))
    return {"public": public, "internal": internal, "hidden": [internal, in_internal_theme, in_internal_cycle]}


def references(response: Any) -> set[str]:
    return {item["reference"] for item in response.json()["items"]}


def test_a_visitor_sees_only_public_recommendations(client: Client, registry: dict[str, Any]) -> None:
    response = client.get(f"{API}/recommendations/")
    assert response.status_code == 200
    assert references(response) == {registry["public"].reference}
    assert response.json()["total"] == 1


def test_hidden_recommendations_answer_404_to_a_visitor_and_to_a_token_without_the_read_scope(
    client: Client, registry: dict[str, Any]
) -> None:
    token = ApiTokenFactory(scopes=[])
    for rec in registry["hidden"]:
        assert client.get(f"{API}/recommendations/{rec.reference}").status_code == 404
        assert client.get(f"{API}/recommendations/{rec.reference}", **bearer(token)).status_code == 404
    assert references(client.get(f"{API}/recommendations/", **bearer(token))) == {registry["public"].reference}


def test_a_staff_token_with_the_read_scope_sees_internal_items(client: Client, registry: dict[str, Any]) -> None:
    token = ApiTokenFactory(scopes=["read_internal"])
    response = client.get(f"{API}/recommendations/", **bearer(token))
    assert references(response) == {registry["public"].reference, *(r.reference for r in registry["hidden"])}
    assert response["Cache-Control"] == "private, no-store"
    assert "Access-Control-Allow-Origin" not in response
    assert client.get(f"{API}/recommendations/{registry['internal'].reference}", **bearer(token)).status_code == 200


def test_the_detail_shows_the_public_evidence_and_never_the_internal_notes(client: Client, registry: dict[str, Any]) -> None:
    rec = registry["public"]
    data = client.get(f"{API}/recommendations/{rec.reference}", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert data["status"] == "done"
    assert data["status_date"] == "2023-12-01"
    assert data["url"] == f"http://testserver/fr/recommandations/{rec.reference}/"
    assert data["history"] == [
        {
            "status": "done",
            "effective_date": "2023-12-01",
            "public_comment": "Fait en 2023.",
            "interviewee_role": "",
            "department": None,
            "interview_date": None,
            "source": "",
            "published": True,
        }
    ]
    assert "Jeanne Secret" not in str(data) and "notes internes" not in str(data)


def test_cycles_themes_and_groups_follow_the_same_rules(client: Client, registry: dict[str, Any]) -> None:
    internal_cycle = CycleFactory(is_internal=True, slug="cycle-interne")
    hidden_group = WorkingGroupFactory(theme=ThemeFactory(is_internal=True))
    assert "cycle-interne" not in {c["slug"] for c in client.get(f"{API}/cycles/").json()["items"]}
    assert client.get(f"{API}/cycles/{internal_cycle.slug}").status_code == 404
    assert client.get(f"{API}/groups/{hidden_group.pk}").status_code == 404
    assert client.get(f"{API}/themes/{hidden_group.theme_id}").status_code == 404
    assert hidden_group.pk not in {g["id"] for g in client.get(f"{API}/groups/").json()["items"]}
    token = ApiTokenFactory(scopes=["read_internal"])
    assert client.get(f"{API}/groups/{hidden_group.pk}", **bearer(token)).status_code == 200


def test_the_registrys_filters_and_search_apply(client: Client) -> None:
    done = RecommendationFactory(title="Covoiturage entre bureaux")
    AssessmentFactory(
        recommendation=done,
        status=Status.DONE,
        published_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
        effective_date=datetime.date(2024, 1, 1),
    )
    RecommendationFactory(title="Autre chose")
    assert references(client.get(f"{API}/recommendations/?status=done")) == {done.reference}
    assert references(client.get(f"{API}/recommendations/?q=covoiturage")) == {done.reference}
    # As of a date before the assessment, it was not assessed yet.
    as_of = client.get(f"{API}/recommendations/?as_of=2023-06-01&status=done")
    assert as_of.status_code == 200 and references(as_of) == set()


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("colour=blue", "colour"),
        ("status=perhaps", "status"),
        ("as_of=tomorrow", "as_of"),
        ("as_of=2999-01-01", "as_of"),
        ("cursor=forged", "cursor"),
        ("limit=1000000", "limit"),
        ("limit=0", "limit"),
        ("cycle=99999", "cycle"),
    ],
)
def test_bad_parameters_are_a_problem_detail_naming_them(client: Client, registry: dict[str, Any], query: str, parameter: str) -> None:
    response = client.get(f"{API}/recommendations/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400 and parameter in problem["errors"]


def test_an_internal_cycle_in_a_filter_is_refused_like_an_unknown_one(client: Client, registry: dict[str, Any]) -> None:
    hidden_cycle = registry["hidden"][2].cycle
    response = client.get(f"{API}/recommendations/?cycle={hidden_cycle.pk}")
    assert response.status_code == 400 and "cycle" in response.json()["errors"]


def test_cursor_pages_walk_the_whole_list_once(client: Client) -> None:
    made = {r.reference for r in RecommendationFactory.create_batch(7)}
    seen: list[str] = []
    url: str | None = f"{API}/recommendations/?limit=3"
    pages = 0
    while url:
        data = client.get(url).json()
        seen += [item["reference"] for item in data["items"]]
        url = data["next"]
        pages += 1
    assert pages == 3 and sorted(seen) == sorted(made) and len(seen) == 7


@pytest.mark.parametrize("size", [5, 15])
def test_the_list_runs_the_same_queries_at_any_size(client: Client, django_assert_num_queries: Any, size: int) -> None:
    group = WorkingGroupFactory()
    for _ in range(size):
        RecommendationFactory(groups=[group])
    client.get(f"{API}/recommendations/")  # the facet counts and the stamp, cached like the page's
    # The rate limit's counter (1: one statement without Redis, decision 0039), the page
    # with cycle and theme (1), groups (1).
    with django_assert_num_queries(3):
        response = client.get(f"{API}/recommendations/?limit=100")
    assert len(response.json()["items"]) == size


@pytest.mark.parametrize("size", [3, 9])
def test_cycles_and_themes_lists_run_the_same_queries_at_any_size(client: Client, django_assert_num_queries: Any, size: int) -> None:
    WorkingGroupFactory.create_batch(size)  # each with its theme, cycle and broad theme
    client.get(f"{API}/themes/")
    for url in (f"{API}/themes/", f"{API}/cycles/", f"{API}/groups/", f"{API}/categories/"):
        with django_assert_num_queries(2):  # the rate limit's counter (1), the page (1)
            client.get(url + "?limit=100")


# --- Proposing an assessment through the API ---------------------------------------------------


@pytest.fixture
def assignment() -> Any:
    lead = UserFactory(roles=["department_lead"])
    return CampaignAssignmentFactory(assignee=lead)


def proposal_body(**changes: Any) -> dict[str, Any]:
    return {"status": "in_progress", "effective_date": "2024-03-01", "public_comment": "Lancé.", "source": "entretien", **changes}


def test_a_token_with_the_scope_proposes_an_assessment_through_the_service(client: Client, assignment: Any) -> None:
    token = ApiTokenFactory(user=assignment.assignee, scopes=["submit_assessment"])
    url = f"{API}/campaigns/{assignment.campaign_id}/proposals/{assignment.recommendation_id}"
    response = client.post(url, proposal_body(), content_type="application/json", **bearer(token))
    assert response.status_code == 201, response.content
    proposal = Assessment.objects.get(pk=response.json()["id"])
    assert (proposal.status, proposal.assessed_by, proposal.published_at) == ("in_progress", assignment.assignee, None)
    # Audited on the recommendation, under the token's owner, as the proposal page does.
    assert AuditEntry.objects.filter(
        object_id=str(assignment.recommendation_id), actor=assignment.assignee, action="assessment_proposed"
    ).exists()


@pytest.mark.parametrize(
    ("scopes", "body", "status"),
    [
        ([], proposal_body(), 403),  # no scope
        (["read_internal"], proposal_body(), 403),  # another scope
        (["submit_assessment"], proposal_body(status="rejected", public_comment=""), 400),  # no rationale
        (["submit_assessment"], proposal_body(effective_date="2999-01-01"), 400),  # in the future
        (["submit_assessment"], proposal_body(status="maybe"), 400),
        (["submit_assessment"], {"status": "done"}, 400),  # a required field missing
    ],
)
def test_a_refused_proposal_stores_nothing(client: Client, assignment: Any, scopes: list[str], body: dict[str, Any], status: int) -> None:
    token = ApiTokenFactory(user=assignment.assignee, scopes=scopes)
    url = f"{API}/campaigns/{assignment.campaign_id}/proposals/{assignment.recommendation_id}"
    response = client.post(url, body, content_type="application/json", **bearer(token))
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert not Assessment.objects.exists()


def test_a_body_that_is_not_json_is_refused(client: Client, assignment: Any) -> None:
    token = ApiTokenFactory(user=assignment.assignee, scopes=["submit_assessment"])
    url = f"{API}/campaigns/{assignment.campaign_id}/proposals/{assignment.recommendation_id}"
    response = client.post(url, "status=done{", content_type="application/json", **bearer(token))
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert not Assessment.objects.exists()


def test_a_write_never_rides_on_a_session_and_another_assignment_looks_missing(client: Client) -> None:
    # A facilitator: no TOTP step stands between their session and the API.
    assignment = CampaignAssignmentFactory(assignee=UserFactory(roles=["facilitator"]))
    url = f"{API}/campaigns/{assignment.campaign_id}/proposals/{assignment.recommendation_id}"
    client.force_login(assignment.assignee)
    assert client.post(url, proposal_body(), content_type="application/json").status_code == 401
    client.logout()
    stranger = ApiTokenFactory(user=UserFactory(roles=["department_lead"]), scopes=["submit_assessment"])
    assert client.post(url, proposal_body(), content_type="application/json", **bearer(stranger)).status_code == 404
    assert not Assessment.objects.exists()


# --- Queuing a registry import through the API -------------------------------------------------

IMPORT_CSV = (
    b"cycle;pays;theme;numero;titre;etat;date;commentaire public\n2021-2022;FR;Finances solidaires;1;Un fonds;en cours;2023-05-02;\n"
)


def upload(client: Client, token: Any, content: bytes = IMPORT_CSV, name: str = "registre.csv") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(f"{API}/imports", {"file": SimpleUploadedFile(name, content)}, **bearer(token))


def test_a_token_with_the_scope_previews_then_queues_an_import(client: Client, django_capture_on_commit_callbacks: Any) -> None:
    from cairn.recommendations.models import Recommendation, RegistryImport

    token = ApiTokenFactory(scopes=["queue_import"])
    preview = upload(client, token)
    assert preview.status_code == 201, preview.content
    data = preview.json()
    assert data["ok"] and data["fingerprint"] and data["state"] == "pending" and data["changes"] >= 1
    assert not Recommendation.objects.exists()  # a preview imports nothing
    with django_capture_on_commit_callbacks(execute=True):
        queued = client.post(
            f"{API}/imports/{data['id']}/confirm", {"fingerprint": data["fingerprint"]}, content_type="application/json", **bearer(token)
        )
    assert queued.status_code == 202, queued.content
    assert RegistryImport.objects.get(pk=data["id"]).state == "applied"
    assert Recommendation.objects.filter(title="Un fonds").exists()
    again = client.post(
        f"{API}/imports/{data['id']}/confirm", {"fingerprint": data["fingerprint"]}, content_type="application/json", **bearer(token)
    )
    assert again.status_code == 409


def test_refused_imports_store_nothing(client: Client) -> None:
    from cairn.recommendations.models import Recommendation, RegistryImport

    without_scope = ApiTokenFactory(scopes=["read_internal"])
    assert upload(client, without_scope).status_code == 403
    token = ApiTokenFactory(scopes=["queue_import"])
    assert upload(client, token, b"\x00\x01binary", "registre.exe").status_code == 400
    lead = ApiTokenFactory(user=UserFactory(roles=["department_lead"]), scopes=["queue_import"])
    assert upload(client, lead).status_code == 403  # the role may not import, whatever the token says
    assert not RegistryImport.objects.exists()
    staged = upload(client, token).json()
    other = ApiTokenFactory(scopes=["queue_import"])
    url = f"{API}/imports/{staged['id']}/confirm"
    assert client.post(url, {"fingerprint": staged["fingerprint"]}, content_type="application/json", **bearer(other)).status_code == 404
    assert client.post(url, {"fingerprint": "forged"}, content_type="application/json", **bearer(token)).status_code in (400, 409)
    assert client.post(url, "not json", content_type="application/json", **bearer(token)).status_code == 400
    assert not Recommendation.objects.exists()
