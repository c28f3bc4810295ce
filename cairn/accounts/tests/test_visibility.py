"""Profile visibility, wherever a profile shows: the directory (accounts:directory) and the
profile page (accounts:profile_detail).

public → everyone · members → the cooperative's members (the member role: an account that
signed up but that the register does not list sees what a visitor sees) · private → the
owner and the coordination team (and admins). Inactive and erased accounts never show; a profile the
viewer may not see answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from cairn.accounts import services
from cairn.accounts.factories import OfficeFactory, SectorFactory, SkillFactory, UserFactory
from cairn.accounts.models import Profile, User, Visibility
from cairn.accounts.tests.helpers import activate_totp, make_user, stable_html

pytestmark = pytest.mark.django_db

PUBLIC, MEMBERS, PRIVATE, INACTIVE, ERASED = "Publique Pia", "Membres Max", "Privée Prune", "Inactif Ivo", "Effacée Eva"


@pytest.fixture
def people() -> dict[str, Profile]:
    profiles = {
        PUBLIC: UserFactory(profile__display_name=PUBLIC, profile__visibility=Visibility.PUBLIC).profile,
        MEMBERS: UserFactory(profile__display_name=MEMBERS, profile__visibility=Visibility.MEMBERS).profile,
        PRIVATE: UserFactory(profile__display_name=PRIVATE, profile__visibility=Visibility.PRIVATE).profile,
        INACTIVE: UserFactory(is_active=False, profile__display_name=INACTIVE, profile__visibility=Visibility.PUBLIC).profile,
    }
    erased = UserFactory(profile__display_name=ERASED, profile__visibility=Visibility.PUBLIC)
    erased_profile_pk = erased.profile.pk
    services.member_anonymise(user=erased)
    profiles[ERASED] = Profile.objects.get(pk=erased_profile_pk)
    return profiles


def directory_names(client: Client) -> list[str]:
    html = client.get("/fr/membres/").text
    return re.findall(r'<h2 class="card__title"><a href="/fr/membres/\d+/">([^<]*)</a></h2>', html)


def viewer_client(client: Client, viewer: str, people: dict[str, Profile]) -> Client:
    if viewer == "owner of the private profile":
        client.force_login(people[PRIVATE].user)
    elif viewer != "visitor":
        user = make_user(viewer, profile__display_name=f"Zz {viewer}", profile__visibility=Visibility.PRIVATE)
        client.force_login(user)
    return client


# Who sees which profile (the viewer's own profile, listed as "Zz <role>", is left out).
SEES = {
    "visitor": [PUBLIC],
    "registered": [PUBLIC],
    "member": [MEMBERS, PUBLIC],
    "facilitator": [MEMBERS, PUBLIC],
    "department_lead": [MEMBERS, PUBLIC],
    "owner of the private profile": [MEMBERS, PRIVATE, PUBLIC],
    "coordination": [MEMBERS, PRIVATE, PUBLIC],
    "admin": [MEMBERS, PRIVATE, PUBLIC],
}

# What the directory lists: the same, except that a private profile is never listed, not
# even to its owner (who opens it from the account menu).
LISTED = {**SEES, "owner of the private profile": [MEMBERS, PUBLIC]}


@pytest.mark.parametrize("viewer", LISTED)
def test_the_directory_lists_only_what_the_viewer_may_see(client: Client, people: dict[str, Profile], viewer: str) -> None:
    client = viewer_client(client, viewer, people)

    names = [name for name in directory_names(client) if not name.startswith("Zz ")]

    assert names == LISTED[viewer]


@pytest.mark.parametrize("viewer", SEES)
def test_the_profile_page_answers_only_what_the_viewer_may_see(client: Client, people: dict[str, Profile], viewer: str) -> None:
    client = viewer_client(client, viewer, people)

    statuses = {name: client.get(f"/fr/membres/{profile.pk}/").status_code for name, profile in people.items()}

    assert statuses == {name: 200 if name in SEES[viewer] else 404 for name in people}


def test_a_member_sees_their_own_private_profile_but_not_in_others_lists(client: Client, people: dict[str, Profile]) -> None:
    client.force_login(people[PRIVATE].user)

    response = client.get(f"/fr/membres/{people[PRIVATE].pk}/")

    assert response.status_code == 200
    assert f"<h1>{PRIVATE}</h1>" in response.text
    assert 'href="/fr/profil/">Modifier mon profil</a>' in response.text
    other = Client()
    other.force_login(make_user("member"))
    assert other.get(f"/fr/membres/{people[PRIVATE].pk}/").status_code == 404


def test_an_account_not_in_the_register_sees_its_own_profile_and_is_told_why_it_sees_few_others(
    client: Client, people: dict[str, Profile]
) -> None:
    registered = make_user("registered", profile__display_name="Zz Inscrite", profile__visibility=Visibility.MEMBERS)
    client.force_login(registered)

    own = client.get(f"/fr/membres/{registered.profile.pk}/")
    directory = client.get("/fr/membres/")

    assert own.status_code == 200
    assert "<h1>Zz Inscrite</h1>" in own.text
    assert "1 profil visible" in directory.text
    assert 'id="membership-pending"' in directory.text
    assert "Votre compte n’est pas encore reconnu comme compte de sociétaire." in directory.text
    member = Client()
    member.force_login(make_user("member"))
    assert 'id="membership-pending"' not in member.get("/fr/membres/").text
    assert member.get(f"/fr/membres/{registered.profile.pk}/").status_code == 200  # members-only: members see it


def test_a_hidden_profile_answers_exactly_like_a_missing_one(client: Client, people: dict[str, Profile]) -> None:
    missing_pk = Profile.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000

    def page(pk: int) -> tuple[int, str]:
        response = client.get(f"/fr/membres/{pk}/")
        # The page repeats its own address (in the language switch): set it aside.
        return response.status_code, stable_html(response.content).replace(f"/fr/membres/{pk}/", "/fr/membres/<id>/")

    missing = page(missing_pk)
    assert missing[0] == 404
    for name in (MEMBERS, PRIVATE, INACTIVE, ERASED):
        assert page(people[name].pk) == missing


def test_an_erased_member_never_appears_even_to_a_superuser(client: Client, people: dict[str, Profile]) -> None:
    superuser = UserFactory(is_staff=True, is_superuser=True)
    activate_totp(superuser)
    client.force_login(superuser)

    assert client.get(f"/fr/membres/{people[ERASED].pk}/").status_code == 404
    assert client.get(f"/fr/membres/{people[INACTIVE].pk}/").status_code == 404
    assert ERASED not in client.get("/fr/membres/").text


def test_the_count_and_filters_respect_visibility(client: Client, people: dict[str, Profile]) -> None:
    python = SkillFactory(name="Python")
    for profile in people.values():
        profile.skills.add(python)

    html = client.get("/fr/membres/", {"q": "python"}).text

    assert "1 profil visible" in html
    assert directory_names(client) == [PUBLIC]


def test_the_directory_filters_by_name_skill_office_and_sector(client: Client) -> None:
    namur, music = OfficeFactory(name="Namur"), SectorFactory(name_fr="Musique")
    ada = UserFactory(profile__display_name="Ada", profile__visibility=Visibility.PUBLIC, profile__office=namur).profile
    ben = UserFactory(profile__display_name="Ben", profile__visibility=Visibility.PUBLIC, profile__sector=music, profile__country="FR")
    ada.skills.add(SkillFactory(name="Comptabilité"))

    def names(**query: object) -> list[str]:
        html = client.get("/fr/membres/", query).text
        return re.findall(r'<a href="/fr/membres/\d+/">([^<]*)</a>', html)

    assert names() == ["Ada", "Ben"]
    assert names(q="ad") == ["Ada"]
    # Capitals are ignored; accented capitals only on PostgreSQL (SQLite folds ASCII only).
    assert names(q="COMPTABILITé") == ["Ada"]
    assert names(office=namur.pk) == ["Ada"]
    assert names(sector=music.pk) == ["Ben"]
    assert names(country="FR") == ["Ben"]
    assert names(country="FR", office=namur.pk) == []
    assert ben.profile.display_name == "Ben"


def test_an_htmx_request_gets_only_the_results(client: Client) -> None:
    UserFactory(profile__display_name="Ada", profile__visibility=Visibility.PUBLIC)

    response = client.get("/fr/membres/", headers={"HX-Request": "true"})

    # Only the results partial: no page around it, no filter form.
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "<form" not in response.text
    assert re.findall(r'<a href="/fr/membres/\d+/">([^<]*)</a>', response.text) == ["Ada"]
    assert "1 profil visible" in response.text


def test_an_empty_directory_says_so(client: Client) -> None:
    html = client.get("/fr/membres/", {"q": "personne"}).text

    assert "0 profil visible" in html or "0 profils visibles" in html
    assert "Aucun profil ne correspond" in html


def test_a_deactivated_account_disappears_at_once(client: Client) -> None:
    user: User = UserFactory(profile__display_name="Ada", profile__visibility=Visibility.PUBLIC)
    assert directory_names(client) == ["Ada"]

    # As the admin and the services do it: the account saved (the directory's kept cards
    # are keyed on the people's stamp, which that save forgets).
    user.is_active = False
    user.save()

    assert directory_names(client) == []
    assert client.get(f"/fr/membres/{user.profile.pk}/").status_code == 404


def test_the_kept_directory_shows_each_profile_change_at_once(client: Client) -> None:
    """The directory's cards are kept under the people's stamp: a new profile, a renamed one,
    new skills and a profile made members-only show on the next request."""
    ada = UserFactory(profile__display_name="Ada", profile__visibility=Visibility.PUBLIC).profile
    assert directory_names(client) == ["Ada"]

    UserFactory(profile__display_name="Bea", profile__visibility=Visibility.PUBLIC)
    assert directory_names(client) == ["Ada", "Bea"]

    services.profile_update(
        profile=ada,
        data={**{name: getattr(ada, name) for name in services.PROFILE_FIELDS}, "display_name": "Adèle"},
        skill_names=["Menuiserie"],
        interests=[],
    )
    html = client.get("/fr/membres/").text
    assert directory_names(client) == ["Adèle", "Bea"] and "<li>Menuiserie</li>" in html

    services.profile_update(
        profile=ada,
        data={**{name: getattr(ada, name) for name in services.PROFILE_FIELDS}, "visibility": Visibility.MEMBERS},
        skill_names=[],
        interests=[],
    )
    assert directory_names(client) == ["Bea"]


@pytest.mark.parametrize(
    "query", [{"page": "abc"}, {"after": "abc"}, {"before": "9999"}, {"last": "x"}, {"office": "abc"}, {"sector": "-1"}, {"country": "XX"}]
)
def test_odd_directory_parameters_do_not_break_the_page(client: Client, query: dict[str, str]) -> None:
    UserFactory(profile__display_name="Ada", profile__visibility=Visibility.PUBLIC)

    response = client.get("/fr/membres/", query)

    # An invalid filter or page link is ignored (a page link Cairn did not write gives the first page).
    assert response.status_code == 200
    assert re.findall(r'<a href="/fr/membres/\d+/">([^<]*)</a>', response.text) == ["Ada"]


def test_a_profile_id_beyond_any_integer_is_not_found(client: Client) -> None:
    assert client.get("/fr/membres/99999999999999999999999/").status_code == 404
