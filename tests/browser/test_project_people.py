"""Choosing a project's coordinator by a search by name (the people picker), as the
coordination team does: with JavaScript the matches come as one types; without it the
"Chercher" button shows them and saves nothing. Never an e-mail address; axe-core at 1280
and 360 px."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import BrowserContext, Page, expect

from cairn.accounts.factories import OfficeFactory
from cairn.accounts.models import Role
from cairn.projects.models import Project
from tests.browser.helpers import DESKTOP, PHONE_WIDTH, axe_check, make_member
from tests.browser.test_registry_import import sign_in_with_totp_without_audit

pytestmark = pytest.mark.browser

CHOICE = "Lore Janssens · Gand · Sociétaire"


def _sign_in_as_the_coordination_team(page: Page) -> None:
    """A coordination-team member with TOTP set up, as the production settings require."""
    staff = make_member(roles=[Role.COORDINATION])
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    sign_in_with_totp_without_audit(page, staff, secret)


def _people() -> None:
    make_member(email="lore@example.org", profile__display_name="Lore Janssens", profile__office=OfficeFactory(name="Gand"))
    make_member(email="loic@example.org", profile__display_name="Loïc Dubois")


def _fill_the_project(page: Page) -> None:
    page.locator("#id_title").fill("Vélos partagés entre bureaux")
    page.locator("#id_summary").fill("Des vélos pour les trajets entre bureaux.")
    page.locator("#id_kind").select_option("experiment")
    page.locator("#id_progress").fill("10")


def test_the_coordination_team_picks_a_coordinator_by_name_as_they_type(page: Page) -> None:
    _people()
    _sign_in_as_the_coordination_team(page)
    page.goto("/fr/gestion/projets/nouveau/")
    _fill_the_project(page)

    coordinator = page.get_by_role("group", name="Coordinateur·rice")
    coordinator.get_by_label("Chercher par nom").fill("janss")

    found = coordinator.get_by_role("list", name="Personnes trouvées")
    expect(found).to_contain_text(CHOICE)
    expect(found).not_to_contain_text("Loïc Dubois")
    expect(page.get_by_role("main")).not_to_contain_text("lore@example.org")
    axe_check(page, label="the project form's people picker at 1280 px")
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 780})
    axe_check(page, label="the project form's people picker at 360 px")
    page.set_viewport_size(DESKTOP)

    coordinator.get_by_role("radio", name=CHOICE).check()
    page.get_by_role("button", name="Enregistrer").click()

    expect(page).to_have_url(re.compile(r"/fr/projets/\d+/$"))
    assert Project.objects.get().coordinator.email == "lore@example.org"


def test_without_javascript_the_chercher_button_finds_the_coordinator(new_context: Callable[..., BrowserContext]) -> None:
    page = new_context(java_script_enabled=False).new_page()
    _people()
    _sign_in_as_the_coordination_team(page)
    page.goto("/fr/gestion/projets/nouveau/")
    _fill_the_project(page)

    coordinator = page.get_by_role("group", name="Coordinateur·rice")
    coordinator.get_by_label("Chercher par nom").fill("janss")
    coordinator.get_by_role("button", name="Chercher").click()

    assert not Project.objects.exists()  # searching saves nothing
    expect(page.locator("#id_title")).to_have_value("Vélos partagés entre bureaux")  # what was typed is kept
    coordinator = page.get_by_role("group", name="Coordinateur·rice")
    coordinator.get_by_role("radio", name=CHOICE).check()
    expect(page.get_by_role("main")).not_to_contain_text("lore@example.org")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page).to_have_url(re.compile(r"/fr/projets/\d+/$"))
    assert Project.objects.get().coordinator.email == "lore@example.org"
