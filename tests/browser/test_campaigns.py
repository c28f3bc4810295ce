"""An assessment campaign from start to finish, as the people who run it use it: a
coordinator opens it and assigns a recommendation (JavaScript on, audited with axe-core),
a facilitator records the interview and proposes a status with JavaScript off, and the
coordinator publishes it."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import BrowserContext, Page, expect

from cairn.accounts.factories import DepartmentFactory
from cairn.accounts.models import Role
from cairn.recommendations.factories import RecommendationFactory
from cairn.recommendations.models import Assessment, Recommendation
from tests.browser.helpers import audit, log_in, make_member, open_staff_page
from tests.browser.test_coordination import sign_in_with_totp

pytestmark = pytest.mark.browser


def test_a_campaign_from_opening_to_publication(page: Page, new_context: Callable[..., BrowserContext]) -> None:
    coordinator = make_member(email="coordination@example.org", roles=[Role.COORDINATION], profile__display_name="Équipe coordination")
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    facilitator = make_member(email="anim@example.org", roles=[Role.FACILITATOR], profile__display_name="Samira Animatrice")
    recommendation = RecommendationFactory(title="Un livret d’accueil bilingue")
    recommendation.departments.add(DepartmentFactory(name_fr="Ressources humaines"))
    RecommendationFactory(title="Une journée d’accueil par an")

    # The coordinator opens a campaign and assigns one recommendation.
    sign_in_with_totp(page, coordinator, secret)
    open_staff_page(page, "Campagnes d’évaluation")
    expect(page.get_by_role("heading", level=1)).to_have_text("Campagnes d’évaluation")
    audit(page)
    page.get_by_label("Nom de la campagne").fill("État des lieux 2026")
    page.get_by_role("button", name="Ouvrir la campagne").click()
    expect(page.get_by_role("status").first).to_contain_text("La campagne « État des lieux 2026 » est ouverte.")
    audit(page)
    page.get_by_label(f"Sélectionner {recommendation.reference}").check()
    # The people picker: a search by name, then the person with their office and role.
    page.get_by_label("Chercher par nom").fill("Samira")
    page.get_by_role("radio", name=re.compile("^Samira Animatrice")).check()
    page.get_by_role("button", name="Attribuer les recommandations cochées").click()
    expect(page.get_by_role("status").first).to_contain_text("1 recommandation attribuée à Samira Animatrice.")

    # The facilitator, without JavaScript, records the interview and proposes a status.
    facilitator_page = new_context(java_script_enabled=False).new_page()
    log_in(facilitator_page, facilitator)
    open_staff_page(facilitator_page, "Mes recommandations à évaluer")
    expect(facilitator_page.get_by_role("heading", level=1)).to_have_text("Mes recommandations à évaluer")
    facilitator_page.get_by_role("link", name=re.compile("^Noter l’entretien et proposer un état")).click()
    facilitator_page.get_by_label("Personne interrogée").fill("Marie Dupont")
    facilitator_page.get_by_label("Sa fonction").fill("Directrice RH")
    facilitator_page.get_by_label("Sa direction").select_option(label="Ressources humaines")
    facilitator_page.get_by_label("État d’avancement").select_option(label="Reportée")
    facilitator_page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(facilitator_page.get_by_text("Une recommandation rejetée ou reportée doit être expliquée publiquement")).to_be_visible()
    assert not Assessment.objects.exists()
    facilitator_page.get_by_label("Commentaire public").fill("Reporté à 2027, faute de budget cette année.")
    facilitator_page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(facilitator_page.get_by_role("status").first).to_contain_text("votre proposition est enregistrée")

    # The coordinator reviews and publishes it.
    page.goto(page.url.split("?")[0] + "relecture/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Propositions à relire")
    audit(page)
    page.get_by_role("button", name="Publier", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("la proposition est publiée")
    assert Recommendation.objects.with_status().get(pk=recommendation.pk).status == "postponed"  # type: ignore[attr-defined]
