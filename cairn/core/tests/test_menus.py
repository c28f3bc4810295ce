"""The header's menus (cairn.core.menus): "Gestion" lists every staff page the viewer's
role may open, "Mon compte" their own pages, and nothing in either answers a refusal."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from cairn.accounts.tests.helpers import make_user
from cairn.core import hooks
from cairn.core.menus import MANAGE, MINE, MenuLink, menu_links

pytestmark = pytest.mark.django_db

ROLES = ["registered", "member", "facilitator", "coordination", "department_lead", "admin"]


def _menu(html: str, css_class: str) -> list[str]:
    """The links (href) of the header's menu with ``css_class``, as the page shows them."""
    match = re.search(rf'<details class="account-menu {css_class}">(.*?)</details>', html, re.S)
    return re.findall(r'href="([^"]+)"', match.group(1)) if match else []


@pytest.mark.parametrize("role", ROLES)
def test_every_link_of_a_roles_menus_opens_for_that_role(client: Client, role: str) -> None:
    user = make_user(role)
    client.force_login(user)

    html = client.get("/fr/").text
    links = _menu(html, "manage-menu") + [link["url"] for link in menu_links(MINE, user)]

    for url in links:
        assert client.get(url).status_code == 200, url


def test_the_coordination_team_finds_every_staff_page_in_gestion(client: Client) -> None:
    client.force_login(make_user("coordination"))

    links = _menu(client.get("/fr/").text, "manage-menu")

    assert links == [
        "/fr/gestion/etat-des-lieux/",
        "/fr/gestion/campagnes/",
        "/fr/gestion/campagnes/a-faire/",
        "/fr/gestion/import-registre/",
        "/fr/gestion/import-societaires/",
        "/fr/gestion/registre/",
        "/fr/gestion/traductions/",
        "/fr/gestion/projets/nouveau/",
        "/fr/gestion/projets/demandes-d-actualite/",
        "/fr/gestion/recits/",
        "/fr/evenements/nouveau/",
        "/fr/evenements/series/nouvelle/",
        "/fr/gestion/questions/",
        "/fr/gestion/questions/chiffres/",
        "/fr/gestion/experimentations/nouvel-appel/",
        "/fr/experimentations/animation/",
        "/fr/hackathons/nouveau/",
    ]


def test_members_and_visitors_have_no_gestion_menu(client: Client) -> None:
    assert "Gestion" not in client.get("/fr/").text
    client.force_login(make_user("member"))

    html = client.get("/fr/").text

    assert 'class="account-menu manage-menu"' not in html
    assert "/fr/evenements/mes-evenements/" in html  # "Mes évènements", in "Mon compte"
    assert "/fr/questions/mes-questions/" in html


def test_a_later_app_adds_its_page_to_the_menu_without_touching_the_template(client: Client) -> None:
    client.force_login(make_user("coordination"))
    link = MenuLink("components", MANAGE, "Composants", "core:components", "inbox.view_inbox")

    with hooks.register_temporarily("menu_links", link, order=99):
        links = _menu(client.get("/fr/").text, "manage-menu")

    assert links[-1] == "/fr/composants/"


def test_a_menu_link_names_a_known_menu() -> None:
    with pytest.raises(ValueError, match="menu"):
        MenuLink("x", "elsewhere", "X", "core:home")


def test_the_menus_worked_out_per_role_follow_a_change_of_role_and_language(client: Client) -> None:
    """The menus are worked out once per set of roles (``menu_links``): a facilitator's
    "Gestion" is never a member's, a member given the role finds its pages on the next
    request, and each language has its own addresses."""
    facilitator, member = make_user("facilitator"), make_user("member")
    client.force_login(facilitator)
    assert "/fr/experimentations/animation/" in _menu(client.get("/fr/").text, "manage-menu")

    client.force_login(member)
    assert _menu(client.get("/fr/").text, "manage-menu") == []
    member.groups.add(*facilitator.groups.all())
    assert "/fr/experimentations/animation/" in _menu(client.get("/fr/").text, "manage-menu")
    assert "/nl/experimentations/animation/" in _menu(client.get("/nl/").text, "manage-menu")
