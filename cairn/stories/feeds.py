"""RSS and Atom feeds of published stories, one per language (the URL prefix chooses it):
a feed holds the stories that exist in its language, in that language."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cairn.accounts.selectors import person_shown
from cairn.stories import selectors
from cairn.stories.models import StoryVersion
from cairn.stories.views import absolute


class StoriesRssFeed(Feed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> str:
        return (translation.get_language() or "fr")[:2]

    def title(self, language: str) -> str:
        return _("Récits de Cairn")

    def description(self, language: str) -> str:
        return _("Ce que sont devenues les recommandations des sociétaires : les récits des projets qui en sont nés.")

    def link(self, language: str) -> str:
        return absolute(reverse("stories:list"))

    def feed_url(self, language: str) -> str:
        return absolute(reverse("stories:feed_rss"))

    def items(self, language: str) -> list[StoryVersion]:
        return selectors.feed_versions(language=language)

    def item_title(self, item: StoryVersion) -> str:
        return item.title

    def item_description(self, item: StoryVersion) -> str:
        return item.lead

    def item_link(self, item: StoryVersion) -> str:
        return absolute(reverse("stories:detail", args=[item.story.slug]))

    def item_guid(self, item: StoryVersion) -> str:
        return self.item_link(item)

    def item_pubdate(self, item: StoryVersion) -> datetime.datetime | None:
        return item.story.published_at

    def item_updateddate(self, item: StoryVersion) -> datetime.datetime | None:
        return item.story.published_at

    def item_author_name(self, item: StoryVersion) -> str | None:
        """The author as a visitor may see them: a feed is public, whoever fetches it."""
        author = item.story.author
        return person_shown(author, AnonymousUser()).name if author is not None else None


class StoriesAtomFeed(StoriesRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, language: str) -> str:
        return self.description(language)

    def feed_url(self, language: str) -> str:
        return absolute(reverse("stories:feed_atom"))
