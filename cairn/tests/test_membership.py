"""Who is a member: the cooperative's register, never signing up.

Anyone may sign up and confirm an address; that account signs in, edits its profile, keeps
its data and follows public items, but gets nothing kept for members until the coordination
team imports the register with its e-mail address (README "How membership works"). The
whole way below goes through allauth's real pages and the real confirmation e-mail.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cairn.accounts.factories import UserFactory
from cairn.accounts.models import User, Visibility
from cairn.accounts.tests.helpers import make_user
from cairn.events.factories import EventFactory
from cairn.events.models import Registration, RegistrationStatus
from cairn.notifications.models import Follow
from cairn.recommendations.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

EMAIL = "camille@coop.example"
PASSWORD = "un sentier de cailloux 2015"
PENDING = "Votre compte n’est pas encore reconnu comme compte de sociétaire."


def sign_up_and_confirm(client: Client, mailoutbox: list) -> User:
    """Sign up, confirm the address through the link of the e-mail, then sign in anew."""
    signed_up = client.post(
        "/fr/compte/signup/",
        {"email": EMAIL, "display_name": "Camille Dubois", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert signed_up.status_code == 302
    [message] = mailoutbox
    assert message.to == [EMAIL]
    [path] = re.findall(r"https://testserver(/fr/compte/confirm-email/\S+/)", message.body)
    assert client.post(path).status_code == 302
    client.post("/fr/compte/logout/")
    assert "_auth_user_id" not in client.session
    signed_in = client.post("/fr/compte/login/", {"login": EMAIL, "password": PASSWORD})
    assert signed_in.status_code == 302
    user = User.objects.get(email=EMAIL)
    assert client.session["_auth_user_id"] == str(user.pk)
    return user


def import_register(rows: str) -> None:
    """The coordination team imports the register from its page."""
    coordinator = Client()
    coordinator.force_login(make_user("coordination", email="coordination@coop.example"))
    upload = SimpleUploadedFile("registre.csv", f"email;nom;langue\n{rows}".encode(), content_type="text/csv")
    response = coordinator.post("/fr/gestion/import-societaires/", {"file": upload})
    assert response.status_code == 302


def test_an_account_that_signed_up_is_a_member_only_once_the_register_lists_it(client: Client, mailoutbox: list) -> None:
    event = EventFactory(title="Afterwork à Liège")
    members_only = UserFactory(profile__display_name="Noé Membre", profile__visibility=Visibility.MEMBERS).profile
    recommendation = RecommendationFactory()
    user = sign_up_and_confirm(client, mailoutbox)

    # Signed in, but not a member: no registration, however it is asked…
    event_page = client.get(f"/fr/evenements/{event.pk}/")
    refused = client.post(f"/fr/evenements/{event.pk}/inscription/")
    assert event_page.status_code == 200
    assert PENDING in event_page.text
    assert f'action="/fr/evenements/{event.pk}/inscription/"' not in event_page.text
    assert refused.status_code == 403
    assert PENDING in refused.text
    assert not Registration.objects.filter(user=user).exists()
    # …no members-only profile, not in the directory either…
    assert client.get(f"/fr/membres/{members_only.pk}/").status_code == 404
    assert "Noé Membre" not in client.get("/fr/membres/").text
    # …no members' pages, and the menu does not offer them.
    for path in ("/fr/evenements/mes-evenements/", "/fr/nos-recommandations/"):
        page = client.get(path)
        assert (page.status_code, PENDING in page.text) == (403, True), path
    assert "/fr/nos-recommandations/" not in client.get("/fr/").text
    # What every account may do stays open: its profile, its data, following public items.
    assert client.get("/fr/profil/").status_code == 200
    assert client.get("/fr/mes-donnees/").status_code == 200
    followed = client.post("/fr/notifications/suivre/", {"kind": "recommendation", "target": recommendation.pk, "action": "follow"})
    assert followed.status_code == 302
    assert Follow.objects.filter(user=user, target_kind="recommendation", target_id=recommendation.pk).exists()

    # The coordination team imports the register, which lists this address.
    import_register(f"{EMAIL.upper()};Camille Dubois;fr\n")

    registered = client.post(f"/fr/evenements/{event.pk}/inscription/")
    assert registered.status_code == 302
    assert Registration.objects.get(user=user, event=event).status == RegistrationStatus.CONFIRMED
    assert client.get(f"/fr/membres/{members_only.pk}/").status_code == 200
    assert "Noé Membre" in client.get("/fr/membres/").text
    assert client.get("/fr/evenements/mes-evenements/").status_code == 200
    assert client.get("/fr/nos-recommandations/").status_code == 200
    assert PENDING not in client.get("/fr/profil/").text
    assert User.objects.filter(email=EMAIL).count() == 1


def test_an_import_that_does_not_list_the_address_grants_nothing(client: Client, mailoutbox: list) -> None:
    event = EventFactory()
    user = sign_up_and_confirm(client, mailoutbox)

    import_register("quelqu.un@coop.example;Quelqu’un;fr\n")

    assert client.post(f"/fr/evenements/{event.pk}/inscription/").status_code == 403
    assert not Registration.objects.filter(user=user).exists()
    assert list(user.groups.values_list("name", flat=True)) == []
