"""The members' directory filters as a plain GET form, and with htmx swaps only the results."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from cairn.accounts.factories import OfficeFactory, SectorFactory
from cairn.accounts.models import Visibility
from tests.browser.helpers import audit, log_in, make_member

pytestmark = pytest.mark.browser


@pytest.fixture
def directory() -> dict[str, object]:
    """Four public profiles in two offices, and one members-only profile."""
    liege, lille = OfficeFactory(name="Liège"), OfficeFactory(name="Lille")
    culture = SectorFactory(name_fr="Culture et spectacle")
    people: dict[str, dict[str, object]] = {
        "Inès Verhaegen": {"office": liege, "sector": culture, "profession": "Menuisière"},
        "Jan Peeters": {"office": liege},
        "Lotte Janssens": {"office": lille, "sector": culture},
        "Youssef Benali": {"office": lille, "profession": "Graphiste"},
    }
    for name, fields in people.items():
        make_member(profile__display_name=name, profile__visibility=Visibility.PUBLIC, **{f"profile__{k}": v for k, v in fields.items()})
    make_member(profile__display_name="Sofie Claes", profile__visibility=Visibility.MEMBERS, profile__office=liege)
    return {"liege": liege, "lille": lille, "culture": culture}


def cards(page: Page) -> Locator:
    """The names on the directory's cards: ``expect(cards(page)).to_have_text([...])`` waits
    for the page a click asked for, where reading them at once could read the last one."""
    return page.locator("#directory-results").get_by_role("heading", level=2)


def card_names(page: Page) -> list[str]:
    return cards(page).all_inner_texts()


def test_directory_filters_with_plain_get_when_javascript_is_off(new_context: Callable[..., BrowserContext], directory: dict) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/fr/membres/")
    assert card_names(page) == ["Inès Verhaegen", "Jan Peeters", "Lotte Janssens", "Youssef Benali"]

    page.get_by_label("Bureau").select_option(label="Liège")
    page.get_by_role("button", name="Filtrer").click()

    expect(page).to_have_url(re.compile(rf"/fr/membres/\?q=&country=&office={directory['liege'].pk}&sector=$"))
    expect(cards(page)).to_have_text(["Inès Verhaegen", "Jan Peeters"])
    expect(page.locator("#directory-count")).to_have_text("2 profils visibles")

    page.get_by_label("Nom ou compétence").fill("jan")
    page.get_by_role("button", name="Filtrer").click()
    expect(cards(page)).to_have_text(["Jan Peeters"])
    expect(page.get_by_label("Nom ou compétence")).to_have_value("jan")
    expect(page.get_by_label("Bureau")).to_have_value(str(directory["liege"].pk))


def test_directory_swaps_results_with_htmx_and_pushes_the_url(page: Page, directory: dict) -> None:
    page.goto("/fr/membres/")
    audit(page)
    # A full page load would drop this marker: it proves htmx swapped only the results.
    page.evaluate("window.cairnNoReload = true")

    with page.expect_response(lambda response: "/fr/membres/?" in response.url and response.request.headers.get("hx-request") == "true"):
        page.get_by_label("Bureau").select_option(label="Lille")  # a change submits, no button needed

    expect(page).to_have_url(re.compile(rf"/fr/membres/\?q=&country=&office={directory['lille'].pk}&sector=$"))
    expect(page.locator("#directory-results").get_by_role("heading", level=2)).to_have_text(["Lotte Janssens", "Youssef Benali"])
    expect(page.locator("#directory-count")).to_have_text("2 profils visibles")
    assert page.evaluate("window.cairnNoReload") is True
    # The swap replaced the inside of the results, not nested a second copy in them.
    expect(page.locator("#directory-results")).to_have_count(1)
    expect(page.locator("#directory-count")).to_have_count(1)

    page.get_by_label("Secteur").select_option(label="Culture et spectacle")
    expect(page.locator("#directory-results").get_by_role("heading", level=2)).to_have_text(["Lotte Janssens"])
    expect(page).to_have_url(re.compile(rf"office={directory['lille'].pk}&sector={directory['culture'].pk}$"))

    page.get_by_label("Nom ou compétence").fill("personne")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("#directory-results")).to_contain_text("Aucun profil ne correspond")
    expect(page.locator("#directory-count")).to_have_text(re.compile(r"^0 profils? visibles?$"))  # French says "0 profil"
    assert page.evaluate("window.cairnNoReload") is True
    audit(page)

    # The pushed URL is a real page: loading it afresh shows the same filtered results.
    page.reload()
    expect(page.get_by_label("Nom ou compétence")).to_have_value("personne")
    expect(page.locator("#directory-results")).to_contain_text("Aucun profil ne correspond")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sociétaires")

    # Back to the unfiltered list through the browser's history.
    page.go_back()
    page.go_back()
    page.go_back()
    expect(page).to_have_url(re.compile(r"/fr/membres/$"))
    expect(page.locator("#directory-results").get_by_role("heading", level=2)).to_have_count(4)


def test_members_only_profiles_appear_once_signed_in(page: Page, directory: dict) -> None:
    viewer = make_member()
    log_in(page, viewer)
    page.goto("/fr/membres/")

    assert "Sofie Claes" in card_names(page)
    page.get_by_role("link", name="Sofie Claes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sofie Claes")
    audit(page)


def test_directory_pages_through_plain_links(new_context: Callable[..., BrowserContext], page: Page) -> None:
    """Keyset pages without JavaScript: next, last, previous and first are plain links; the
    pages pass axe and fit a phone (audited with JavaScript on, which axe needs)."""
    for n in range(30):
        make_member(profile__display_name=f"Membre {n:02}", profile__visibility=Visibility.PUBLIC)
    plain = new_context(java_script_enabled=False).new_page()
    plain.goto("/fr/membres/")
    names = card_names(plain)
    assert names[0] == "Membre 00"
    assert len(names) == 24

    plain.get_by_role("navigation", name="Pagination").get_by_role("link", name="Suivant").click()
    expect(cards(plain)).to_have_text([f"Membre {n:02}" for n in range(24, 30)])
    expect(plain.get_by_role("navigation", name="Pagination").get_by_role("link", name="Suivant")).to_have_count(0)
    plain.get_by_role("navigation", name="Pagination").get_by_role("link", name="Précédent").click()
    expect(cards(plain)).to_have_text([f"Membre {n:02}" for n in range(24)])
    plain.get_by_role("navigation", name="Pagination").get_by_role("link", name="Dernière page").click()
    expect(plain).to_have_url(re.compile(r"/fr/membres/\?last=1$"))
    expect(cards(plain)).to_have_text([f"Membre {n:02}" for n in range(6, 30)])
    plain.get_by_role("navigation", name="Pagination").get_by_role("link", name="Première page").click()
    expect(plain).to_have_url(re.compile(r"/fr/membres/$"))
    expect(cards(plain).first).to_have_text("Membre 00")

    page.goto("/fr/membres/?last=1")
    audit(page)
    page.goto("/fr/membres/?after=n0t-a-cursor")
    expect(page.get_by_text("Ce lien de page n’est pas valide")).to_be_visible()
    assert card_names(page)[0] == "Membre 00"
    audit(page)
