"""Names on the stories' pages and feeds: the author, and who did what in a story's journal,
appear as their profile allows, and escaped."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.models import Visibility
from cairn.accounts.tests.naming import HOSTILE_ESCAPED, HOSTILE_NAME, NAMING_CASES, NEUTRAL, assert_named, page_as, person_with
from cairn.stories.factories import make_story
from cairn.stories.tests.test_pages import ATOM, parse_feed

pytestmark = pytest.mark.django_db

#: The staff who write stories: department leads may not see private profiles, the
#: coordination team may.
STAFF_CASES = [
    ("department_lead", Visibility.MEMBERS, True),
    ("department_lead", Visibility.PRIVATE, False),
    ("coordination", Visibility.PRIVATE, True),
]


@pytest.mark.parametrize(("viewer", "visibility", "named"), NAMING_CASES)
def test_the_story_page_names_its_author_as_their_profile_allows(client: Client, viewer: str, visibility: str, named: bool) -> None:
    author = person_with(visibility)
    story = make_story(author=author, published=True)

    html = page_as(client, viewer, f"/fr/recits/{story.slug}/")

    assert_named(html, author, named=named)
    if not named:
        assert f"par {NEUTRAL}" in html


def test_the_story_page_escapes_a_hostile_author_name(client: Client) -> None:
    story = make_story(author=person_with(Visibility.PUBLIC, name=HOSTILE_NAME), published=True)

    html = client.get(f"/fr/recits/{story.slug}/").text

    assert HOSTILE_ESCAPED in html and HOSTILE_NAME not in html


def _feed_authors(client: Client, kind: str) -> list[str]:
    feed = parse_feed(client.get(f"/fr/recits/flux/{kind}/").content)
    if kind == "atom":
        return [name.text or "" for name in feed.iter(f"{ATOM}name")]
    return [author.text or "" for author in feed.iter("{http://purl.org/dc/elements/1.1/}creator")] + [
        author.text or "" for author in feed.iter("author")
    ]


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize("viewer", ["visitor", "member", "coordination"])
@pytest.mark.parametrize("visibility", [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.PRIVATE])
def test_the_feeds_name_authors_as_a_visitor_may_see_them_whoever_fetches_them(
    client: Client, kind: str, viewer: str, visibility: str
) -> None:
    """A feed is public and shared: a signed-in reader gets what a visitor gets."""
    author = person_with(visibility)
    make_story(author=author, published=True)
    page_as(client, viewer, "/fr/recits/")  # signs the reader in

    authors = _feed_authors(client, kind)

    if visibility == Visibility.PUBLIC:
        assert authors == [author.profile.display_name]
    else:
        assert authors == [NEUTRAL]
        assert author.profile.display_name not in client.get(f"/fr/recits/flux/{kind}/").content.decode()


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_feeds_escape_a_hostile_author_name(client: Client, kind: str) -> None:
    make_story(author=person_with(Visibility.PUBLIC, name=HOSTILE_NAME), published=True)

    content = client.get(f"/fr/recits/flux/{kind}/").content.decode()

    assert HOSTILE_NAME not in content
    assert _feed_authors(client, kind) == [HOSTILE_NAME]  # escaped in the XML, whole once parsed


@pytest.mark.parametrize(("viewer", "visibility", "named"), STAFF_CASES)
def test_the_staff_pages_name_authors_and_the_journal_as_their_profile_allows(
    client: Client, viewer: str, visibility: str, named: bool
) -> None:
    author = person_with(visibility)
    story = make_story(author=author)

    listing = page_as(client, viewer, "/fr/gestion/recits/")
    journal = client.get(f"/fr/gestion/recits/{story.pk}/modifier/").content.decode()

    assert_named(listing, author, named=named)
    assert_named(journal.split('id="history-title"', 1)[1], author, named=named)


def test_the_staff_pages_escape_a_hostile_name(client: Client) -> None:
    story = make_story(author=person_with(Visibility.PUBLIC, name=HOSTILE_NAME))

    page_as(client, "coordination", "/fr/gestion/recits/")
    for url in ("/fr/gestion/recits/", f"/fr/gestion/recits/{story.pk}/modifier/"):
        html = client.get(url).content.decode()
        assert HOSTILE_ESCAPED in html and HOSTILE_NAME not in html
