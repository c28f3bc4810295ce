"""The directory's keyset pages (``cairn.core.pagination.KeysetPaginator``): plain links —
first, previous, next, last — that walk every listed profile exactly once in the
directory's order, equal names included; the filters kept; a page link Cairn did not
write gives the first page and says so, never an error."""

from __future__ import annotations

import base64
import html
import json
import re

import pytest
from django.test import Client

from cairn.accounts.factories import OfficeFactory, UserFactory
from cairn.accounts.models import Profile, Visibility
from cairn.accounts.selectors import DIRECTORY_PAGE_SIZE

pytestmark = pytest.mark.django_db

INVALID_LINK = "Ce lien de page n’est pas valide (modifié ou incomplet) : voici la première page."


def make_directory(count: int) -> list[tuple[str, int]]:
    """``count`` public profiles, many sharing a name (the id must keep their order), and
    one members-only profile a visitor never sees; the expected order (name, id)."""
    names = ["Marie Dupont", "Jan Peeters", "Ada Lovelace", "Zoë Claes"]
    for n in range(count):
        UserFactory(profile__display_name=names[n % 3] if n % 5 else f"{names[3]} {n:03}", profile__visibility=Visibility.PUBLIC)
    UserFactory(profile__display_name="Ada Lovelace", profile__visibility=Visibility.MEMBERS)
    listed = Profile.objects.filter(visibility=Visibility.PUBLIC).order_by("display_name", "pk")
    return list(listed.values_list("display_name", "pk"))


def cards(text: str) -> list[tuple[str, int]]:
    return [(html.unescape(name), int(pk)) for pk, name in re.findall(r'<a href="/fr/membres/(\d+)/">([^<]*)</a>', text)]


def link(text: str, label: str) -> str | None:
    found = re.search(rf'<a href="([?/][^"]*)"[^>]*>{label}</a>', text)
    return html.unescape(found.group(1)) if found else None


def test_next_links_walk_every_profile_once_in_order_and_previous_links_walk_back(client: Client) -> None:
    expected = make_directory(2 * DIRECTORY_PAGE_SIZE + 7)
    seen: list[tuple[str, int]] = []
    pages: list[str] = []
    url: str | None = "/fr/membres/"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        seen += cards(response.text)
        pages.append(url)
        following = link(response.text, "Suivant")
        url = f"/fr/membres/{following}" if following else None
    assert seen == expected
    assert len(pages) == 3

    # Back from the last page reached by "next": the same pages, in reverse.
    response = client.get(pages[-1])
    back = link(response.text, "Précédent")
    assert back is not None
    response = client.get(f"/fr/membres/{back}")
    assert cards(response.text) == expected[DIRECTORY_PAGE_SIZE : 2 * DIRECTORY_PAGE_SIZE]
    back = link(response.text, "Précédent")
    assert back is not None
    response = client.get(f"/fr/membres/{back}")
    assert cards(response.text) == expected[:DIRECTORY_PAGE_SIZE]
    assert link(response.text, "Précédent") is None
    assert link(response.text, "Première page") is None


def test_the_last_page_is_the_end_of_the_list_read_backwards(client: Client) -> None:
    expected = make_directory(2 * DIRECTORY_PAGE_SIZE + 7)
    first = client.get("/fr/membres/")
    last_url = link(first.text, "Dernière page")
    assert last_url == "?last=1"

    response = client.get(f"/fr/membres/{last_url}")
    assert cards(response.text) == expected[-DIRECTORY_PAGE_SIZE:]
    assert link(response.text, "Suivant") is None
    assert link(response.text, "Dernière page") is None
    assert link(response.text, "Première page") == "/fr/membres/"  # no bare "?"
    previous = link(response.text, "Précédent")
    assert previous is not None
    assert cards(client.get(f"/fr/membres/{previous}").text) == expected[-2 * DIRECTORY_PAGE_SIZE : -DIRECTORY_PAGE_SIZE]


def test_a_short_directory_has_no_page_links(client: Client) -> None:
    expected = make_directory(5)
    response = client.get("/fr/membres/")
    assert cards(response.text) == expected
    assert 'aria-label="Pagination"' not in response.text


def test_the_links_keep_the_filters(client: Client) -> None:
    office = OfficeFactory()
    for n in range(DIRECTORY_PAGE_SIZE + 3):
        UserFactory(profile__display_name=f"Personne {n:02}", profile__visibility=Visibility.PUBLIC, profile__office=office)
    UserFactory(profile__display_name="Ailleurs", profile__visibility=Visibility.PUBLIC)

    response = client.get("/fr/membres/", {"office": office.pk})
    following = link(response.text, "Suivant")
    assert following is not None
    assert f"office={office.pk}" in following
    assert [name for name, _pk in cards(client.get(f"/fr/membres/{following}").text)] == ["Personne 24", "Personne 25", "Personne 26"]


def cursor_of(values: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "query",
    [
        {"after": "abc"},
        {"before": "!!!"},
        {"after": cursor_of(["Ada"])},  # one value short
        {"after": cursor_of({"name": "Ada"})},
        {"after": cursor_of(["Ada", "not a number"])},
        {"before": cursor_of(["Ada", True])},
        {"after": cursor_of(["Ada", 10**30])},  # beyond any database integer
        {"after": cursor_of([["Ada"], 1])},
        {"after": base64.urlsafe_b64encode(b"\xff\xfe").decode()},
    ],
)
def test_a_page_link_cairn_did_not_write_gives_the_first_page_and_says_so(client: Client, query: dict[str, str]) -> None:
    expected = make_directory(DIRECTORY_PAGE_SIZE + 2)

    response = client.get("/fr/membres/", query)

    assert response.status_code == 200
    assert INVALID_LINK in html.unescape(response.text)
    assert cards(response.text) == expected[:DIRECTORY_PAGE_SIZE]


def test_a_well_formed_link_never_shows_the_invalid_message(client: Client) -> None:
    make_directory(3)
    for query in ({}, {"last": "1"}, {"after": cursor_of(["Zzz", 10**9])}, {"before": cursor_of(["", 0])}, {"page": "400"}):
        response = client.get("/fr/membres/", query)
        assert response.status_code == 200
        assert INVALID_LINK not in html.unescape(response.text)
        # Past the end: the last page; before the start: the first page; a page number: ignored.
        assert len(cards(response.text)) == 3
