"""iCalendar (RFC 5545) files: one event for e-mails, feeds of many (ADR 0011).

Each entry links back to its page and carries its address; the online link only when the
feed is made for someone registered (``show_online_for``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from cairn.core.translation import text_in
from cairn.events.models import Event, EventStatus


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def build_calendar(
    events: Iterable[Event],
    *,
    name: str,
    show_online_for: set[int] | frozenset[int] = frozenset(),
    tentative: set[int] | frozenset[int] = frozenset(),
) -> bytes:
    """The calendar file; ``show_online_for`` holds the ids of the events whose online link
    may appear (those the feed's owner is registered for); ``tentative`` those where the
    owner is only waitlisted or awaiting approval."""
    calendar = Calendar()
    calendar.add("prodid", "-//Cairn//events//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Brussels")
    stamp = timezone.now()
    for event in events:
        entry = VEvent()
        host = settings.SITE_URL.split("://", 1)[-1].rstrip("/")
        entry.add("uid", f"event-{event.pk}@{host}")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", event.starts_at)
        entry.add("dtend", event.ends_at)
        entry.add("summary", text_in(event, "title"))  # in the language of the feed or e-mail
        url = _absolute(event.get_absolute_url())
        entry.add("url", url)
        location = ", ".join(part for part in [event.address, event.city] if part)
        description = [url]
        if event.online_url and event.pk in show_online_for:
            description.append(event.online_url)
            if not location:
                location = event.online_url
        if location:
            entry.add("location", location)
        entry.add("description", "\n".join(description))
        if event.status == EventStatus.CANCELLED:
            entry.add("status", "CANCELLED")
        else:
            entry.add("status", "TENTATIVE" if event.pk in tentative else "CONFIRMED")
        if event.series_id and event.occurrence_key:
            entry.add("recurrence-id", event.occurrence_key)
        calendar.add_component(entry)
    return calendar.to_ical()
