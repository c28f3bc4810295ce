"""Following and notifications in a real browser: a member follows a recommendation; the
project's coordinator posts an update and the coordination team publishes an assessment;
the member sees both in the notification centre (unread count in the header), then opens
the weekly digest e-mail (captured) and follows its link. Every page is audited (axe-core
at 1280 and 360 px)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from playwright.sync_api import BrowserContext, Page, expect

from cairn.accounts.models import Role
from cairn.notifications.services import digests_send
from cairn.projects.factories import ProjectFactory
from cairn.projects.services import project_link_recommendation
from cairn.recommendations.factories import RecommendationFactory
from tests.browser.helpers import audit, log_in, make_member
from tests.browser.test_coordination import sign_in_with_totp

pytestmark = pytest.mark.browser


def test_follow_a_recommendation_and_hear_of_its_project_and_assessment(page: Page, new_context: Callable[..., BrowserContext]) -> None:
    member = make_member(email="membre@example.org", profile__display_name="Lou Membre")
    project_coordinator = make_member(email="coord-projet@example.org", profile__display_name="Karim Projet")
    team = make_member(email="coordination@example.org", roles=[Role.COORDINATION], profile__display_name="Équipe coordination")
    secret = generate_totp_secret()
    TOTP.activate(team, secret)
    recommendation = RecommendationFactory(title="Des vélos partagés entre bureaux")
    project = ProjectFactory(title="Flotte de vélos", coordinator=project_coordinator)
    project_link_recommendation(actor=None, project=project, recommendation=recommendation, answer="partly")

    # The member follows the recommendation from its page.
    log_in(page, member)
    page.goto(f"/fr/recommandations/{recommendation.reference}/")
    expect(page.get_by_role("heading", name="Ce qui en a découlé")).to_be_visible()
    audit(page)
    page.get_by_role("button", name="Suivre").click()
    expect(page.get_by_role("status").first).to_contain_text(
        f"Vous suivez « {recommendation.reference} Des vélos partagés entre bureaux »."
    )
    expect(page.get_by_role("button", name="Suivi · ne plus suivre")).to_be_visible()

    # The project's coordinator posts an update (without JavaScript).
    coordinator_page = new_context(java_script_enabled=False).new_page()
    log_in(coordinator_page, project_coordinator)
    coordinator_page.goto(f"/fr/projets/{project.pk}/")
    coordinator_page.get_by_role("link", name="Publier une actualité").click()
    coordinator_page.get_by_label("Ce qui a changé (Markdown)").fill("Les **vingt premiers vélos** sont arrivés à Bruxelles.")
    coordinator_page.get_by_label("Nouvel avancement (%, facultatif)").fill("50")
    coordinator_page.get_by_role("button", name="Publier").click()
    expect(coordinator_page.get_by_role("status").first).to_contain_text("L’actualité est publiée sur la page du projet.")
    expect(coordinator_page.get_by_text("Les vingt premiers vélos sont arrivés à Bruxelles.")).to_be_visible()

    # The coordination team publishes an assessment.
    team_page = new_context().new_page()
    sign_in_with_totp(team_page, team, secret)
    team_page.goto(f"/fr/projets/{project.pk}/actualites/nouvelle/")  # the form the coordinator used, audited
    audit(team_page)
    team_page.goto(f"/fr/gestion/recommandations/{recommendation.pk}/evaluer/")
    team_page.get_by_label("État d’avancement").select_option(label="En cours")
    team_page.get_by_label("Commentaire public").fill("Le projet de vélos partagés avance.")
    team_page.get_by_role("button", name="Publier l’évaluation").click()
    expect(team_page.get_by_role("status").first).to_contain_text("est publiée")

    # The member sees both: the unread count in the header, then the centre.
    page.reload()
    header_link = page.get_by_role("banner").get_by_role("link", name=re.compile("^Notifications"))
    expect(header_link).to_contain_text("2")
    header_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_role("link", name="Nouvelle actualité du projet « Flotte de vélos »")).to_be_visible()
    expect(page.get_by_role("link", name="Nouvel état d’avancement : En cours")).to_be_visible()
    audit(page)

    # The weekly digest: one e-mail with both changes; its link opens the project page.
    mail.outbox.clear()
    assert digests_send(frequency="weekly") == 1
    (message,) = [m for m in mail.outbox if m.to == [member.email]]
    assert "Flotte de vélos" in message.body and "Nouvel état d’avancement : En cours" in message.body
    project_url = re.search(r"https?://\S+/fr/projets/\d+/", message.body)
    assert project_url is not None
    page.goto(re.sub(r"^https?://[^/]+", "", project_url.group(0)))
    expect(page.get_by_role("heading", level=1)).to_have_text("Flotte de vélos")
    audit(page)
