"""The registry in a browser: filters as a plain GET form without JavaScript; with htmx,
the results and the filters' counts swap in place and the URL carries the state; every
registry page passes axe-core and fits a phone."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from cairn.recommendations.tests.registry_fixtures import Registry, build_registry
from tests.browser.helpers import audit

pytestmark = pytest.mark.browser


@pytest.fixture
def reg() -> Registry:
    return build_registry()


def results(page: Page) -> Locator:
    """The results' titles: ``expect(results(page)).to_have_text([...])`` waits for the page
    a click asked for, where reading them at once could read the last one."""
    return page.locator("#registry-results").get_by_role("heading", level=2)


def result_titles(page: Page) -> list[str]:
    return results(page).all_inner_texts()


def test_registry_filters_and_searches_without_javascript(new_context: Callable[..., BrowserContext], reg: Registry) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/fr/recommandations/")
    assert len(result_titles(page)) == 6

    page.get_by_label("État d’avancement").select_option(label="Réalisée (2)")
    page.get_by_role("button", name="Filtrer").click()

    expect(page).to_have_url(re.compile(r"/fr/recommandations/\?.*status=done"))
    expect(results(page)).to_have_text(["Créer un fonds de garantie coopératif", "Vergaderingen in het Nederlands"])
    expect(page.locator("#registry-count")).to_have_text("2 recommandations")

    page.get_by_label("Rechercher").fill("COOPERATIVES")
    page.get_by_role("button", name="Filtrer").click()
    expect(results(page)).to_have_text(["Créer un fonds de garantie coopératif"])
    expect(page.get_by_label("État d’avancement")).to_have_value("done")


def test_registry_swaps_results_and_counts_with_htmx(page: Page, reg: Registry) -> None:
    page.goto("/fr/recommandations/")
    audit(page)
    page.evaluate("window.cairnNoReload = true")

    status = page.get_by_label("État d’avancement")
    status.focus()  # as a keyboard user is, on the select they change
    with page.expect_response(lambda response: "status=done" in response.url and response.request.headers.get("hx-request") == "true"):
        status.select_option("done")

    expect(page).to_have_url(re.compile(r"status=done"))
    expect(page.locator("#registry-results").get_by_role("heading", level=2)).to_have_count(2)
    expect(page.locator("#registry-count")).to_have_text("2 recommandations")
    # The other filters' counts follow: only the themes of the two done recommendations remain.
    expect(page.get_by_label("Thématique", exact=True).locator("option")).to_have_text(
        ["Toutes", "Accompagnement des projets (2019-2020) (1)", "Gouvernance (2019-2020) (1)"]
    )
    # The select that changed keeps the focus after the swap.
    expect(page.get_by_label("État d’avancement")).to_be_focused()
    assert page.evaluate("window.cairnNoReload") is True
    expect(page.locator("#registry-filters")).to_have_count(1)
    audit(page)

    page.get_by_role("link", name="Vergaderingen in het Nederlands").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vergaderingen in het Nederlands")
    expect(page.locator(".prose[lang=nl]")).to_have_count(1)
    audit(page)

    page.go_back()
    expect(page).to_have_url(re.compile(r"status=done"))
    expect(page.locator("#registry-results").get_by_role("heading", level=2)).to_have_count(2)


def test_cycle_theme_and_group_pages_are_accessible(page: Page, reg: Registry) -> None:
    for path, heading in [
        ("/fr/cycles/2019-2020/", "Cycle 2019-2020"),
        (f"/fr/thematiques/{reg.themes['acc'].pk}/", "Accompagnement des projets"),
        (f"/fr/groupes/{reg.groups['wal'].pk}/", "Groupe de travail Charleroi–Mons"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        audit(page)
