"""Correcting a recommendation: the staff page, stale edits, the audit trail, and admin changes."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from cairn.accounts.factories import DepartmentFactory
from cairn.accounts.tests.helpers import make_user
from cairn.core.models import AuditEntry
from cairn.recommendations.factories import CycleFactory, RecommendationFactory
from cairn.recommendations.models import Cycle, Recommendation
from cairn.recommendations.services import recommendations as services

pytestmark = pytest.mark.django_db


def edit_url(recommendation: Recommendation) -> str:
    return f"/fr/gestion/recommandations/{recommendation.pk}/modifier/"


def opened_version(client: Client, recommendation: Recommendation) -> str:
    """The version the edit form carries, as the browser would send it back."""
    html = client.get(edit_url(recommendation)).text
    match = re.search(r'name="version" value="([^"]+)"', html)
    assert match is not None
    return unescape(match.group(1))


def form_data(recommendation: Recommendation, version: str, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": recommendation.title,
        "section": recommendation.section,
        "number": recommendation.number,
        "text": recommendation.text,
        "kind": recommendation.kind,
        "language": recommendation.language,
        "version": version,
    }
    data.update(changes)
    return data


def audit_of(recommendation: Recommendation) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Recommendation), object_id=str(recommendation.pk)
        ).order_by("pk")
    )


def test_the_coordination_team_corrects_a_recommendation_and_the_change_is_audited(client: Client) -> None:
    recommendation = RecommendationFactory(title="Ancien titre", number="4")
    finance = DepartmentFactory(code="fin", name_fr="Finances")
    coordinator = make_user("coordination")
    client.force_login(coordinator)

    response = client.post(
        edit_url(recommendation),
        form_data(
            recommendation, opened_version(client, recommendation), title="Nouveau titre", is_internal="on", departments=[finance.pk]
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == f"/fr/recommandations/{recommendation.reference}/"
    recommendation.refresh_from_db()
    assert (recommendation.title, recommendation.is_internal) == ("Nouveau titre", True)
    assert list(recommendation.departments.values_list("code", flat=True)) == ["fin"]
    [entry] = audit_of(recommendation)
    assert entry.actor == coordinator
    assert entry.action == "update"
    assert entry.changes == {
        "departments": {"before": [], "after": [finance.pk]},
        "is_internal": {"before": False, "after": True},
        "title": {"before": "Ancien titre", "after": "Nouveau titre"},
    }


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(client: Client) -> None:
    recommendation = RecommendationFactory(title="Titre d’origine")
    client.force_login(make_user("coordination"))
    stale = form_data(recommendation, opened_version(client, recommendation), title="Ma correction")
    services.recommendation_update(actor=None, recommendation=recommendation, title="Correction d’une collègue")

    response = client.post(edit_url(recommendation), stale)

    assert response.status_code == 400
    assert "Quelqu’un a modifié ces informations pendant que vous les éditiez" in response.text
    recommendation.refresh_from_db()
    assert recommendation.title == "Correction d’une collègue"
    assert [e.changes["title"]["after"] for e in audit_of(recommendation)] == ["Correction d’une collègue"]


def test_an_unchanged_form_writes_nothing(client: Client) -> None:
    recommendation = RecommendationFactory()
    client.force_login(make_user("coordination"))
    before = recommendation.updated_at

    response = client.post(edit_url(recommendation), form_data(recommendation, opened_version(client, recommendation)))

    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.updated_at == before
    assert audit_of(recommendation) == []


@pytest.mark.parametrize(("role", "status"), [("member", 403), ("facilitator", 403), ("department_lead", 403), ("admin", 200)])
def test_only_the_coordination_team_and_admins_may_edit(client: Client, role: str, status: int) -> None:
    recommendation = RecommendationFactory(title="Intact")
    client.force_login(make_user(role))

    assert client.get(edit_url(recommendation)).status_code == status
    if status == 403:
        version = recommendation.updated_at.isoformat()
        assert client.post(edit_url(recommendation), form_data(recommendation, version, title="Changé")).status_code == 403
        recommendation.refresh_from_db()
        assert recommendation.title == "Intact"


def test_a_missing_recommendation_answers_404(client: Client) -> None:
    client.force_login(make_user("coordination"))
    assert client.get("/fr/gestion/recommandations/999999/modifier/").status_code == 404


def test_the_recommendation_page_offers_staff_actions_only_to_staff(client: Client) -> None:
    recommendation = RecommendationFactory()
    url = f"/fr/recommandations/{recommendation.reference}/"
    assert edit_url(recommendation) not in client.get(url).text
    client.force_login(make_user("coordination"))
    assert f'href="{edit_url(recommendation)}"' in client.get(url).text


def test_admin_changes_to_a_cycle_are_audited_with_before_and_after(client: Client) -> None:
    cycle = CycleFactory(name="2019-2020", description="Avant")
    admin_user = make_user("admin")
    client.force_login(admin_user)
    url = f"/fr/admin/recommendations/cycle/{cycle.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "name": cycle.name,
        "slug": cycle.slug,
        "code": cycle.code,
        "country": cycle.country,
        "starts_on": cycle.starts_on.isoformat(),
        "ends_on": "",
        "description": "Après",
    }

    response = client.post(url, data)

    assert response.status_code == 302
    assert Cycle.objects.get(pk=cycle.pk).description == "Après"
    entry = AuditEntry.objects.get(content_type=ContentType.objects.get_for_model(Cycle), object_id=str(cycle.pk))
    assert (entry.actor, entry.action) == (admin_user, "admin_update")
    assert entry.changes == {"description": {"before": "Avant", "after": "Après"}}
