"""A member's own profile form is kept per person under the people's stamp: what they save
shows on the next request with its new version (so the next save is not refused as
stale), it posts with their own CSRF token, and no one is served another's form. A
profile's page, kept with who may see it, follows its visibility on the next request."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from cairn.accounts import services
from cairn.accounts.factories import UserFactory
from cairn.accounts.models import Language, Profile, Visibility
from cairn.accounts.tests.helpers import signed_in
from cairn.accounts.tests.test_profile_edit import EDIT_URL, form_data
from cairn.tests.page_snapshots import main_content

pytestmark = pytest.mark.django_db


def fields(client: Client) -> dict[str, str]:
    """The form's hidden version, CSRF token and display name, read from the HTML."""
    response = client.get(EDIT_URL)
    assert response.status_code == 200
    found = {
        name: re.search(rf'name="{name}"[^>]*value="([^"]*)"', response.text)
        or re.search(rf'value="([^"]*)"[^>]*name="{name}"', response.text)
        for name in ("version", "csrfmiddlewaretoken", "display_name")
    }
    assert all(found.values()), found
    return {name: match.group(1) for name, match in found.items() if match}


def test_two_saves_in_a_row_through_the_kept_form() -> None:
    """Each save moves the people's stamp: the form served next carries the new version,
    so saving twice from the page is never refused as a conflict."""
    user = UserFactory(profile__display_name="Awa Diallo")
    client = signed_in(user, csrf=True)
    fields(client)
    for name in ("Awa D.", "Awa Diallo-Martin"):
        shown = fields(client)
        profile = Profile.objects.get(user=user)
        data = form_data(profile, display_name=name, version=shown["version"], csrfmiddlewaretoken=shown["csrfmiddlewaretoken"])

        response = client.post(EDIT_URL, data)

        assert response.status_code == 302, response.content.decode()[:2000]
        assert fields(client)["display_name"] == name


def test_each_member_gets_their_own_form() -> None:
    awa, bram = UserFactory(profile__display_name="Awa Diallo"), UserFactory(profile__display_name="Bram Peeters")
    first, second = signed_in(awa), signed_in(bram)
    for _twice in range(2):
        assert fields(first)["display_name"] == "Awa Diallo"
        assert fields(second)["display_name"] == "Bram Peeters"


def test_a_language_chosen_shows_in_the_form_at_once() -> None:
    """Choosing a language writes the profile with ``update()``: the service forgets the
    people's stamp itself."""
    user = UserFactory(profile__language=Language.FR)
    client = signed_in(user)
    assert re.search(r'<option value="fr" selected>', client.get(EDIT_URL).text)

    services.user_set_language(user=user, language=Language.NL)

    page = client.get(EDIT_URL).text
    assert re.search(r'<option value="nl" selected>', page)
    assert not re.search(r'<option value="fr" selected>', page)


#: The form, built (after the signed-in page's two queries: session, account):
#:  1–2 the people's stamp (the key), 3 the profile with its office, sector and department,
#:  4 its skills, 5 its interests, 6 the offices and 7 the sectors (the choices), 8 the
#:  frequent skills (cached an hour), 9 the interests (the choices).
FORM_QUERIES = 9


def test_the_kept_form_costs_only_the_signed_in_page(django_assert_num_queries) -> None:
    client = signed_in(UserFactory())
    with django_assert_num_queries(2 + FORM_QUERIES):
        first = client.get(EDIT_URL)
    with django_assert_num_queries(2):
        again = client.get(EDIT_URL)
    assert main_content(again) == main_content(first)


def test_a_profile_made_private_is_refused_to_visitors_on_the_next_request() -> None:
    """A profile's page is kept with who may see it, under the people's stamp: the owner
    making it private refuses it to visitors and members at once, and only the owner is
    offered to edit it."""
    owner = UserFactory(profile__display_name="Awa Diallo", profile__visibility=Visibility.PUBLIC)
    path = f"/fr/membres/{owner.profile.pk}/"
    visitor, member, own = Client(), signed_in(UserFactory()), signed_in(owner)
    for _twice in range(2):
        assert visitor.get(path).status_code == 200
        assert "Modifier mon profil" not in member.get(path).text
        assert "Modifier mon profil" in own.get(path).text

    profile = Profile.objects.get(user=owner)
    shown = fields(own)
    data = form_data(profile, visibility=Visibility.PRIVATE, version=shown["version"])
    assert own.post(EDIT_URL, data).status_code == 302

    assert visitor.get(path).status_code == 404
    assert member.get(path).status_code == 404
    assert own.get(path).status_code == 200
