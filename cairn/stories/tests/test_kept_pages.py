"""A visitor's story page and the feeds are kept under the stamps of what they show
(``views.story_detail``, ``feeds.StoriesRssFeed``): each change a stamp sees shows on the
next request. Each test fails when the stamp of what it changes is left out of the key."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from cairn.accounts.models import Visibility
from cairn.accounts.tests.helpers import make_user
from cairn.hackathons.factories import HackathonFactory
from cairn.hackathons.services.stories import hackathon_story_link
from cairn.recommendations.factories import RecommendationFactory
from cairn.recommendations.services.recommendations import recommendation_update
from cairn.stories import services
from cairn.stories.factories import make_story, version_text

pytestmark = pytest.mark.django_db


def _at(year: int) -> datetime.datetime:
    return datetime.datetime(year, 3, 1, 12, tzinfo=datetime.UTC)


def test_a_visitors_kept_story_page_shows_each_change_on_the_next_request(client: Client) -> None:
    """A visitor's story page is kept under the stamps of what it shows (views.py,
    ``story_detail``): an edit, an author who hides their profile, a renamed recommendation,
    a hackathon linking the story and an unpublished story all show on the next request."""
    from cairn.accounts.models import Visibility
    from cairn.hackathons.models import Phase

    author = make_user("facilitator")
    author.profile.display_name, author.profile.visibility = "Sacha Écrivain", Visibility.PUBLIC
    author.profile.save()
    rec = RecommendationFactory(title="Recommandation racontée")
    story = make_story(author=author, titles={"fr": "Récit gardé"}, published=_at(2024), recommendations=[rec])
    url = f"/fr/recits/{story.slug}/"
    first = client.get(url).text
    assert "Récit gardé" in first and "Sacha Écrivain" in first and "Recommandation racontée" in first

    services.story_update(
        actor=None,
        story=story,
        versions={"fr": version_text("Récit corrigé")},
        series=None,
        categories=[],
        recommendations=[rec],
    )
    assert "Récit corrigé" in client.get(url).text

    author.profile.visibility = Visibility.MEMBERS
    author.profile.save()
    assert "Sacha Écrivain" not in client.get(url).text

    recommendation_update(actor=None, recommendation=rec, title="Recommandation renommée")
    assert "Recommandation renommée" in client.get(url).text

    hackathon_story_link(actor=None, hackathon=HackathonFactory(title="Hackathon du récit", phase=Phase.REGISTRATION), story=story)
    assert "Hackathon du récit" in client.get(url).text

    services.story_unpublish(actor=None, story=story)
    assert client.get(url).status_code == 404


def test_a_kept_feed_shows_a_new_story_and_an_author_who_hid_their_profile_on_the_next_request(client: Client) -> None:
    author = make_user("facilitator")
    author.profile.display_name, author.profile.visibility = "Dominique Auteur", Visibility.PUBLIC
    author.profile.save()
    make_story(author=author, titles={"fr": "Premier récit"}, published=_at(2024))
    assert "Dominique Auteur" in client.get("/fr/recits/flux/atom/").text

    make_story(titles={"fr": "Récit suivant"}, published=_at(2025))
    assert "Récit suivant" in client.get("/fr/recits/flux/atom/").text

    author.profile.visibility = Visibility.MEMBERS
    author.profile.save()
    feed = client.get("/fr/recits/flux/atom/").text
    assert "Premier récit" in feed and "Dominique Auteur" not in feed
