"""The member-import page (accounts:import_members), the invitations it sends, and the
page an invited member opens to choose a password (accounts:accept_invitation).
"""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.mail import EmailMultiAlternatives
from django.test import Client

from cairn.accounts import services
from cairn.accounts.factories import PASSWORD, OfficeFactory, UserFactory
from cairn.accounts.models import MemberImport, Office, User
from cairn.accounts.tasks import send_invitations
from cairn.accounts.tests.helpers import accounts_snapshot, make_user

pytestmark = pytest.mark.django_db

IMPORT_URL = "/fr/gestion/import-societaires/"
NEW_PASSWORD = "un sentier de cailloux 2015"
GOOD_FILE = (
    "email;nom;langue;pays;bureau\n"
    "lea@example.org;Léa Martin;fr;BE;Liège\n"
    "jan@example.org;Jan Peeters;nl;BE;Gent\n"
    "ann@example.org;Ann Smith;en;FR;\n"
).encode()


def upload(content: bytes, name: str = "membres.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture
def coordinator() -> User:
    return make_user("coordination")


@pytest.fixture
def coordinator_client(client: Client, coordinator: User) -> Client:
    OfficeFactory(name="Liège")
    OfficeFactory(name="Gent")
    client.force_login(coordinator)
    return client


def invitation_link(message: EmailMultiAlternatives) -> str:
    """The path of the single link in the invitation, checked to be on the site."""
    urls = re.findall(r"https?://\S+", message.body)
    assert len(urls) == 1
    assert urls[0].startswith(settings.SITE_URL + "/")
    return urls[0].removeprefix(settings.SITE_URL)


def import_and_send(client: Client, django_capture_on_commit_callbacks, content: bytes = GOOD_FILE) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(IMPORT_URL, {"file": upload(content)})
    assert response.status_code == 302
    assert response["Location"] == IMPORT_URL


# --- who may import -------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member", "facilitator", "department_lead"])
def test_the_import_page_is_forbidden_to_other_roles(client: Client, role: str, mailoutbox: list) -> None:
    client.force_login(make_user(role))
    before = accounts_snapshot()

    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"file": upload(GOOD_FILE)}).status_code == 403

    assert accounts_snapshot() == before
    assert mailoutbox == []


def test_a_visitor_is_sent_to_the_login_page(client: Client) -> None:
    before = accounts_snapshot()

    response = client.post(IMPORT_URL, {"file": upload(GOOD_FILE)})

    assert response.status_code == 302
    assert response["Location"] == f"/fr/compte/login/?next={IMPORT_URL}"
    assert accounts_snapshot() == before


@pytest.mark.parametrize("role", ["coordination", "admin"])
def test_the_import_page_is_open_to_coordination_and_admins(client: Client, role: str) -> None:
    client.force_login(make_user(role))

    response = client.get(IMPORT_URL)

    assert response.status_code == 200
    assert "<h1>Importer des sociétaires</h1>" in response.text


# --- importing ------------------------------------------------------------------------


def test_an_import_creates_members_and_sends_one_invitation_each(
    coordinator_client: Client, django_capture_on_commit_callbacks, mailoutbox: list
) -> None:
    import_and_send(coordinator_client, django_capture_on_commit_callbacks)

    assert sorted(User.objects.filter(invited_at__isnull=False).values_list("email", flat=True)) == [
        "ann@example.org",
        "jan@example.org",
        "lea@example.org",
    ]
    assert sorted(m.to for m in mailoutbox) == [["ann@example.org"], ["jan@example.org"], ["lea@example.org"]]
    record = MemberImport.objects.get()
    assert (record.created_count, record.recognised_count, record.updated_count, record.unchanged_count) == (3, 0, 0, 0)
    page = coordinator_client.get(IMPORT_URL)
    assert (
        "Import terminé. Comptes créés : 3 ; comptes existants reconnus comme sociétaires : 0 ; profils mis à jour : 0 ;"
        " lignes inchangées : 0. Les invitations partent en arrière-plan."
    ) in page.text


