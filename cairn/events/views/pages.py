"""An event's page (with the registration box) and a series' page."""

from __future__ import annotations

import functools
from functools import partial
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from cairn.core.stamps import kept_access, kept_list, reader
from cairn.core.translation import shown_in
from cairn.events import selectors
from cairn.events.forms import FeedbackForm, RegisterForm
from cairn.events.models import REGISTRATION_TONES
from cairn.events.recurrence import describe
from cairn.events.stamps import agenda_stamp, feedback_stamp


def event_context(request: HttpRequest, pk: int, register_form: RegisterForm | None = None) -> dict[str, Any]:
    page = selectors.event_page(viewer=request.user, pk=pk)
    if page is None:
        raise Http404
    event = page.event
    can_manage = request.user.has_perm("events.manage_event", event)
    return {
        "page": page,
        "event": event,
        "registration": page.registration,
        "register_form": register_form or RegisterForm(event=event),
        "refusal": event.registration_refusal(),
        "can_manage": can_manage,
        "show_online": can_manage or page.is_registered,
        "feedback_form": FeedbackForm(
            initial={"rating": page.feedback.rating, "comment": page.feedback.comment} if page.feedback else None
        ),
        "tones": REGISTRATION_TONES,
        "rule_text": describe(event.series.rule) if event.series_id and event.series else "",
    }


#: How long an event's page is kept at most: what no stamp sees (registrations closing or
#: the event becoming past at their hour, which the registration itself checks again; a
#: broad theme renamed) shows within it.
EVENT_PAGE_TTL = 60

#: The names ``event_context`` gives the page, each read lazily from it.
EVENT_CONTEXT = (
    "page",
    "event",
    "registration",
    "register_form",
    "refusal",
    "can_manage",
    "show_online",
    "feedback_form",
    "tones",
    "rule_text",
)


def _event_page_stamps() -> list[Any]:
    """What an event's page shows: the event, its organisers and everyone's registrations
    (the seats, the reader's own state and place on the waiting list), the reader's
    opinion, the recommendations and projects it is linked to, how people are named, and
    the sections later apps add."""
    from cairn.accounts.selectors import people_stamp
    from cairn.core.sections import sections_stamp
    from cairn.projects.stamps import projects_stamp
    from cairn.recommendations.selectors.registry import registry_stamp

    return [agenda_stamp, feedback_stamp, registry_stamp, projects_stamp, people_stamp, partial(sections_stamp, "event_page_sections")]


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An event's page. The registration box is the reader's own, so the page is kept
    (Django's ``{% cache %}``) per event, person and roles under the stamps of all it shows
    (``_event_page_stamps``), with who may see the event (``kept_access``): a registration,
    a seat taken by someone else, a cancelled event shows on the next request, and a kept
    page reads nothing. Its forms post with the reader's own CSRF token
    (``{% kept_csrf_token %}``); a form sent back with its errors (``event_context``, the
    registration views) is built afresh."""
    stamps = _event_page_stamps()
    built = functools.cache(lambda: event_context(request, pk))
    seen = kept_access(
        "event-page",
        request.user,
        pk,
        get_language(),
        ttl=EVENT_PAGE_TTL,
        stamps=stamps,
        decide=lambda: {"title_text": shown_in(built()["event"], "title").text},
    )
    context = {name: SimpleLazyObject(partial(lambda name: built()[name], name)) for name in EVENT_CONTEXT}
    context |= seen
    context |= kept_list("event-page", pk, reader(request.user), request.path, ttl=EVENT_PAGE_TTL, stamps=stamps)
    return render(request, "events/detail.html", context)


def series_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.series_page(viewer=request.user, pk=pk)
    if found is None:
        raise Http404
    series, occurrences = found
    can_manage = request.user.has_perm("events.manage_event", series)
    return render(
        request,
        "events/series_detail.html",
        {
            "series": series,
            "occurrences": occurrences,
            "rule_text": describe(series.rule),
            "can_manage": can_manage,
            "tones": REGISTRATION_TONES,
        },
    )
