"""Pages a visitor reaches without an account: each passes axe-core at desktop width and
at 360 px, and fits a 360 px screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from cairn.accounts.models import Visibility
from tests.browser.helpers import audit, make_member

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/fr/", "Les recommandations de"),
        ("/fr/processus/", "Le processus participatif"),
        ("/fr/composants/", "Composants de l’interface"),
        ("/fr/membres/", "Sociétaires"),
        ("/fr/compte/login/", "Connexion"),
        ("/fr/compte/signup/", "Création de compte"),
        ("/fr/compte/password/reset/", "Réinitialisation du mot de passe"),
        ("/fr/membres/999999/", "Page introuvable"),
    ],
)
def test_public_page_is_accessible_and_fits_a_phone(page: Page, path: str, heading: str) -> None:
    page.goto(path)

    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    audit(page)


def test_public_profile_page(page: Page) -> None:
    member = make_member(profile__display_name="Inès Verhaegen", profile__visibility=Visibility.PUBLIC, profile__profession="Menuisière")
    member.profile.skills.create(name="menuiserie")

    page.goto(f"/fr/membres/{member.profile.pk}/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Inès Verhaegen")
    expect(page.get_by_text("Menuisière")).to_be_visible()
    expect(page.get_by_role("main").get_by_role("listitem").filter(has_text="menuiserie")).to_be_visible()
    audit(page)


def test_components_page_shows_every_component(page: Page) -> None:
    page.goto("/fr/composants/")

    sections = page.get_by_role("main").get_by_role("heading", level=2)
    expect(sections).to_have_text(
        [
            "Boutons",
            "Badge d’état",
            "Carte",
            "Champ de formulaire avec erreurs",
            "État vide",
            "Pagination",
            "Liste de résultats",
            "Nom d’une personne",
            "Messages",
            "En-tête et pied de page",
        ]
    )
    # The demo field is invalid on purpose: its error is tied to the input for screen readers.
    name_input = page.get_by_label("Nom affiché")
    expect(name_input).to_have_attribute("aria-invalid", "true")
    described_by = name_input.get_attribute("aria-describedby") or ""
    assert "id_name_error" in described_by.split()
    expect(page.locator("#id_name_error")).to_contain_text("20 caractères")
    expect(page.get_by_role("navigation", name="Pagination").get_by_role("link", name="7")).to_have_attribute("aria-current", "page")
    audit(page)


def fill_signup(page: Page, language: str, password1: str, password2: str) -> None:
    page.goto(f"/{language}/compte/signup/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    form = page.get_by_role("main").locator("form")
    form.locator("#id_email").fill("nouvelle@example.org")
    form.locator("#id_display_name").fill("Nouvelle Sociétaire")
    form.locator("#id_password1").fill(password1)
    form.locator("#id_password2").fill(password2)
    form.get_by_role("button").click()
    expect(page).to_have_url(re.compile(rf"/{language}/compte/signup/$"))


@pytest.mark.parametrize(
    ("language", "too_short"),
    [
        ("fr", "Ce mot de passe est trop court. Il doit contenir au minimum 10 caractères."),
        ("nl", "Dit wachtwoord is te kort. Het moet minstens 10 tekens bevatten."),
        ("en", "This password is too short. It must contain at least 10 characters."),
    ],
)
def test_signup_shows_translated_password_rules_and_errors(page: Page, language: str, too_short: str) -> None:
    fill_signup(page, language, "court", "court")

    password1 = page.locator("#id_password1")
    expect(password1).to_have_attribute("aria-invalid", "true")
    # The error and the password rules are both read out with the field.
    assert set((password1.get_attribute("aria-describedby") or "").split()) == {"id_password1_helptext", "id_password1_error"}
    expect(page.locator("#id_password1_helptext").get_by_role("listitem").first).to_be_visible()
    # What was typed is kept (except the passwords).
    expect(page.locator("#id_email")).to_have_value("nouvelle@example.org")
    expect(page.locator("#id_display_name")).to_have_value("Nouvelle Sociétaire")
    audit(page)
    expect(page.locator("#id_password1_error")).to_have_text(too_short)


@pytest.mark.parametrize(
    ("language", "mismatch"),
    [
        ("fr", "Vous devez saisir deux fois le même mot de passe."),
        ("nl", "Je moet hetzelfde wachtwoord twee keer intoetsen."),
        ("en", "You must type the same password each time."),
    ],
)
def test_signup_shows_translated_mismatch_error(page: Page, language: str, mismatch: str) -> None:
    fill_signup(page, language, "une phrase de passe solide", "une autre phrase de passe")

    expect(page.locator("#id_password2_error")).to_have_text(mismatch)
    expect(page.locator("#id_password2")).to_have_attribute("aria-invalid", "true")


def test_skip_link_is_first_and_moves_focus_to_the_content(page: Page) -> None:
    page.goto("/fr/membres/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Aller au contenu")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Nom ou compétence")).to_be_focused()
