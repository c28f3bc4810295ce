"""Personal data: the export (accounts:export_data) and the erasure (accounts:delete_account)
both ask for a fresh password confirmation (allauth's reauthentication) first.
"""

from __future__ import annotations

import json
import time

import pytest
from django.test import Client
from django.utils import timezone

from cairn.accounts.factories import PASSWORD, UserFactory
from cairn.accounts.models import Profile, User, Visibility
from cairn.accounts.tests.helpers import PERSONAL_DATA_SECTIONS, accounts_snapshot, mark_recently_reauthenticated

pytestmark = pytest.mark.django_db

EXPORT_URL = "/fr/mes-donnees/export/"
DELETE_URL = "/fr/mes-donnees/supprimer/"
REAUTH_URL = "/fr/compte/reauthenticate/"


@pytest.fixture
def member(client: Client) -> User:
    user = UserFactory(email="ada@example.org", profile__display_name="Ada", profile__visibility=Visibility.PUBLIC)
    client.force_login(user)
    return user


def test_the_privacy_page_links_to_both_actions(client: Client, member: User) -> None:
    response = client.get("/fr/mes-donnees/")

    assert response.status_code == 200
    assert f'href="{EXPORT_URL}"' in response.text
    assert f'href="{DELETE_URL}"' in response.text


@pytest.mark.parametrize("url", [EXPORT_URL, DELETE_URL])
def test_without_a_fresh_login_both_ask_for_the_password_again(client: Client, member: User, url: str) -> None:
    before = accounts_snapshot()

    responses = [client.get(url), client.post(url, {"confirm": "SUPPRIMER"})]

    for response in responses:
        assert response.status_code == 302
        assert response["Location"] == f"{REAUTH_URL}?next={url.replace('/', '%2F')}"
    assert accounts_snapshot() == before


def test_a_password_confirmation_older_than_five_minutes_no_longer_counts(client: Client, member: User) -> None:
    mark_recently_reauthenticated(client, member)
    session = client.session
    session["account_authentication_methods"][0]["at"] = time.time() - 301
    session.save()

    response = client.get(EXPORT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(REAUTH_URL)


def test_the_reauthentication_form_leads_to_the_export(client: Client, member: User) -> None:
    page = client.get(f"{REAUTH_URL}?next={EXPORT_URL}")
    assert page.status_code == 200

    wrong = client.post(f"{REAUTH_URL}?next={EXPORT_URL}", {"password": "pas le bon mot de passe"})
    assert wrong.status_code == 200
    assert "Mot de passe incorrect." in wrong.text
    assert client.get(EXPORT_URL).status_code == 302

    right = client.post(f"{REAUTH_URL}?next={EXPORT_URL}", {"password": PASSWORD})
    assert right.status_code == 302
    assert right["Location"] == EXPORT_URL
    assert client.get(EXPORT_URL).status_code == 200


def test_the_export_is_a_json_attachment_with_everything(client: Client, member: User) -> None:
    mark_recently_reauthenticated(client, member)

    response = client.get(EXPORT_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="cairn-mes-donnees-{timezone.localdate().isoformat()}.json"'
    data = json.loads(response.content)
    # Accounts' own parts, then each app holding personal data adds its section.
    assert set(data) == {"format", "exported_at", "account", "profile", "audit"} | PERSONAL_DATA_SECTIONS
    assert data["format"] == "cairn-personal-data/2"
    assert data["stories"] == {"written": [], "images": []}
    assert data["account"]["email"] == "ada@example.org"
    assert data["account"]["roles"] == ["member"]
    assert data["profile"]["display_name"] == "Ada"
    assert member.password not in response.text


def test_deleting_the_account_erases_the_person_and_signs_out(client: Client, member: User) -> None:
    mark_recently_reauthenticated(client, member)
    profile_pk = member.profile.pk

    page = client.get(DELETE_URL)
    assert page.status_code == 200
    response = client.post(DELETE_URL, {"confirm": "supprimer"})

    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    assert "_auth_user_id" not in client.session
    user = User.objects.get(pk=member.pk)
    assert user.anonymised_at is not None
    assert user.email == f"anonymised-{member.pk}@invalid.example"
    assert not user.is_active
    assert Profile.objects.get(pk=profile_pk).display_name == ""
    home = client.get("/fr/")
    assert "Votre compte est supprimé. Vos contributions restent, sans votre nom." in home.text
    assert client.get(f"/fr/membres/{profile_pk}/").status_code == 404
    # The old password no longer opens anything.
    login = client.post("/fr/compte/login/", {"login": "ada@example.org", "password": PASSWORD})
    assert login.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("confirm", ["", "oui", "SUPPRIMER MON COMPTE"])
def test_deleting_without_typing_the_word_changes_nothing(client: Client, member: User, confirm: str) -> None:
    mark_recently_reauthenticated(client, member)
    before = accounts_snapshot()

    response = client.post(DELETE_URL, {"confirm": confirm})

    assert response.status_code == 200
    assert accounts_snapshot() == before
    assert client.session["_auth_user_id"] == str(member.pk)
    assert ("Ce champ est obligatoire." if not confirm else "Écrivez SUPPRIMER pour confirmer la suppression.") in response.text
