"""The layout's header is kept per reader, name, language and address
(``context_processors.header``): a role given shows its menu on the next request, a
renamed member their new name, each address its own return link in the language switch,
and its forms (language, sign out) post with the reader's own CSRF token."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from cairn.accounts.factories import UserFactory
from cairn.accounts.tests.helpers import form_token, signed_in
from cairn.core.http import KEPT_CSRF_FIELD

pytestmark = pytest.mark.django_db


def header(response: object) -> str:
    text = response.content.decode()  # type: ignore[attr-defined]
    assert KEPT_CSRF_FIELD not in text
    return text.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]


def test_a_visitor_and_a_member_get_their_own_header_and_a_role_or_a_name_shows_at_once() -> None:
    """A facilitator (no second factor required) gets the menu of the pages they run once
    the role is given; a renamed member their new name in the account menu."""
    member = UserFactory(profile__display_name="Awa Diallo")
    client, visitor = Client(), Client()
    client.force_login(member)
    for _twice in range(2):
        assert "Se connecter" in header(visitor.get("/fr/processus/"))
        mine = header(client.get("/fr/processus/"))
        assert "Mon compte" in mine and "Se connecter" not in mine
        assert "Gestion" not in mine and "Awa Diallo" in mine

    member.profile.display_name = "Awa Diallo-Martin"
    member.profile.save()

    assert "Awa Diallo-Martin" in header(client.get("/fr/processus/"))

    member.groups.add(Group.objects.get_or_create(name="facilitator")[0])

    assert "Gestion" in header(client.get("/fr/processus/"))
    assert "Gestion" not in header(visitor.get("/fr/processus/"))


def test_each_address_keeps_its_own_return_link_and_language() -> None:
    client = Client()
    first = header(client.get("/fr/recommandations/?country=BE"))
    second = header(client.get("/fr/recommandations/?country=FR"))
    dutch = header(client.get("/nl/recommandations/?country=BE"))
    assert 'name="next" type="hidden" value="/fr/recommandations/?country=BE"' in first
    assert 'name="next" type="hidden" value="/fr/recommandations/?country=FR"' in second
    assert 'value="nl" lang="nl" selected' in dutch and 'value="fr" lang="fr" selected' in first


def test_signing_out_from_a_kept_header_posts_with_the_reader_s_token() -> None:
    first_member, second_member = UserFactory(), UserFactory()
    Client().get("/fr/processus/")
    for member in (first_member, second_member):
        client = signed_in(member, csrf=True)
        client.get("/fr/processus/")
        kept = header(client.get("/fr/processus/"))
        token = form_token(kept, after='action="/fr/compte/logout/"')

        response = client.post("/fr/compte/logout/", {"csrfmiddlewaretoken": token})

        assert response.status_code == 302
        assert "Se connecter" in header(client.get("/fr/processus/"))
