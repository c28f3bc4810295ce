"""Importing a working group's pad through the staff page, as a coordinator does it: upload,
read the preview, confirm; then find one of its recommendations through search and filters
and open it. Once with JavaScript (audited with axe-core), once without."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import BrowserContext, FilePayload, Page, expect

from cairn.accounts.models import Role, User
from cairn.recommendations.factories import CycleFactory
from cairn.recommendations.models import Recommendation, RegistryImport
from cairn.recommendations.tasks import apply_registry_import
from tests.browser.helpers import audit, log_in, make_member, open_staff_page
from tests.browser.test_coordination import sign_in_with_totp, totp_code

pytestmark = pytest.mark.browser

PAD = Path(__file__).resolve().parents[2] / "cairn" / "recommendations" / "tests" / "data" / "pad_fr_cooperation.md"


def choose_pad(page: Page) -> None:
    payload = FilePayload(name="cooperer-autrement.md", mimeType="text/markdown", buffer=PAD.read_bytes())
    page.get_by_label("Fichier CSV, XLSX ou Markdown (pad)").set_input_files(files=[payload])


def test_a_pad_from_upload_to_the_registry(page: Page) -> None:
    CycleFactory(name="2019-2020", slug="2019-2020", code="2019-20")
    coordinator = make_member(email="coordination@example.org", roles=[Role.COORDINATION])
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    sign_in_with_totp(page, coordinator, secret)

    open_staff_page(page, "Importer le registre")
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer le registre")
    page.get_by_text("Colonnes d’un tableau").click()  # open the <details> so axe checks the table too
    audit(page)

    # A pad without its cycle is refused on the form.
    choose_pad(page)
    page.get_by_role("button", name="Voir l’aperçu").click()
    expect(page.get_by_text("Ce pad ne dit pas à quel cycle il appartient", exact=False).first).to_be_visible()

    choose_pad(page)
    page.get_by_label("Cycle", exact=True).select_option(label="2019-2020 (Belgique)")
    page.get_by_role("button", name="Voir l’aperçu").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Aperçu de l’import : cooperer-autrement.md")
    expect(page.get_by_text("14 recommandations à créer")).to_be_visible()
    expect(page.get_by_role("cell", name="2019-20/COO/06.01")).to_be_visible()
    expect(page.get_by_role("heading", name="1 ligne non placée (elle ne sera pas importée)")).to_be_visible()
    audit(page)
    assert not Recommendation.objects.exists()

    page.get_by_role("button", name="Confirmer l’import").click()
    expect(page.get_by_role("status").first).to_contain_text("Import confirmé : il s’applique en arrière-plan")
    # The test server runs tasks at once, so the page already shows the result.
    expect(page.get_by_text("Import terminé : le registre est à jour.")).to_be_visible()
    expect(page.get_by_text("14 recommandations créées")).to_be_visible()
    audit(page)
    assert Recommendation.objects.count() == 14

    # The imported recommendation is found by search and filters, and opens.
    page.goto("/fr/recommandations/")
    page.get_by_label("Rechercher").fill("fonds de solidarite")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("#registry-results").get_by_role("heading", level=2)).to_have_text(
        ["Créer un fonds de solidarité entre sociétaires"]
    )
    page.goto("/fr/recommandations/")
    page.get_by_label("Nature").select_option("line_of_thought")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("#registry-results").get_by_role("heading", level=2)).to_have_count(2)
    page.get_by_role("link", name="Explorer des monnaies locales.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Explorer des monnaies locales.")


def test_the_import_works_without_javascript(new_context: Callable[..., BrowserContext]) -> None:
    CycleFactory(name="2019-2020", slug="2019-2020", code="2019-20")
    coordinator = make_member(email="coordination@example.org", roles=[Role.COORDINATION])
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    page = new_context(java_script_enabled=False).new_page()
    sign_in_with_totp_without_audit(page, coordinator, secret)

    page.goto("/fr/gestion/import-registre/")
    choose_pad(page)
    page.get_by_label("Cycle", exact=True).select_option(label="2019-2020 (Belgique)")
    page.get_by_role("button", name="Voir l’aperçu").click()
    page.get_by_role("button", name="Confirmer l’import").click()
    expect(page.get_by_text("Import terminé : le registre est à jour.")).to_be_visible()

    assert Recommendation.objects.count() == 14
    assert RegistryImport.objects.get().state == "applied"


def sign_in_with_totp_without_audit(page: Page, user: User, secret: str) -> None:
    """``sign_in_with_totp`` runs axe-core, which needs JavaScript; the same steps without it."""
    log_in(page, user)
    expect(page).to_have_url(re.compile(r"/compte/2fa/authenticate/"))
    page.get_by_role("main").locator("form input[name='code']").fill(totp_code(secret))
    page.get_by_role("main").locator("form").first.get_by_role("button").first.click()
    expect(page).not_to_have_url(re.compile(r"/compte/2fa/authenticate/"))


def test_the_preview_follows_an_import_running_in_the_background(page: Page, settings) -> None:
    """With a real queue the confirmation returns at once; the page shows the import running
    and swaps in the result when the worker is done, without a reload."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": settings.TASK_LANES}}  # queued, not run
    CycleFactory(name="2019-2020", slug="2019-2020", code="2019-20")
    coordinator = make_member(email="coordination@example.org", roles=[Role.COORDINATION])
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    sign_in_with_totp(page, coordinator, secret)

    page.goto("/fr/gestion/import-registre/")
    choose_pad(page)
    page.get_by_label("Cycle", exact=True).select_option(label="2019-2020 (Belgique)")
    page.get_by_role("button", name="Voir l’aperçu").click()
    page.get_by_role("button", name="Confirmer l’import").click()

    expect(page.get_by_role("heading", name="Import en cours")).to_be_visible()
    audit(page)
    assert not Recommendation.objects.exists()
    url = page.url

    # The worker picks the job up.
    assert apply_registry_import.call(import_id=RegistryImport.objects.get().pk) is True

    expect(page.get_by_text("Import terminé : le registre est à jour.")).to_be_visible()
    expect(page.get_by_text("14 recommandations créées")).to_be_visible()
    assert page.url == url  # swapped in place by HTMX, not reloaded by the reader