def test_reimporting_the_same_file_creates_nothing_and_invites_nobody_again(
    coordinator_client: Client, django_capture_on_commit_callbacks, mailoutbox: list
) -> None:
    import_and_send(coordinator_client, django_capture_on_commit_callbacks)
    mailoutbox.clear()
    before = accounts_snapshot()

    import_and_send(coordinator_client, django_capture_on_commit_callbacks)

    after = accounts_snapshot()
    assert after.pop("imports")[-1][1:] == (0, 0, 0, 3)
    before.pop("imports")
    assert after == before
    assert mailoutbox == []


def test_a_dry_run_reports_and_writes_nothing(coordinator_client: Client, django_capture_on_commit_callbacks, mailoutbox: list) -> None:
    # Already members: Léa exactly as in the file, Jan under another name.
    UserFactory(email="lea@example.org", profile__display_name="Léa Martin", profile__office=Office.objects.get(name="Liège"))
    UserFactory(email="jan@example.org", profile__display_name="Jan", profile__language="nl")
    before = accounts_snapshot()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = coordinator_client.post(IMPORT_URL, {"file": upload(GOOD_FILE), "dry_run": "on"})

    assert response.status_code == 200
    assert "Vérification réussie : rien n’a été enregistré" in response.text
    assert "1 compte serait créé et invité" in response.text
    assert "0 comptes existants seraient reconnus comme sociétaires" in response.text
    assert "1 profil serait mis à jour" in response.text
    assert "1 ligne inchangée" in response.text
    assert accounts_snapshot() == before
    assert callbacks == []
    assert mailoutbox == []


def test_the_page_says_how_many_accounts_that_signed_up_it_recognises(
    coordinator_client: Client, django_capture_on_commit_callbacks, mailoutbox: list
) -> None:
    ann = make_user("registered", email="ann@example.org")

    checked = coordinator_client.post(IMPORT_URL, {"file": upload(GOOD_FILE), "dry_run": "on"})
    assert "1 compte existant serait reconnu comme sociétaire" in checked.text
    assert "2 comptes seraient créés et invités" in checked.text
    assert list(ann.groups.values_list("name", flat=True)) == []

    import_and_send(coordinator_client, django_capture_on_commit_callbacks)

    assert list(ann.groups.values_list("name", flat=True)) == ["member"]
    page = coordinator_client.get(IMPORT_URL)
    assert (
        "Import terminé. Comptes créés : 2 ; comptes existants reconnus comme sociétaires : 1 ; profils mis à jour : 0 ;"
        " lignes inchangées : 0. Les invitations partent en arrière-plan."
    ) in page.text
    assert "<td>2</td><td>1</td><td>0</td><td>0</td>" in page.text  # the history: created, recognised, updated, unchanged
    assert sorted(m.to for m in mailoutbox) == [["jan@example.org"], ["lea@example.org"]]


def test_one_bad_row_imports_nothing_and_every_bad_row_is_listed(
    coordinator_client: Client, django_capture_on_commit_callbacks, mailoutbox: list
) -> None:
    content = (
        "email,name,office\nbon@example.org,Bonne ligne,Liège\nmauvais,Nom,\nbon@example.org,Doublon,\nautre@example.org,Autre,Atlantis\n"
    ).encode()
    before = accounts_snapshot()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = coordinator_client.post(IMPORT_URL, {"file": upload(content)})

    assert response.status_code == 400
    assert "Rien n’a été importé" in response.text
    assert "3 erreurs à corriger dans le fichier :" in response.text
    rows = re.findall(r"<tr><td>(\d+)</td><td><code>(\w*)</code></td><td>([^<]*)</td></tr>", response.text)
    assert rows == [
        ("3", "email", "Adresse e-mail invalide : « mauvais »."),
        ("4", "email", "Adresse déjà présente à la ligne 2 du fichier."),
        ("5", "office", "Bureau inconnu « Atlantis »."),
    ]
    assert accounts_snapshot() == before
    assert callbacks == []
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("name", "content", "status", "message"),
    [
        ("membres.csv", b"", 200, "Le fichier soumis est vide."),
        ("membres.csv", b"\n\n", 400, "Le fichier est vide."),
        ("membres.ods", b"email,name\n", 200, "Format non reconnu : envoyez un fichier .csv ou .xlsx."),
        ("membres.xlsx", b"not a zip", 400, "Le classeur XLSX est illisible ou endommagé."),
        ("membres.csv", b"courriel,langue\na@example.org,fr\n", 400, "Colonne obligatoire absente de l’en-tête : name."),
        ("membres.csv", b"email,name\n", 400, "Le fichier ne contient aucune ligne de sociétaire."),
    ],
)
def test_an_unusable_file_is_refused_with_a_clear_message(
    coordinator_client: Client, name: str, content: bytes, status: int, message: str
) -> None:
    before = accounts_snapshot()

    response = coordinator_client.post(IMPORT_URL, {"file": upload(content, name)})

    assert response.status_code == status
    assert message in response.text
    assert accounts_snapshot() == before


