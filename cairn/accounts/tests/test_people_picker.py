"""The people picker (accounts.forms.PeopleField / PersonField): a search by name showing
name, office and role — never an e-mail address — as one types (htmx, accounts:people_search)
or, without JavaScript, through the form's "Chercher" button."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.factories import OfficeFactory
from cairn.accounts.models import Role, Visibility
from cairn.accounts.tests.helpers import make_user
from cairn.events.models import Event

pytestmark = pytest.mark.django_db

SEARCH = "/fr/personnes/chercher/?field=organisers&roles=facilitator,coordination,admin&type=checkbox&organisers__q={q}"


def test_the_search_shows_name_office_and_role_never_the_address(client: Client) -> None:
    facilitator = make_user(
        "facilitator", email="ines@example.org", profile__display_name="Inès Verhaegen", profile__office=OfficeFactory(name="Gand")
    )
    make_user("member", profile__display_name="Inès Dupont")  # not among the roles asked
    client.force_login(make_user("coordination"))

    response = client.get(SEARCH.format(q="inès"))

    assert response.status_code == 200
    html = response.text
    assert f'<input type="checkbox" name="organisers" value="{facilitator.pk}">' in html
    assert '<strong>Inès Verhaegen</strong> · Gand · <span class="muted">Animateur·rice</span>' in html
    assert "Inès Dupont" not in html
    assert "ines@example.org" not in html


def test_the_search_finds_only_profiles_the_viewer_may_see(client: Client) -> None:
    make_user("facilitator", profile__display_name="Zoé Privée", profile__visibility=Visibility.PRIVATE)
    client.force_login(make_user("facilitator"))

    response = client.get(SEARCH.format(q="zoé"))

    assert "Zoé" not in response.text
    assert "Personne ne porte ce nom" in response.text


@pytest.mark.parametrize("bad", ["roles=nobody", "roles=", "type=select", "field=../x"])
def test_a_bad_search_is_refused_plainly(client: Client, bad: str) -> None:
    client.force_login(make_user("facilitator"))
    key = bad.split("=")[0]
    url = "&".join(part if not part.startswith(f"{key}=") else bad for part in SEARCH.format(q="a").split("?")[1].split("&"))

    assert client.get(f"/fr/personnes/chercher/?{url}").status_code == 400


@pytest.mark.parametrize("people", [3, 30])
def test_the_search_makes_the_same_queries_whatever_the_number_of_people(client: Client, django_assert_num_queries, people: int) -> None:
    for n in range(people):
        make_user("facilitator", profile__display_name=f"Marie {n}", profile__office=OfficeFactory())
    viewer = make_user("facilitator")
    client.force_login(viewer)
    client.get(SEARCH.format(q="marie"))  # the session and roles, once

    # 1 session  2 the account with its profile and roles (the permission)  3 the people
    # found with profile, office and the role shown (a subquery; at most twelve)
    with django_assert_num_queries(3):
        response = client.get(SEARCH.format(q="marie"))
    assert response.text.count('type="checkbox"') == min(people, 12)


def test_without_javascript_chercher_shows_the_matches_and_saves_nothing(client: Client) -> None:
    colleague = make_user(
        "facilitator", email="lore@example.org", profile__display_name="Lore Janssens", profile__office=OfficeFactory(name="Anvers")
    )
    organiser = make_user("facilitator")
    client.force_login(organiser)

    response = client.post(
        "/fr/evenements/nouveau/", {"title": "", "organisers": [organiser.pk], "organisers__q": "lore", "people_search": "organisers"}
    )

    assert response.status_code == 200
    html = response.text
    assert f'name="organisers" value="{colleague.pk}"' in html  # found, to tick
    assert f'name="organisers" value="{organiser.pk}" checked' in html  # still chosen
    assert "Lore Janssens</strong> · Anvers" in html
    assert "lore@example.org" not in html
    assert "field__errors" not in html  # the title is not flagged: nothing was sent yet
    assert not Event.objects.exists()


def test_the_event_form_names_organisers_never_by_address(client: Client) -> None:
    organiser = make_user("facilitator", email="organiser@example.org", profile__display_name="Noor El Amrani")
    client.force_login(organiser)

    html = client.get("/fr/evenements/nouveau/").text

    assert "Noor El Amrani" in html  # chosen by default: the person creating the event
    assert "organiser@example.org" not in html
    assert str(Role.FACILITATOR.label) in html
