"""A coordinator corrects a recommendation from its page; the form passes axe-core."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import Page, expect

from cairn.accounts.models import Role
from cairn.recommendations.factories import RecommendationFactory
from tests.browser.helpers import audit, make_member
from tests.browser.test_coordination import sign_in_with_totp

pytestmark = pytest.mark.browser


def test_a_coordinator_corrects_a_recommendation(page: Page) -> None:
    coordinator = make_member(email="coordination@example.org", roles=[Role.COORDINATION])
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    recommendation = RecommendationFactory(title="Un titre avec une faute de frappe")
    sign_in_with_totp(page, coordinator, secret)

    page.goto(f"/fr/recommandations/{recommendation.reference}/")
    page.get_by_role("link", name="Modifier").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Modifier {recommendation.reference}")
    audit(page)
    page.get_by_label("Titre").fill("Un titre corrigé")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Un titre corrigé")
    expect(page.get_by_role("status").first).to_contain_text(f"{recommendation.reference} est enregistrée.")
    recommendation.refresh_from_db()
    assert recommendation.title == "Un titre corrigé"
