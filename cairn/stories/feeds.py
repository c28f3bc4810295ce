"""RSS and Atom feeds of published stories, one per language (the URL prefix chooses it):
a feed holds the stories that exist in its language, in that language."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cairn.accounts.selectors import people_stamp, person_shown
from cairn.core.stamps import cached
from cairn.stories import selectors
from cairn.stories.models import StoryVersion
from cairn.stories.views import absolute

#: How long a feed is kept at most; the published stories' and the people's stamps make a
#: new, changed or withdrawn story and an author's changed profile show at once.
FEED_TTL = 600


class StoriesRssFeed(Feed):
    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """The feed is the same for whoever fetches it (a visitor's view of the stories and
        their authors), so its body is kept per kind and language under the stamps of what
        it shows and built only after a change."""
        content, headers = cached(
            "stories-feed",
            type(self).__name__,
            self.get_object(request),
            ttl=FEED_TTL,
            stamps=[selectors.published_stamp, people_stamp],
            compute=lambda: _kept(super(StoriesRssFeed, self).__call__(request, *args, **kwargs)),
        )
        return HttpResponse(content, headers=headers)

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


def _kept(response: HttpResponse) -> tuple[bytes, dict[str, str]]:
    """What a kept feed answers again: its body, its type and its date."""
    return response.content, {name: response[name] for name in ("Content-Type", "Last-Modified") if response.has_header(name)}


class StoriesAtomFeed(StoriesRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, language: str) -> str:
        return self.description(language)

    def feed_url(self, language: str) -> str:
        return absolute(reverse("stories:feed_atom"))
