"""The events' e-mails, rendered in the recipient's language (``cairn.core.emails``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cairn.core.emails import render_email
from cairn.core.translation import text_in
from cairn.events.ical import build_calendar
from cairn.events.models import Event, Registration


def language_of(user: Any) -> str:
    profile = getattr(user, "profile", None)
    return getattr(profile, "language", None) or settings.LANGUAGE_CODE[:2]


def _url(name: str, language: str, *args: Any) -> str:
    with translation.override(language):
        return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def send(template: str, *, user: Any, context: dict[str, Any], event: Event | None = None, with_ics: bool = False) -> bool:
    """Send one of the events' e-mails to ``user``; whether it went. Nothing goes to an
    account that left (``User.is_reachable``): an erased organiser, a past attendee."""
    if not user.is_reachable:
        return False
    language = language_of(user)
    if event is not None:
        context = {"event": event, "event_url": _url("events:detail", language, event.pk), **context}
    message = render_email(f"events/emails/{template}", context, language)
    message.to = [user.email]
    if with_ics and event is not None:
        with translation.override(language):  # the entry's link in the recipient's language
            calendar = build_calendar([event], name=text_in(event, "title"), show_online_for={event.pk})
        message.attach(f"event-{event.pk}.ics", calendar, "text/calendar")
    message.send()
    return True


def registration_context(registration: Registration) -> dict[str, Any]:
    language = language_of(registration.user)
    return {
        "registration": registration,
        "cancel_url": _url("events:cancel_by_link", language, registration.cancel_token),
        "show_online": registration.status == "confirmed",
    }
