"""Staff complete what is still untranslated from the Gestion menu, and readers see their
language — or the French original, marked for screen readers and everyone. Every page
passes axe-core and fits a phone."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from cairn.accounts.models import Role
from cairn.projects.factories import ProjectFactory
from cairn.recommendations.factories import ThemeFactory
from tests.browser.helpers import DESKTOP, audit, log_in, make_member, open_staff_page

pytestmark = pytest.mark.browser

#: Where to keep screenshots of the pages at 360 and 1280 px, when set (for a person to look at).
SHOTS = os.environ.get("CAIRN_SCREENSHOTS", "")


def _shoot(page: Page, name: str) -> None:
    if not SHOTS:
        return
    for width in (360, DESKTOP["width"]):
        page.set_viewport_size({"width": width, "height": DESKTOP["height"]})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_staff_translate_a_theme_from_the_list_of_what_is_missing_and_readers_see_it(page: Page, settings: Settings) -> None:
    settings.CAIRN_STAFF_MFA_REQUIRED = False
    theme = ThemeFactory(title="Trésorerie solidaire", introduction="Une caisse **commune**.")
    ProjectFactory(title="Des abris vélos")
    log_in(page, make_member(roles=[Role.COORDINATION]))

    page.goto("/fr/")
    open_staff_page(page, "Traductions à compléter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ce qui reste à traduire")
    expect(page.get_by_role("heading", name="Projets")).to_be_visible()
    audit(page)
    _shoot(page, "untranslated")
    page.get_by_role("link", name="Trésorerie solidaire").click()
    page.get_by_label("Titre (néerlandais)").fill("Solidaire thesaurie")
    page.get_by_label("Introduction (néerlandais)").fill("Een **gemeenschappelijke** kas.")
    audit(page)
    _shoot(page, "theme-form")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_be_visible()

    page.goto(f"/nl/thematiques/{theme.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Solidaire thesaurie")
    expect(page.get_by_text("Een gemeenschappelijke kas.")).to_be_visible()
    audit(page)

    page.goto(f"/en/thematiques/{theme.pk}/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Trésorerie solidaire (in French)")
    expect(heading.locator('[lang="fr"]')).to_have_text("Trésorerie solidaire")
    expect(page.locator('.prose[lang="fr"]')).to_contain_text("Une caisse commune.")
    audit(page)
    _shoot(page, "theme-en")
