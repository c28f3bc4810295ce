"""An event's page (with the registration box) and a series' page."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cairn.events import selectors
from cairn.events.forms import FeedbackForm, RegisterForm
from cairn.events.models import REGISTRATION_TONES
from cairn.events.recurrence import describe


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


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "events/detail.html", event_context(request, pk))


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
