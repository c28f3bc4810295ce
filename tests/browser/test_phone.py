"""Cairn on a 360 px phone: the header is one line with a "Menu" disclosure, and each list
page shows its first result in the first screen, its filters folded behind "Filtrer";
on a laptop the navigation and the filters show as they are. axe-core on each page."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from cairn.accounts.models import Role, Visibility
from cairn.accounts.tests.helpers import make_user
from cairn.events.factories import EventFactory
from cairn.projects.factories import ProjectFactory
from cairn.recommendations.factories import RecommendationFactory
from tests.browser.helpers import PHONE_WIDTH, assert_no_horizontal_scroll, axe_check, log_in, make_member

pytestmark = pytest.mark.browser

PHONE = {"width": PHONE_WIDTH, "height": 780}
#: The header's height when it holds one line: the brand and the "Menu" button.
ONE_LINE = 80

LIST_PAGES = [
    # (path, the first result)
    ("/fr/recommandations/", "main .record-list > li"),
    ("/fr/evenements/", "main .record-list > li"),
    ("/fr/membres/", "#directory-results .grid > li"),
    ("/fr/projets/", "main .record-list > li"),
    ("/fr/etat-des-lieux/", "#dashboard-results h2"),
]


@pytest.fixture
def listed() -> None:
    RecommendationFactory.create_batch(3)
    EventFactory.create_batch(3)
    ProjectFactory.create_batch(3)
    for _ in range(3):
        make_user("member", profile__visibility=Visibility.PUBLIC)


def _header_height(page: Page) -> float:
    return float(page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height"))


@pytest.mark.parametrize(("path", "first_result"), LIST_PAGES)
def test_a_list_page_on_a_phone_shows_its_first_result_in_the_first_screen(page: Page, listed: None, path: str, first_result: str) -> None:
    _first_result_first(page, path, first_result)


def test_the_month_calendar_on_a_phone_shows_its_first_event_in_the_first_screen(page: Page) -> None:
    """The calendar's filters fold too: on a phone its days with events come first."""
    event = EventFactory(title="Rencontre du bureau de Namur")
    month = timezone.localtime(event.starts_at).strftime("%Y-%m")
    _first_result_first(page, f"/fr/evenements/calendrier/?mois={month}", "main .month-calendar li")
    expect(page.locator("main .month-calendar li").first).to_contain_text("Rencontre du bureau de Namur")


