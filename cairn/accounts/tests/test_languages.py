"""Languages: every page lives under /fr/, /nl/ and /en/; ``/`` picks one; the language
switch (accounts:set_language) keeps the page and remembers the choice; signing in
continues in the member's language.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from cairn.accounts.factories import PASSWORD, UserFactory
from cairn.accounts.models import Profile, User
from cairn.accounts.tests.helpers import accounts_snapshot

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "nl", "en"]
PUBLIC_PAGES = ["", "processus/", "composants/", "membres/", "compte/login/", "compte/signup/"]
MEMBER_PAGES = ["profil/", "mes-donnees/"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_exists_in_every_language(client: Client, language: str) -> None:
    member = UserFactory()

    statuses = {path: client.get(f"/{language}/{path}") for path in PUBLIC_PAGES}
    client.force_login(member)
    statuses |= {path: client.get(f"/{language}/{path}") for path in MEMBER_PAGES}

    assert {path: r.status_code for path, r in statuses.items()} == dict.fromkeys(PUBLIC_PAGES + MEMBER_PAGES, 200)
    for response in statuses.values():
        assert f'<html lang="{language}">' in response.text


def test_a_path_without_language_is_redirected_into_french(client: Client) -> None:
    response = client.get("/membres/")

    assert response.status_code == 302
    assert response["Location"] == "/fr/membres/"


def test_an_unknown_language_prefix_is_not_found(client: Client) -> None:
    assert client.get("/de/membres/").status_code == 404


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [(None, "/fr/"), ("nl-BE,nl;q=0.9,fr;q=0.8", "/nl/"), ("en-GB,en;q=0.9", "/en/"), ("de-DE,de;q=0.9", "/fr/")],
)
def test_root_sends_a_visitor_to_their_browser_language(client: Client, accept_language: str | None, expected: str) -> None:
    headers = {"Accept-Language": accept_language} if accept_language else {}

    response = client.get("/", headers=headers)

    assert response.status_code == 302
    assert response["Location"] == expected


def test_root_sends_a_member_to_their_preferred_language(client: Client) -> None:
    client.force_login(UserFactory(profile__language="nl"))

    response = client.get("/", headers={"Accept-Language": "fr-BE,fr;q=0.9"})

    assert response.status_code == 302
    assert response["Location"] == "/nl/"


def test_the_switch_keeps_the_page_and_remembers_the_choice(client: Client) -> None:
    member = UserFactory(profile__language="fr")
    client.force_login(member)

    response = client.post("/fr/langue/", {"language": "nl", "next": "/fr/membres/?q=ada&page=2"})

    assert response.status_code == 302
    assert response["Location"] == "/nl/membres/?q=ada&page=2"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "nl"
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert Profile.objects.get(user=member).language == "nl"
    assert client.get("/").get("Location") == "/nl/"


def test_a_visitor_switch_sets_only_the_cookie(client: Client) -> None:
    before = accounts_snapshot()

    response = client.post("/en/langue/", {"language": "fr", "next": "/en/processus/"})

    assert response["Location"] == "/fr/processus/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert accounts_snapshot() == before
    assert client.get("/", headers={"Accept-Language": "nl"})["Location"] == "/fr/"


@pytest.mark.parametrize("next_url", ["https://evil.example/fr/", "//evil.example/fr/", "javascript:alert(1)", "/\\evil.example"])
def test_the_switch_refuses_to_send_anyone_to_another_site(client: Client, next_url: str) -> None:
    response = client.post("/fr/langue/", {"language": "nl", "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_switch_ignores_an_unknown_language(client: Client) -> None:
    member = UserFactory(profile__language="nl")
    client.force_login(member)
    before = accounts_snapshot()

    response = client.post("/fr/langue/", {"language": "de", "next": "/fr/membres/"})

    assert response.status_code == 302
    assert response["Location"] == "/fr/membres/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert accounts_snapshot() == before


def test_the_switch_only_answers_post(client: Client) -> None:
    assert client.get("/fr/langue/", {"language": "nl"}).status_code == 405


def test_the_switch_is_protected_against_cross_site_requests() -> None:
    client = Client(enforce_csrf_checks=True)

    assert client.post("/fr/langue/", {"language": "nl", "next": "/fr/"}).status_code == 403


@pytest.mark.parametrize("language", LANGUAGES)
def test_signing_in_continues_in_the_member_language(client: Client, language: str) -> None:
    member: User = UserFactory(email="ada@example.org", profile__language=language)

    response = client.post("/fr/compte/login/", {"login": "ada@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == f"/{language}/"
    assert client.session["_auth_user_id"] == str(member.pk)
