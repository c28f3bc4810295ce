"""The coordination team's member import, behind two-factor authentication."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from playwright.sync_api import FilePayload, Page, expect
from pytest_django.fixtures import Settings

from cairn.accounts.factories import PASSWORD, OfficeFactory
from cairn.accounts.models import Role, User
from tests.browser.helpers import audit, log_in, make_member, open_staff_page

pytestmark = pytest.mark.browser


def totp_code(secret: str) -> str:
    """The current code, taken at least 5 s before its 30 s period ends: Cairn accepts only
    the current period's code (allauth's default tolerance), and a code typed at the edge
    would reach the server in the next period and be refused."""
    left = 30 - time.time() % 30
    if left < 5:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def coordinator() -> tuple[User, str]:
    """A coordination-team member with TOTP set up, as the production settings require."""
    user = make_member(email="coordination@example.org", roles=[Role.COORDINATION], profile__display_name="Équipe coordination")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def upload(page: Page, csv: str) -> None:
    payload = FilePayload(name="membres.csv", mimeType="text/csv", buffer=csv.encode())
    page.get_by_label("Fichier CSV ou XLSX").set_input_files(files=[payload])


def sign_in_with_totp(page: Page, user: User, secret: str) -> None:
    log_in(page, user)
    expect(page).to_have_url(re.compile(r"/compte/2fa/authenticate/"))
    audit(page)
    page.get_by_role("main").locator("form input[name='code']").fill(totp_code(secret))
    page.get_by_role("main").locator("form").first.get_by_role("button").first.click()
    expect(page).not_to_have_url(re.compile(r"/compte/2fa/authenticate/"))


def test_import_page_for_the_coordination_team(page: Page, coordinator: tuple[User, str]) -> None:
    OfficeFactory(name="Namur")
    sign_in_with_totp(page, *coordinator)

    open_staff_page(page, "Importer des sociétaires")
    expect(page).to_have_url(re.compile(r"/fr/gestion/import-societaires/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer des sociétaires")
    page.get_by_text("Colonnes attendues").click()  # open the <details> so axe checks the table too
    audit(page)

    # A file with errors: nothing is imported and every bad row is listed.
    upload(page, "email,name,language,office\npas-une-adresse,Anne,fr,Namur\nbert@example.org,,xx,Atlantide\n")
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_role("heading", name="Rien n’a été importé")).to_be_visible()
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.locator("section table tbody tr").count() >= 3
    audit(page)
    assert not User.objects.filter(email="bert@example.org").exists()

    # A dry run of a good file changes nothing either.
    upload(page, "email,name,language,office\nanne@example.org,Anne Dubois,fr,Namur\nbert@example.org,Bert Janssens,nl,\n")
    page.get_by_label("Vérifier seulement, sans rien enregistrer").check()
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_role("heading", name=re.compile("Vérification réussie"))).to_be_visible()
    audit(page)
    assert not User.objects.filter(email__in=["anne@example.org", "bert@example.org"]).exists()


def test_staff_without_totp_are_sent_to_set_it_up(page: Page) -> None:
    user = make_member(roles=[Role.COORDINATION])
    log_in(page, user)
    page.goto("/fr/gestion/import-societaires/")

    # allauth asks for the password again before a second factor is added (it only counts an
    # explicit re-authentication as recent), then shows the TOTP set-up page.
    expect(page).to_have_url(re.compile(r"/fr/compte/reauthenticate/\?next=.*2fa.*totp.*activate"))
    expect(page.get_by_role("status").first).to_contain_text("double authentification")
    audit(page)
    page.get_by_role("main").locator("input[type='password']").fill(PASSWORD)
    page.get_by_role("main").locator("form").get_by_role("button").first.click()

    expect(page).to_have_url(re.compile(r"/fr/compte/2fa/totp/activate/$"))
    expect(page.get_by_role("main").locator("input[name='code']")).to_be_visible()
    audit(page)


def test_import_page_without_mfa_requirement(page: Page, settings: Settings, coordinator: tuple[User, str]) -> None:
    """With CAIRN_STAFF_MFA_REQUIRED off (the demo), a coordinator without TOTP reaches the page."""
    settings.CAIRN_STAFF_MFA_REQUIRED = False
    user = make_member(roles=[Role.COORDINATION])
    log_in(page, user)
    page.goto("/fr/gestion/import-societaires/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer des sociétaires")
