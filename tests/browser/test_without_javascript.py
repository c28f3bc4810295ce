"""Every page works without JavaScript: a member signs in, switches language and edits
their profile in a browser with JavaScript turned off.

axe-core needs JavaScript, so these pages are audited by the other tests, which load the
same HTML with JavaScript on.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from cairn.accounts.models import Profile, Visibility
from tests.browser.helpers import log_in, make_member

pytestmark = pytest.mark.browser


@pytest.fixture
def page_without_js(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context(java_script_enabled=False).new_page()


def test_sign_in_and_edit_profile_without_javascript(page_without_js: Page) -> None:
    page = page_without_js
    member = make_member(profile__display_name="Jan Peeters", profile__visibility=Visibility.MEMBERS)

    log_in(page, member)
    expect(page).to_have_url(re.compile(r"/fr/$"))

    # The account menu is a <details> element: it opens without a script.
    page.get_by_role("banner").get_by_text("Mon compte").click()
    page.get_by_role("link", name="Mon profil").click()
    expect(page).to_have_url(re.compile(r"/fr/profil/$"))

    page.get_by_label("Nom affiché").fill("Jan Peeters-Claes")
    page.get_by_label("Compétences").fill("boekhouding, animation")
    page.get_by_role("radio", name=re.compile("^Public")).check()
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("status")).to_contain_text("Votre profil est enregistré.")
    profile = Profile.objects.get(pk=member.profile.pk)
    assert (profile.display_name, profile.visibility) == ("Jan Peeters-Claes", Visibility.PUBLIC)
    assert set(profile.skills.values_list("name", flat=True)) == {"boekhouding", "animation"}

    page.goto(f"/fr/membres/{profile.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Jan Peeters-Claes")

    # The language switch is a plain form too.
    page.get_by_role("banner").get_by_role("combobox").select_option("nl")
    page.get_by_role("banner").locator("form.language-switch").get_by_role("button").click()
    expect(page).to_have_url(re.compile(rf"/nl/membres/{profile.pk}/$"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert Profile.objects.get(pk=profile.pk).language == "nl"


def test_signup_errors_without_javascript(page_without_js: Page) -> None:
    page = page_without_js
    page.goto("/fr/compte/signup/")
    form = page.get_by_role("main").locator("form")
    form.locator("#id_email").fill("nouveau@example.org")
    form.locator("#id_display_name").fill("Nouveau")
    form.locator("#id_password1").fill("court")
    form.locator("#id_password2").fill("court")
    form.get_by_role("button").click()

    expect(page.locator("#id_password1_error")).to_contain_text("Ce mot de passe est trop court")
