"""The state of play in a browser: the dashboard passes axe-core and fits a phone; a
category filter narrows the figures (with htmx, and as a plain form without JavaScript);
a number leads to the registry listing exactly those recommendations."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from cairn.recommendations.tests.registry_fixtures import Registry, build_registry
from tests.browser.helpers import audit

pytestmark = pytest.mark.browser


@pytest.fixture
def reg() -> Registry:
    return build_registry()


def test_dashboard_filter_by_category_then_follow_a_number(page: Page, reg: Registry) -> None:
    page.goto("/fr/etat-des-lieux/")
    expect(page.get_by_role("heading", level=1)).to_have_text("État des lieux")
    expect(page.locator(".headline")).to_contain_text("2 réalisées sur 5 évaluées")
    expect(page.locator("svg.chart__svg")).to_have_count(4)
    audit(page)

    category = page.get_by_label("Grande thématique", exact=True)
    category.focus()
    with page.expect_response(lambda r: "category=" in r.url and r.request.headers.get("hx-request") == "true"):
        category.select_option(label="Économie (4)")
    expect(page).to_have_url(re.compile(rf"category={reg.categories['eco'].pk}"))
    expect(page.locator(".headline")).to_contain_text("1 réalisées sur 3 évaluées")

    # The "in progress" count of the headline leads to the registry, filtered the same way.
    headline = page.locator(".headline")
    link = headline.get_by_role("link", name="1", exact=True).first
    count = int(link.inner_text())
    link.click()
    expect(page).to_have_url(re.compile(r"/fr/recommandations/\?.*category="))
    expect(page.locator("#registry-count")).to_have_text(f"{count} recommandation")
    audit(page)


def test_dashboard_filters_without_javascript(new_context: Callable[..., BrowserContext], reg: Registry) -> None:
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/fr/etat-des-lieux/")
    page.get_by_label("Pays", exact=True).select_option(label="France (1)")
    page.get_by_role("button", name="Afficher").click()
    expect(page).to_have_url(re.compile(r"country=FR"))
    expect(page.locator(".headline")).to_contain_text("0 réalisées sur 1 évaluées")


def test_open_data_page_is_accessible(page: Page, reg: Registry) -> None:
    page.goto("/fr/etat-des-lieux/donnees-ouvertes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Données ouvertes de l’état des lieux")
    audit(page)


def test_download_the_pdf_and_find_the_headline_figures_in_it(page: Page, reg: Registry, tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        # CI installs it (.ci/run): there a missing pdftotext fails instead of skipping.
        (pytest.fail if os.environ.get("CI") else pytest.skip)("pdftotext (poppler-utils) is not installed: apt-get install poppler-utils")
    page.goto("/fr/etat-des-lieux/")
    headline = " ".join(page.locator(".headline__rate").all_inner_texts())
    shown = re.findall(r"Taux de réalisation : (\d+ %) — (\d+) réalisées sur (\d+) évaluées", headline)
    assert shown == [("40 %", "2", "5")]

    page.get_by_role("link", name="Rapport PDF").click()
    expect(page.get_by_role("button", name="Préparer le PDF")).to_be_visible()
    audit(page)
    page.get_by_role("button", name="Préparer le PDF").click()
    expect(page.get_by_role("status")).to_have_text("Le PDF est prêt.")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Télécharger le PDF")).click()
    path = tmp_path / "etat-des-lieux.pdf"
    download_info.value.save_as(path)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split())
    percent, done, assessed = shown[0]
    assert f"Taux de réalisation : {percent} — {done} réalisées sur {assessed} évaluées" in text


def test_an_edition_page_is_accessible(page: Page, reg: Registry) -> None:
    from cairn.reports.services import category_analysis_update, edition_publish

    for key, category in reg.categories.items():
        category_analysis_update(category=category, text_fr=f"Analyse {key}.", text_nl=f"Analyse {key}.", text_en="", actor=None)
    edition_publish(title="État des lieux 2023", as_of=datetime.date(2023, 1, 1), actor=None)
    page.goto("/fr/etat-des-lieux/editions/")
    page.get_by_role("link", name="État des lieux 2023").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("État des lieux 2023")
    expect(page.locator(".headline")).to_contain_text("1 réalisées sur 2 évaluées")
    audit(page)
