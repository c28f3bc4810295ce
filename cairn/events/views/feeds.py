"""The iCalendar subscriptions: the agenda's filters, a series, a member's private feed."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cairn.accounts.views import AuthenticatedHttpRequest, member_permission_required
from cairn.core.http import personal
from cairn.events import selectors
from cairn.events.ical import build_calendar
from cairn.events.models import RegistrationStatus, Series
from cairn.events.services.calendar_feeds import calendar_feed_reset
from cairn.events.views.agenda import agenda_filters

FEED_LIMIT = 500


def agenda_feed(request: HttpRequest) -> HttpResponse:
    """The agenda's filters as a calendar subscription (public: no online links)."""
    form, values = agenda_filters(request)
    if "project" in form.errors:
        raise Http404  # a feed of a project one may not see (or that does not exist) is no feed of everything
    events = list(selectors.filtered_events(viewer=request.user, filters=values)[:FEED_LIMIT])
    return _ics(build_calendar(events, name=_("Agenda Cairn")), "agenda.ics")


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_POST
@member_permission_required("events.register")
def private_feed_reset(request: AuthenticatedHttpRequest) -> HttpResponse:
    calendar_feed_reset(user=request.user)
    messages.success(request, _("Nouvelle adresse créée : l’ancienne ne fonctionne plus. Abonnez votre agenda à la nouvelle."))
    return redirect("events:mine")


@personal
def private_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A member's registrations behind a secret address: with the online links."""
    feed = selectors.calendar_feed(token=token)
    if feed is None:
        raise Http404
    upcoming, past = selectors.my_events(user=feed.user)
    events = [r.event for r in [*upcoming, *past][:FEED_LIMIT]]
    confirmed = {r.event_id for r in [*upcoming, *past] if r.status == RegistrationStatus.CONFIRMED}
    waiting = {e.pk for e in events} - confirmed  # waitlisted or awaiting approval: TENTATIVE
    return _ics(build_calendar(events, name=_("Mes évènements Cairn"), show_online_for=confirmed, tentative=waiting), "mes-evenements.ics")


def series_feed(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_object_or_404(Series, pk=pk)
    events = selectors.series_dates(series=series, limit=FEED_LIMIT)
    registered = selectors.registered_event_ids(user=request.user, events=events)
    return _ics(build_calendar(events, name=series.title, show_online_for=registered), f"serie-{series.pk}.ics")