def test_a_form_without_a_file_is_refused(coordinator_client: Client) -> None:
    before = accounts_snapshot()

    response = coordinator_client.post(IMPORT_URL, {"dry_run": "on"})

    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.text
    assert accounts_snapshot() == before


def test_a_file_over_ten_megabytes_is_refused(coordinator_client: Client) -> None:
    content = GOOD_FILE + b"x" * settings.CAIRN_MEMBER_IMPORT_MAX_BYTES
    before = accounts_snapshot()

    response = coordinator_client.post(IMPORT_URL, {"file": upload(content)})

    assert response.status_code == 200
    assert "Le fichier dépasse la taille maximale de 10 Mo." in response.text
    assert accounts_snapshot() == before


def test_the_page_lists_the_last_imports(coordinator_client: Client, coordinator: User, django_capture_on_commit_callbacks) -> None:
    import_and_send(coordinator_client, django_capture_on_commit_callbacks)

    response = coordinator_client.get(IMPORT_URL)

    assert "<h2>Derniers imports</h2>" in response.text
    profile = coordinator.profile
    assert f'<td><a href="/fr/membres/{profile.pk}/">{profile.display_name}</a></td><td>3</td><td>0</td><td>0</td>' in response.text


# --- the invitation e-mail ------------------------------------------------------------


def test_the_invitation_is_written_in_french_for_a_french_member(
    coordinator_client: Client, django_capture_on_commit_callbacks, mailoutbox: list
) -> None:
    import_and_send(coordinator_client, django_capture_on_commit_callbacks)
    [message] = [m for m in mailoutbox if m.to == ["lea@example.org"]]
    user = User.objects.get(email="lea@example.org")

    cooperative = settings.CAIRN_COOPERATIVE_NAME
    assert message.subject == f"Votre compte sur Cairn, la plateforme participative de {cooperative}"
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.body.startswith("Bonjour Léa Martin,\n")
    assert "Pour activer votre compte, choisissez votre mot de passe ici :" in message.body
    link = invitation_link(message)
    assert re.fullmatch(rf"/fr/invitation/{user_pk_to_url_str(user)}-[0-9a-z]+-[0-9a-f]+/", link)
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="fr">' in html
    assert f'href="{settings.SITE_URL}{link}"' in html
    assert "Activer mon compte" in html


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_invitation_follows_the_member_language(
    coordinator_client: Client, django_capture_on_commit_callbacks, mailoutbox: list, language: str
) -> None:
    email = {"nl": "jan@example.org", "en": "ann@example.org"}[language]
    import_and_send(coordinator_client, django_capture_on_commit_callbacks)
    [message] = [m for m in mailoutbox if m.to == [email]]

    link = invitation_link(message)
    assert link.startswith(f"/{language}/invitation/")
    [(html, _mimetype)] = message.alternatives
    assert f'<html lang="{language}">' in html
    assert f'href="{settings.SITE_URL}{link}"' in html
    assert coordinator_client.get(link).status_code == 200


def test_the_invitation_task_never_invites_twice(django_capture_on_commit_callbacks, mailoutbox: list) -> None:
    user = User.objects.create_user("seul@example.org")
    services.member_register(user=user, display_name="Seul", language="fr")

    first = send_invitations.enqueue(user_ids=[user.pk])
    second = send_invitations.enqueue(user_ids=[user.pk])

    assert (first.return_value, second.return_value) == (1, 0)
    assert [m.to for m in mailoutbox] == [["seul@example.org"]]


