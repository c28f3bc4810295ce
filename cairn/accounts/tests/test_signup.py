"""Sign-up, e-mail verification and password reset through allauth, and what bad input gets."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.test import Client

from cairn.accounts.factories import PASSWORD, UserFactory
from cairn.accounts.models import Profile, User, Visibility
from cairn.accounts.tests.helpers import accounts_snapshot

pytestmark = pytest.mark.django_db

SIGNUP_URL = "/fr/compte/signup/"
STRONG_PASSWORD = "un sentier de cailloux 2015"


def signup_data(**changes: str) -> dict[str, str]:
    return {
        "email": "nouvelle@example.org",
        "display_name": "Nouvelle Sociétaire",
        "password1": STRONG_PASSWORD,
        "password2": STRONG_PASSWORD,
    } | changes


def test_signup_creates_an_unverified_account_without_the_member_role_and_sends_a_verification_email(
    client: Client, mailoutbox: list
) -> None:
    response = client.post(SIGNUP_URL, signup_data(email="  Nouvelle@Example.org "))

    assert response.status_code == 302
    assert response["Location"] == "/fr/compte/confirm-email/"
    user = User.objects.get()
    assert user.email == "nouvelle@example.org"
    assert user.check_password(STRONG_PASSWORD)
    # Signing up does not make a member: only the register does (the member import).
    assert list(user.groups.values_list("name", flat=True)) == []
    profile = Profile.objects.get(user=user)
    assert (profile.display_name, profile.language, profile.visibility) == ("Nouvelle Sociétaire", "fr", Visibility.MEMBERS)
    assert list(EmailAddress.objects.values_list("email", "verified", "primary")) == [("nouvelle@example.org", False, True)]
    [message] = mailoutbox
    assert message.to == ["nouvelle@example.org"]
    [path] = re.findall(r"https://testserver(/fr/compte/confirm-email/\S+/)", message.body)
    # Mandatory verification: no session until the address is confirmed.
    assert "_auth_user_id" not in client.session

    assert client.get(path).status_code == 200
    confirmed = client.post(path)

    assert confirmed.status_code == 302
    assert list(EmailAddress.objects.values_list("verified", flat=True)) == [True]
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_in_dutch_records_dutch_as_the_preferred_language(client: Client) -> None:
    response = client.post("/nl/compte/signup/", signup_data())

    assert response.status_code == 302
    assert Profile.objects.get().language == "nl"


def test_signup_with_an_existing_email_creates_no_second_account(client: Client, mailoutbox: list) -> None:
    UserFactory(email="deja@example.org")
    before = accounts_snapshot()

    response = client.post(SIGNUP_URL, signup_data(email="Deja@example.org"))

    # The answer looks like a success, so the form does not reveal who is a member…
    assert response.status_code == 302
    assert response["Location"] == "/fr/compte/confirm-email/"
    assert accounts_snapshot() == before
    # …and the owner of the address is told someone tried.
    assert [m.to for m in mailoutbox] == [["deja@example.org"]]


def test_a_weak_password_gets_a_clear_message_and_creates_nothing(client: Client, mailoutbox: list) -> None:
    before = accounts_snapshot()

    response = client.post(SIGNUP_URL, signup_data(password1="azerty", password2="azerty"))

    assert response.status_code == 200
    assert "Ce mot de passe est trop court. Il doit contenir au minimum 10 caractères." in response.text
    assert "Ce mot de passe est trop courant." in response.text
    assert accounts_snapshot() == before
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("display_name", "message"),
    [
        ("Ada\u202eLovelace", "Ce texte contient un caractère invisible ou de contrôle (U+202E) qui n’est pas accepté."),
        ("Ada\u200bLovelace", "Ce texte contient un caractère invisible ou de contrôle (U+200B) qui n’est pas accepté."),
        ("x" * 81, "Assurez-vous que cette valeur comporte au plus 80 caractères (actuellement 81)."),
        ("", "Ce champ est obligatoire."),
    ],
)
def test_a_bad_display_name_is_refused_at_signup(client: Client, mailoutbox: list, display_name: str, message: str) -> None:
    before = accounts_snapshot()

    response = client.post(SIGNUP_URL, signup_data(display_name=display_name))

    assert response.status_code == 200
    assert message in response.text
    assert accounts_snapshot() == before
    assert mailoutbox == []


def test_html_in_the_display_name_is_stored_as_written_and_shown_escaped(client: Client) -> None:
    name = "<script>alert(1)</script>"

    response = client.post(SIGNUP_URL, signup_data(display_name=name))

    assert response.status_code == 302
    profile = Profile.objects.get()
    assert profile.display_name == name
    Profile.objects.filter(pk=profile.pk).update(visibility=Visibility.PUBLIC)
    html = client.get(f"/fr/membres/{profile.pk}/").text
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in html
    assert name not in html


def test_a_bad_verification_key_gives_an_error_page(client: Client) -> None:
    user = UserFactory(verified_email=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    before = accounts_snapshot()

    page = client.get("/fr/compte/confirm-email/pas-une-cle/")
    posted = client.post("/fr/compte/confirm-email/pas-une-cle/")

    assert page.status_code == 200
    assert "Ce lien de confirmation d'adresse e-mail a expiré ou n'est pas valide." in page.text
    assert posted.status_code == 404

    assert accounts_snapshot() == before


def test_a_bad_password_reset_token_gives_an_error_page(client: Client) -> None:
    user = UserFactory()
    before = accounts_snapshot()
    path = f"/fr/compte/password/reset/key/{user_pk_to_url_str(user)}-pas-un-jeton/"

    response = client.get(path, follow=True)

    assert response.status_code == 200
    assert "Mauvais jeton d'identification" in response.text
    assert accounts_snapshot() == before
    assert user.check_password(PASSWORD)


def test_a_password_reset_link_lets_the_member_choose_a_new_password(client: Client, mailoutbox: list) -> None:
    user = UserFactory(email="oubli@example.org")

    response = client.post("/fr/compte/password/reset/", {"email": "oubli@example.org"})

    assert response.status_code == 302
    [message] = mailoutbox
    assert message.to == ["oubli@example.org"]
    assert message.subject == "[Cairn] E-mail de réinitialisation de mot de passe"
    [path] = re.findall(r"https://testserver(/fr/compte/password/reset/key/\S+/)", message.body)
    # allauth moves the token from the address into the session, then shows the form.
    form_page = client.get(path, follow=True)
    assert form_page.redirect_chain == [(f"/fr/compte/password/reset/key/{user_pk_to_url_str(user)}-set-password/", 302)]
    assert form_page.status_code == 200
    new = "une autre pierre sur le cairn"

    done = client.post(form_page.redirect_chain[0][0], {"password1": new, "password2": new})

    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)
