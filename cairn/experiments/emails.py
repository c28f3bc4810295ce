"""The experiments' e-mails, rendered in the recipient's language (``cairn.core.emails``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cairn.core.emails import render_email
from cairn.events.emails import language_of
from cairn.events.ical import build_calendar


def absolute_url(name: str, language: str, *args: Any) -> str:
    with translation.override(language):
        return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def send(template: str, *, user: Any, context: dict[str, Any], events: Sequence[Any] = (), calendar_name: str = "") -> bool:
    """Send ``experiments/emails/<template>`` to ``user``; whether it went. With ``events``,
    an .ics of them is attached (their online links included: the recipient is in the group).
    Nothing goes to an account that left (``User.is_reachable``)."""
    if not user.is_reachable:
        return False
    language = language_of(user)
    context = {"mine_url": absolute_url("experiments:mine", language), **context}
    message = render_email(f"experiments/emails/{template}", context, language)
    message.to = [user.email]
    if events:
        with translation.override(language):  # the entries' links in the recipient's language
            calendar = build_calendar(events, name=calendar_name, show_online_for={e.pk for e in events})
        message.attach("reunions.ics", calendar, "text/calendar")
    message.send()
    return True