def test_members_with_a_password_or_erased_are_not_invited(mailoutbox: list) -> None:
    with_password = make_user("member")
    erased = User.objects.create_user("efface@example.org")
    services.member_register(user=erased, display_name="Effacé", language="fr")
    services.member_anonymise(user=erased)

    result = send_invitations.enqueue(user_ids=[with_password.pk, erased.pk])

    assert result.return_value == 0
    assert mailoutbox == []
    assert User.objects.filter(invited_at__isnull=False).count() == 0


# --- accepting the invitation ---------------------------------------------------------


def _invite(mailoutbox: list, email: str = "lea@example.org", language: str = "fr") -> tuple[User, str]:
    user = User.objects.create_user(email)
    services.member_register(user=user, display_name="Léa Martin", language=language)
    EmailAddress.objects.create(user=user, email=email, verified=False, primary=True)
    assert services.member_invite(user=user)
    return user, invitation_link(mailoutbox[-1])


def test_the_link_opens_the_page_to_choose_a_password(client: Client, mailoutbox: list) -> None:
    _user, link = _invite(mailoutbox)

    response = client.get(link)

    assert response.status_code == 200
    assert "<h1>Bienvenue, Léa Martin</h1>" in response.text
    assert "Choisissez un mot de passe pour votre compte lea@example.org." in response.text
    assert 'name="password1"' in response.text
    assert 'name="password2"' in response.text


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_choosing_a_password_verifies_the_address_and_signs_in(client: Client, mailoutbox: list, language: str) -> None:
    user, link = _invite(mailoutbox, language=language)

    response = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == f"/{language}/profil/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")) == [("lea@example.org", True, True)]
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(f"/{language}/profil/").status_code == 200


def test_a_used_link_answers_the_invalid_page(client: Client, mailoutbox: list) -> None:
    user, link = _invite(mailoutbox)
    client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()
    before = accounts_snapshot()

    for response in (client.get(link), client.post(link, {"password1": "autre chose 123456", "password2": "autre chose 123456"})):
        assert response.status_code == 400
        assert "Ce lien d’invitation n’est plus valable" in response.text
        assert 'href="/fr/compte/password/reset/"' in response.text

    assert accounts_snapshot() == before
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    "path_for",
    [
        lambda link, pk: re.sub(r"-[^/]+/$", "-forged-token/", link),  # right account, forged token
        lambda link, pk: "/fr/invitation/zzzzzz-abc-def/",  # no such account
        lambda link, pk: "/fr/invitation/zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz-abc-def/",  # beyond any integer column
    ],
)
def test_a_forged_link_answers_the_invalid_page(client: Client, mailoutbox: list, path_for) -> None:
    user, link = _invite(mailoutbox)
    before = accounts_snapshot()

    response = client.post(path_for(link, user.pk), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert response.status_code == 400
    assert "Ce lien d’invitation n’est plus valable" in response.text
    assert accounts_snapshot() == before
    assert "_auth_user_id" not in client.session


def test_a_weak_password_is_refused_and_the_link_still_works(client: Client, mailoutbox: list) -> None:
    _user, link = _invite(mailoutbox)
    before = accounts_snapshot()

    response = client.post(link, {"password1": "123", "password2": "123"})

    assert response.status_code == 200
    assert "Ce mot de passe est trop court. Il doit contenir au minimum 10 caractères." in response.text
    assert accounts_snapshot() == before
    assert client.get(link).status_code == 200


def test_the_link_of_a_member_who_left_no_longer_works(client: Client, mailoutbox: list) -> None:
    user, link = _invite(mailoutbox)
    services.member_anonymise(user=user)

    response = client.get(link)

    assert response.status_code == 400
    assert "Ce lien d’invitation n’est plus valable" in response.text


def test_a_member_who_already_has_a_password_is_not_invited(mailoutbox: list) -> None:
    user = make_user("member")

    assert services.member_invite(user=user) is False
    assert mailoutbox == []
    assert user.check_password(PASSWORD)
