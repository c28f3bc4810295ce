"""The coordination team's pages on one recommendation: record and publish an assessment
directly, and read the audit history of every change."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from cairn.accounts.tests.helpers import make_user
from cairn.recommendations.factories import RecommendationFactory
from cairn.recommendations.models import Assessment, Recommendation
from cairn.recommendations.services import recommendations as services
from cairn.recommendations.tests.campaign_fixtures import proposal_data, registry_snapshot

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_post(**overrides) -> dict[str, str]:
    data = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in proposal_data(**overrides).items()}
    return {k: "" if v is None else str(v) for k, v in data.items()}


def test_a_coordinator_records_and_publishes_an_assessment_then_sees_it_in_the_history() -> None:
    coordinator = make_user("coordination")
    recommendation = RecommendationFactory()
    client = signed_in(coordinator)

    response = client.post(
        f"/fr/gestion/recommandations/{recommendation.pk}/evaluer/", form_post(status="done", public_comment="Livré."), follow=True
    )

    assert response.redirect_chain == [(f"/fr/gestion/recommandations/{recommendation.pk}/historique/", 302)]
    assert [str(m) for m in response.context["messages"]] == [f"{recommendation.reference} : l’évaluation « Réalisée » est publiée."]
    assessment = Assessment.objects.get()
    assert (assessment.status, assessment.published_by, assessment.campaign) == ("done", coordinator, None)
    assert Recommendation.objects.with_status().get().status == "done"  # type: ignore[attr-defined]
    text = re.sub(r"\s+", " ", response.text)
    assert "<h2>Évaluation publiée</h2>" in text
    assert '<th scope="row">état d’avancement</th><td>—</td><td>Réalisée</td>' in text


def test_a_rejection_without_public_comment_is_refused_with_a_clear_error() -> None:
    recommendation = RecommendationFactory()
    before = registry_snapshot()

    response = signed_in(make_user("coordination")).post(
        f"/fr/gestion/recommandations/{recommendation.pk}/evaluer/", form_post(status="rejected", public_comment="")
    )

    assert response.status_code == 400
    assert "Une recommandation rejetée ou reportée doit être expliquée publiquement : écrivez un commentaire public." in response.text
    assert registry_snapshot() == before


def test_the_history_shows_before_and_after_of_a_text_change() -> None:
    coordinator = make_user("coordination")
    recommendation = RecommendationFactory(title="Ancien titre")
    services.recommendation_update(actor=coordinator, recommendation=recommendation, title="Nouveau titre")

    response = signed_in(coordinator).get(f"/fr/gestion/recommandations/{recommendation.pk}/historique/")

    text = re.sub(r"\s+", " ", response.text)
    assert "<h2>Modification</h2>" in text
    assert '<th scope="row">titre</th><td>Ancien titre</td><td>Nouveau titre</td>' in text
    assert coordinator.profile.display_name in text


def test_an_empty_history_says_so() -> None:
    response = signed_in(make_user("coordination")).get(f"/fr/gestion/recommandations/{RecommendationFactory().pk}/historique/")

    assert "Aucune modification enregistrée" in response.text


@pytest.mark.parametrize("role", ["member", "facilitator", "department_lead"])
def test_only_the_coordination_team_assesses_directly_or_reads_the_history(role: str) -> None:
    recommendation = RecommendationFactory()
    client = signed_in(make_user(role))
    before = registry_snapshot()

    assert client.get(f"/fr/gestion/recommandations/{recommendation.pk}/evaluer/").status_code == 403
    assert client.post(f"/fr/gestion/recommandations/{recommendation.pk}/evaluer/", form_post()).status_code == 403
    assert client.get(f"/fr/gestion/recommandations/{recommendation.pk}/historique/").status_code == 403
    assert registry_snapshot() == before


def test_a_missing_recommendation_answers_404() -> None:
    client = signed_in(make_user("coordination"))

    assert client.get("/fr/gestion/recommandations/999999/evaluer/").status_code == 404
    assert client.get("/fr/gestion/recommandations/999999/historique/").status_code == 404


RULES = """
permission                         | member | facilitator | coordination | department_lead | admin
recommendations.manage_campaigns   | no     | no          | yes          | no              | yes
recommendations.publish_assessment | no     | no          | yes          | no              | yes
recommendations.propose_assessment | no     | yes         | yes          | yes             | yes
recommendations.view_audit         | no     | no          | yes          | no              | yes
recommendations.view_internal      | no     | no          | yes          | no              | yes
"""


def test_who_may_assess_review_publish_and_read_the_audit() -> None:
    """The page-level rules of the campaign workflow, role by role (the object-level scope of
    proposals is tested in ``test_campaign_services``)."""
    import rules

    header, *rows = [[cell.strip() for cell in line.split("|")] for line in RULES.strip().splitlines()]
    users = {role: make_user(role) for role in header[1:]}

    actual = {(row[0], role): "yes" if rules.has_perm(row[0], users[role]) else "no" for row in rows for role in header[1:]}

    assert actual == {(row[0], role): cell for row in rows for role, cell in zip(header[1:], row[1:], strict=True)}
