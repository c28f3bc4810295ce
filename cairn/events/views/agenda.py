"""Finding events: the agenda and its filters, the month calendar, the member's own events."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from cairn.accounts.views import AuthenticatedHttpRequest, member_permission_required
from cairn.core.forms import EARLIEST_DATE, LATEST_DATE
from cairn.core.http import HtmxHttpRequest, personal
from cairn.core.stamps import PAGE_CACHE, built_lazily, cache_key, kept_list, reader
from cairn.events import selectors
from cairn.events.forms import AgendaFilterForm
from cairn.events.models import REGISTRATION_TONES
from cairn.events.recurrence import BRUSSELS
from cairn.events.services.calendar_feeds import calendar_feed_for
from cairn.events.stamps import agenda_stamp
from cairn.projects.rules import can_manage_projects
from cairn.projects.stamps import projects_stamp

AGENDA_PAGE_SIZE = 20
#: How long the agenda's and the calendar's filters are kept: the projects' stamp makes a
#: new or renamed project show at once in the "Projet" filter (hundreds of options); this
#: bounds what no stamp sees (a new office's city, a renamed sector).
FILTERS_TTL = 300
#: How long the agenda's rows are kept: the agenda's stamp makes a change of seats,
#: dates or status show at once; this bounds how long an event that just ended stays listed.
ROWS_TTL = 60


def agenda_filters(request: HttpRequest) -> tuple[AgendaFilterForm, dict[str, Any]]:
    """The agenda's filters (also the calendar's and the feed's): the form and its valid
    values. ``filter_query`` gives the query string that repeats them in links."""
    form = AgendaFilterForm(request.GET or None, cities=selectors.agenda_cities(), viewer=request.user)
    return form, form.valid_values()


def filter_query(request: HttpRequest) -> str:
    """The query string that repeats the agenda's filters in links (the calendar, the feed)."""
    return urlencode({k: str(v) for k, v in request.GET.items() if k in AgendaFilterForm.base_fields and v})


def kept_filters(request: HttpRequest, *parts: object) -> dict[str, Any]:
    """The key the template keeps the filters' HTML under: the same for everyone who sees
    the same projects in the "Projet" filter, for the same address."""
    audience = bool(can_manage_projects(request.user))
    return kept_list("agenda-filters", audience, request.path, request.GET.urlencode(), *parts, ttl=FILTERS_TTL, stamps=[projects_stamp])


def rows_key(request: HttpRequest, name: str, *parts: object) -> str:
    """The key the agenda's rows or the calendar's grid are kept under: the address and the
    agenda's stamp (seats, cancellations, new events, anyone's registration), and the
    reader — one key for every visitor, who all see the same rows; their own for someone
    signed in, whose rows carry their registrations and the events their roles show."""
    return cache_key(name, reader(request.user), request.path, request.GET.urlencode(), *parts, stamps=[agenda_stamp])


@vary_on_headers("HX-Request")  # the same URL answers the page or, for htmx, its results
def agenda(request: HtmxHttpRequest) -> HttpResponse:
    """The filters are kept per audience (``kept_filters``), the rows per reader
    (``rows_key``), for ``ROWS_TTL`` seconds at most: an event that ends leaves the list
    within that time. The form and the page are built lazily, only when a block is
    rendered anew."""

    def listing() -> tuple[AgendaFilterForm, Any]:
        form, values = agenda_filters(request)
        events = selectors.filtered_events(viewer=request.user, filters=values)
        return form, Paginator(events, AGENDA_PAGE_SIZE).get_page(request.GET.get("page"))

    context = {
        **built_lazily(listing, "form", "page_obj"),
        "filter_query": filter_query(request),
        "tones": REGISTRATION_TONES,
        **kept_filters(request),
        "rows_key": rows_key(request, "agenda-rows"),
        "rows_ttl": ROWS_TTL,
    }
    template = "events/agenda.html#results" if request.htmx else "events/agenda.html"
    return render(request, template, context)


def month_calendar(request: HttpRequest) -> HttpResponse:
    """As the agenda: the filters kept per audience, the month's grid per reader
    (``rows_key``); the form and the grid are built lazily, only when a block is rendered
    anew."""
    month_error = ""
    try:
        month = dt.date.fromisoformat(request.GET.get("mois", "") + "-01") if request.GET.get("mois") else None
    except ValueError:
        month, month_error = None, _("Mois invalide : le mois en cours est affiché.")
    if month is not None and not (EARLIEST_DATE <= month <= LATEST_DATE):
        month, month_error = None, _("Mois invalide : le mois en cours est affiché.")
    if month is None:
        month = timezone.now().astimezone(BRUSSELS).date()
    first, previous, following = selectors.month_around(month)

    def built() -> tuple[AgendaFilterForm, selectors.MonthGrid]:
        form, values = agenda_filters(request)
        values.pop("date_from", None)
        values.pop("date_to", None)
        return form, selectors.month_grid(viewer=request.user, filters=values, month=first)

    context = {
        **built_lazily(built, "form", "grid"),
        "month": first,
        "previous": previous,
        "next": following,
        "filter_query": filter_query(request),
        "month_error": month_error,
        **kept_filters(request, first),
        "rows_key": rows_key(request, "calendar-grid", first),
        "rows_ttl": ROWS_TTL,
    }
    return render(request, "events/calendar.html", context)


@personal
@member_permission_required("events.register")
def my_events(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The member's registrations, to come and past, kept for them (``rows_key``) under the
    agenda's stamp, which every registration change moves; the secret feed's address is
    read on each request."""

    def registrations() -> tuple[Any, Any]:
        return selectors.my_events(user=request.user)

    feed = calendar_feed_for(user=request.user)
    feed_url = request.build_absolute_uri(reverse("events:private_feed", args=[feed.token]))
    context = {
        **built_lazily(registrations, "upcoming", "past"),
        "feed_url": feed_url,
        "tones": REGISTRATION_TONES,
        "rows_key": rows_key(request, "my-events"),
        "rows_ttl": ROWS_TTL,
        "page_cache": PAGE_CACHE,
    }
    return render(request, "events/my_events.html", context)
