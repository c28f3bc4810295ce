"""A member signs in through the real form, edits their profile, switches language."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from cairn.accounts.factories import InterestFactory, OfficeFactory, SectorFactory
from cairn.accounts.models import Profile, User, Visibility
from tests.browser.helpers import audit, log_in, make_member

pytestmark = pytest.mark.browser


@pytest.fixture
def member() -> User:
    return make_member(email="camille@example.org", profile__display_name="Camille", profile__visibility=Visibility.MEMBERS)


def test_member_edits_profile_and_sees_it_on_the_public_page(page: Page, new_context: Callable[..., BrowserContext], member: User) -> None:
    OfficeFactory(name="Charleroi")
    SectorFactory(name_fr="Culture et spectacle")
    InterestFactory(name_fr="Vie coopérative")
    profile_url = f"/fr/membres/{member.profile.pk}/"
    visitor = new_context().new_page()  # a second browser, without an account
    visitor_response = visitor.goto(profile_url)
    assert visitor_response is not None and visitor_response.status == 404, "a members-only profile is hidden from visitors"

    log_in(page, member)
    page.goto("/fr/profil/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon profil")
    audit(page)

    page.get_by_label("Nom affiché").fill("  Camille   Dupont ")
    page.get_by_label("Bureau").select_option(label="Charleroi")
    page.get_by_label("Secteur").select_option(label="Culture et spectacle")
    page.get_by_label("Métier").fill("Régisseuse son")
    page.get_by_label("Compétences").fill("animation, Comptabilité , néerlandais")
    page.get_by_role("checkbox", name="Vie coopérative").check()
    page.get_by_label("Présentation").fill("Régisseuse à Charleroi depuis 2012.\nJ’anime le groupe « Vie coopérative ».")
    page.get_by_role("radio", name=re.compile("^Public")).check()
    page.get_by_role("radio", name=re.compile("^Au féminin")).check()  # her roles: « animatrice »
    page.get_by_role("button", name="Enregistrer").click()

    expect(page).to_have_url(re.compile(r"/fr/profil/$"))
    expect(page.get_by_role("status")).to_contain_text("Votre profil est enregistré.")
    expect(page.get_by_label("Nom affiché")).to_have_value("Camille Dupont")
    expect(page.get_by_role("radio", name=re.compile("^Au féminin"))).to_be_checked()
    audit(page)  # the page with its confirmation message

    page.get_by_role("link", name="Voir mon profil tel qu’il s’affiche").click()
    expect(page).to_have_url(re.compile(rf"{profile_url}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Camille Dupont")
    audit(page)

    # Now public: a visitor without an account sees the new name, skills and details.
    visitor.goto(profile_url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Camille Dupont")
    details = visitor.get_by_role("main")
    expect(details).to_contain_text("Régisseuse son")
    expect(details).to_contain_text("Culture et spectacle")
    expect(details).to_contain_text("Charleroi (Belgique)")
    skills = details.locator("dd ul.tags").first.get_by_role("listitem")
    expect(skills).to_have_count(3)
    # Compared as a set: SQLite sorts capitals first, PostgreSQL's collation does not.
    assert set(skills.all_inner_texts()) == {"animation", "Comptabilité", "néerlandais"}
    expect(details).to_contain_text("Vie coopérative")
    expect(details).to_contain_text("J’anime le groupe « Vie coopérative ».")
    audit(visitor)

    profile = Profile.objects.get(pk=member.profile.pk)
    assert (profile.display_name, profile.visibility) == ("Camille Dupont", Visibility.PUBLIC)
    assert set(profile.skills.values_list("name", flat=True)) == {"animation", "Comptabilité", "néerlandais"}


def test_profile_form_errors_are_shown_and_nothing_is_saved(page: Page, member: User) -> None:
    log_in(page, member)
    page.goto("/fr/profil/")

    page.get_by_label("Nom affiché").fill("")
    page.get_by_label("Compétences").fill(", ".join(f"compétence {n}" for n in range(21)))
    page.get_by_role("button", name="Enregistrer").click()

    name = page.get_by_label("Nom affiché")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_display_name_error")).to_be_visible()
    expect(page.locator("#id_skills_text_error")).to_contain_text("Vingt compétences au plus.")
    audit(page)
    assert Profile.objects.get(pk=member.profile.pk).display_name == "Camille"


def test_language_switch_changes_url_and_lang_and_is_remembered(page: Page, member: User) -> None:
    log_in(page, member)
    page.goto("/fr/profil/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    for language in ("nl", "en"):
        header = page.get_by_role("banner")
        header.get_by_role("combobox").select_option(language)
        header.locator("form.language-switch").get_by_role("button").click()

        expect(page).to_have_url(re.compile(rf"/{language}/profil/$"))
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(header.get_by_role("combobox")).to_have_value(language)
        assert Profile.objects.get(pk=member.profile.pk).language == language
        audit(page)

    # The preference follows the member: after signing in again they land in English.
    page.get_by_role("banner").get_by_text(re.compile("^(Mon compte|Mijn account|My account)")).click()
    page.get_by_role("banner").locator("form[action$='/logout/'] button").click()
    page.context.clear_cookies()
    log_in(page, member)
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize(
    ("link", "heading"),
    [
        ("Mes données", "Mes données"),
        ("Adresses e-mail", "Adresses e-mail"),
        ("Mot de passe", "Modifier le mot de passe"),
        ("Double authentification", "Authentification à deux facteurs"),
    ],
)
def test_account_menu_pages(page: Page, member: User, link: str, heading: str) -> None:
    log_in(page, member)
    page.goto("/fr/")
    page.get_by_role("banner").get_by_text("Mon compte").click()
    page.get_by_role("banner").get_by_role("link", name=link, exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    audit(page)


def test_an_account_not_in_the_register_is_told_why_wherever_members_only_things_are(page: Page) -> None:
    from cairn.events.factories import EventFactory

    registered = make_member(email="inscrite@example.org", member=False, profile__display_name="Inscrite")
    event = EventFactory(title="Afterwork liégeois")
    pending = "Votre compte n’est pas encore reconnu comme compte de sociétaire."
    log_in(page, registered)

    page.goto(f"/fr/evenements/{event.pk}/")
    expect(page.locator("#registration")).to_contain_text(pending)
    expect(page.get_by_role("button", name="Je m’inscris")).to_have_count(0)
    audit(page)

    for path in ("/fr/membres/", "/fr/profil/"):
        page.goto(path)
        expect(page.locator("#membership-pending")).to_contain_text(pending)
        audit(page)

    response = page.goto("/fr/evenements/mes-evenements/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Réservé aux sociétaires")
    expect(page.get_by_role("link", name="Mes adresses e-mail")).to_be_visible()
    audit(page)