def _first_result_first(page: Page, path: str, first_result: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(path)

    assert _header_height(page) < ONE_LINE, "the header wraps on a phone"
    first = page.locator(first_result).first
    expect(first).to_be_visible()
    box = first.bounding_box()
    assert box is not None and box["y"] < PHONE["height"], f"the first result starts {box} px down"
    # The filters are folded: their toggle says so, the form shows once opened.
    toggle = page.locator("main .filters-fold__toggle")
    expect(toggle).to_have_text("Filtrer")
    expect(page.locator("main form.filters")).to_be_hidden()
    toggle.click()
    expect(page.locator("main form.filters")).to_be_visible()
    assert_no_horizontal_scroll(page)
    axe_check(page, label=f"{path} at 360 px")


def test_the_filters_toggle_counts_the_active_filters(page: Page, listed: None) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/fr/projets/?kind=priority&status=in_progress")

    expect(page.locator("main .filters-fold__toggle")).to_have_text("Filtrer (2 actifs)")


def test_the_phone_menu_opens_without_javascript_and_leads_everywhere(browser, live_server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/fr/")
        navigation = page.get_by_role("navigation", name="Navigation principale")
        expect(navigation).to_be_hidden()

        page.get_by_text("Menu", exact=True).click()  # a <details> disclosure: no script needed
        expect(navigation).to_be_visible()
        navigation.get_by_role("link", name="Agenda").click()

        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.url.endswith("/fr/evenements/")
    finally:
        context.close()


def test_staff_open_gestion_from_the_phone_menu(page: Page, settings: Settings) -> None:
    settings.CAIRN_STAFF_MFA_REQUIRED = False  # as in the demo: the password opens the account
    log_in(page, make_member(roles=[Role.COORDINATION]))
    page.set_viewport_size(PHONE)
    page.goto("/fr/")
    assert _header_height(page) < ONE_LINE

    page.get_by_text("Menu", exact=True).click()
    page.get_by_text("Gestion", exact=True).click()
    page.get_by_role("link", name="Questions reçues").click()

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "/fr/gestion/questions/" in page.url
    axe_check(page, label="the inbox at 360 px")


def test_on_a_laptop_the_navigation_and_filters_show_without_the_menu_button(page: Page, listed: None) -> None:
    page.goto("/fr/recommandations/")

    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    expect(page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Agenda")).to_be_visible()
    expect(page.locator("main .filters-fold__toggle")).to_be_hidden()
    expect(page.locator("main form.filters")).to_be_visible()
    axe_check(page, label="the registry at 1280 px")


TABLES_WIDER_THAN_THEIR_BOX = """[...document.querySelectorAll('main table')]
    .filter((table) => table.getBoundingClientRect().width > table.parentElement.getBoundingClientRect().width + 0.5)
    .map((table) => table.querySelector('caption')?.textContent)"""
SMALLEST_CHART_LABEL = """Math.min(...[...document.querySelectorAll('main svg text')]
    .filter((text) => text.getBoundingClientRect().width > 0)
    .map((text) => {
        const svg = text.ownerSVGElement;
        const scale = svg.getBoundingClientRect().width / (svg.viewBox.baseVal.width || svg.getBoundingClientRect().width);
        return parseFloat(getComputedStyle(text).fontSize) * scale;
    }))"""


def test_the_state_of_play_fits_its_tables_on_a_laptop_and_keeps_charts_readable_on_a_phone(page: Page, listed: None) -> None:
    page.goto("/fr/etat-des-lieux/")
    expect(page.locator("main figure.chart").first).to_be_visible()

    assert page.evaluate(TABLES_WIDER_THAN_THEIR_BOX) == []

    page.set_viewport_size(PHONE)
    assert page.evaluate(SMALLEST_CHART_LABEL) >= 12
    block = page.locator("main .chart-block").first
    table_top = block.locator(".table-wrap").bounding_box()
    chart_top = block.locator("figure.chart").bounding_box()
    assert table_top and chart_top and table_top["y"] < chart_top["y"], "on a phone the table comes before its chart"
    assert_no_horizontal_scroll(page)
    axe_check(page, label="the state of play at 360 px")


def test_the_team_translates_a_topic_on_a_phone_and_a_dutch_reader_sees_it(page: Page, settings: Settings) -> None:
    """The topic form at 360 px: no label without a field, nothing wider than the screen,
    nothing axe-core finds serious; the Dutch title saved there is the one the call's
    Dutch page shows."""
    from cairn.experiments.factories import TopicFactory

    settings.CAIRN_STAFF_MFA_REQUIRED = False
    topic = TopicFactory(title="Rencontres entre métiers")
    log_in(page, make_member(roles=[Role.COORDINATION]))
    page.set_viewport_size(PHONE)
    page.goto(f"/fr/gestion/experimentations/{topic.call.pk}/sujets/")
    page.get_by_role("link", name="Modifier « Rencontres entre métiers »").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Modifier le sujet")
    expect(page.get_by_text("Version", exact=True)).to_have_count(0)
    assert_no_horizontal_scroll(page)
    axe_check(page, label="a topic's form at 360 px")
    page.get_by_label("Titre (néerlandais)").fill("Ontmoetingen tussen beroepen")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_text("Le sujet « Rencontres entre métiers » est enregistré.")).to_be_visible()
    page.goto(f"/nl/experimentations/{topic.call.slug}/")
    expect(page.get_by_role("heading", level=3, name="Ontmoetingen tussen beroepen")).to_be_visible()
