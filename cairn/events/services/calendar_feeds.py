"""A member's private calendar feed: its secret address, and a new one on demand."""

from __future__ import annotations

from typing import Any

from cairn.events.models import CalendarFeed, _new_token


def calendar_feed_for(*, user: Any) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_feed_reset(*, user: Any) -> CalendarFeed:
    """A new secret address; the old one answers 404 from now on."""
    feed = calendar_feed_for(user=user)
    feed.token = _new_token()
    feed.save(update_fields=["token"])
    return feed
