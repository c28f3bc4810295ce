"""The coordination team keeps the registry in a browser, without the Django admin: a new
cycle and theme from the staff pages, a pad numbered by its headings imported into them,
one of Cairn's suggested links confirmed, and the link on both recommendations' pages in
French and Dutch. Every page passes axe-core and fits a phone."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import FilePayload, Page, expect
from pytest_django.fixtures import Settings

from cairn.accounts.models import Role
from cairn.recommendations.factories import CycleFactory, RecommendationFactory, ThemeFactory
from cairn.recommendations.models import Cycle, Recommendation
from tests.browser.helpers import audit, log_in, make_member, open_staff_page

pytestmark = pytest.mark.browser

PAD = Path(__file__).parents[2] / "cairn" / "recommendations" / "tests" / "data" / "pad_headings_plaidoyer.md"


def test_staff_create_a_cycle_and_a_theme_import_a_pad_and_confirm_a_suggested_link(page: Page, settings: Settings) -> None:
    settings.CAIRN_STAFF_MFA_REQUIRED = False
    earlier = RecommendationFactory(
        title="Une permanence juridique par bureau",
        text="Les sociétaires ne savent pas à qui s'adresser en cas de litige.",
        theme=ThemeFactory(title="Droits", cycle=CycleFactory(name="2019-2020", code="2019-20", starts_on=datetime.date(2019, 6, 1))),
    )
    log_in(page, make_member(roles=[Role.COORDINATION]))

    # A new cycle, from the staff menu.
    page.goto("/fr/")
    open_staff_page(page, "Cycles et groupes")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cycles, thématiques et groupes")
    audit(page)
    page.get_by_role("link", name="Nouveau cycle").click()
    expect(page.get_by_label("Pays")).to_be_visible()
    audit(page)
    page.get_by_label("Nom").fill("2024-2025")
    page.get_by_label("Pays").select_option("BE")
    page.get_by_label("Début").fill("2024-06-01")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name=re.compile(r"^2024-2025"))).to_be_visible()

    # Its theme.
    page.get_by_role("link", name="Nouvelle thématique du cycle 2024-2025").click()
    page.get_by_role("textbox", name="Titre (obligatoire)").fill("Défense des droits des sociétaires")
    page.get_by_label("Voté en AG le").fill("2024-06-15")
    audit(page)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("link", name="Défense des droits des sociétaires")).to_be_visible()

    # A pad numbered by its headings, into that cycle and theme.
    open_staff_page(page, "Importer le registre")
    page.get_by_label("Fichier CSV, XLSX ou Markdown (pad)").set_input_files(
        files=[FilePayload(name="plaidoyer.md", mimeType="text/markdown", buffer=PAD.read_bytes())]
    )
    page.get_by_label("Cycle", exact=True).select_option(str(Cycle.objects.get(name="2024-2025").pk))
    page.get_by_role("button", name="Voir l’aperçu").click()
    expect(page.locator("#pad-structure")).to_contain_text("des titres numérotés (« ### 1. Titre »)")
    expect(page.get_by_text("7 recommandations à créer")).to_be_visible()
    audit(page)
    page.get_by_role("button", name=re.compile("Confirmer")).click()
    expect(page.get_by_role("heading", name="Import appliqué")).to_be_visible(timeout=20_000)
    imported = Recommendation.objects.get(title="Une permanence juridique par bureau", cycle__name="2024-2025")

    # Cairn suggested the earlier cycle's same demand: confirm it as a continuation.
    page.goto(f"/fr/recommandations/{imported.reference}/")
    page.get_by_role("link", name="Liens avec d’autres cycles").click()
    suggestions = page.locator(".link-suggestions li")
    expect(suggestions).to_have_count(1)
    expect(suggestions.first).to_contain_text(earlier.reference)
    audit(page)
    suggestions.first.get_by_label(f"Lien avec {earlier.reference}").select_option("continues")
    suggestions.first.get_by_role("button", name="Confirmer le lien").click()
    expect(page.get_by_text("Le lien est enregistré")).to_be_visible()
    expect(page.locator(".link-suggestions")).to_have_count(0)

    # Both pages show it, in French and in Dutch.
    for language, continues, continued_by in [("fr", "Prolonge", "Prolongée par"), ("nl", "Zet voort", "Voortgezet door")]:
        page.goto(f"/{language}/recommandations/{imported.reference}/")
        related = page.locator("section[aria-labelledby=related-title]")
        expect(related).to_contain_text(f"{continues} {earlier.reference}")
        audit(page)
        page.goto(f"/{language}/recommandations/{earlier.reference}/")
        expect(page.locator("section[aria-labelledby=related-title]")).to_contain_text(f"{continued_by} {imported.reference}")
