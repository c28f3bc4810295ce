"""The events' pages: thin functions — parse, authorise, call a service or selector, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from rules.contrib.views import permission_required

from cairn.accounts.views import AuthenticatedHttpRequest
from cairn.core.forms import add_service_errors
from cairn.core.http import HtmxHttpRequest
from cairn.events import exports, selectors, services
from cairn.events.forms import AgendaFilterForm, EventForm, FeedbackForm, MessageForm, RegisterForm, SeriesForm
from cairn.events.ical import build_calendar
from cairn.events.models import REGISTRATION_TONES, Event, Registration, RegistrationStatus, Series
from cairn.events.recurrence import BRUSSELS, describe

AGENDA_PAGE_SIZE = 20
FEED_LIMIT = 500


def _filters(request: HttpRequest) -> tuple[AgendaFilterForm, dict[str, Any], str]:
    form = AgendaFilterForm(request.GET or None, cities=selectors.agenda_cities(), viewer=request.user)
    values = form.valid_values()
    query = urlencode({k: str(v) for k, v in request.GET.items() if k in form.fields and v})
    return form, values, query


# --- Finding events --------------------------------------------------------------------


@vary_on_headers("HX-Request")  # the same URL answers the page or, for htmx, its results
def agenda(request: HtmxHttpRequest) -> HttpResponse:
    form, values, query = _filters(request)
    page = Paginator(selectors.filtered_events(viewer=request.user, filters=values), AGENDA_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page, "filter_query": query, "tones": REGISTRATION_TONES}
    template = "events/agenda.html#results" if request.htmx else "events/agenda.html"
    return render(request, template, context)


def month_calendar(request: HttpRequest) -> HttpResponse:
    form, values, query = _filters(request)
    month_error = ""
    try:
        month = dt.date.fromisoformat(request.GET.get("mois", "") + "-01") if request.GET.get("mois") else None
    except ValueError:
        month, month_error = None, _("Mois invalide : le mois en cours est affiché.")
    if month is None or not (2000 <= month.year <= 2100):
        month = timezone.now().astimezone(BRUSSELS).date()
    values.pop("date_from", None)
    values.pop("date_to", None)
    grid = selectors.month_grid(viewer=request.user, filters=values, month=month)
    return render(request, "events/calendar.html", {"form": form, "grid": grid, "filter_query": query, "month_error": month_error})


def agenda_feed(request: HttpRequest) -> HttpResponse:
    """The agenda's filters as a calendar subscription (public: no online links)."""
    form, values, _query = _filters(request)
    if "project" in form.errors:
        raise Http404  # a feed of a project one may not see (or that does not exist) is no feed of everything
    events = list(selectors.filtered_events(viewer=request.user, filters=values)[:FEED_LIMIT])
    return _ics(build_calendar(events, name=_("Agenda Cairn")), "agenda.ics")


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def my_events(request: AuthenticatedHttpRequest) -> HttpResponse:
    upcoming, past = selectors.my_events(user=request.user)
    feed = services.calendar_feed_for(user=request.user)
    feed_url = request.build_absolute_uri(reverse("events:private_feed", args=[feed.token]))
    return render(request, "events/my_events.html", {"upcoming": upcoming, "past": past, "feed_url": feed_url, "tones": REGISTRATION_TONES})


@require_POST
@login_required
def private_feed_reset(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.calendar_feed_reset(user=request.user)
    messages.success(request, _("Nouvelle adresse créée : l’ancienne ne fonctionne plus. Abonnez votre agenda à la nouvelle."))
    return redirect("events:mine")


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


# --- One event -------------------------------------------------------------------------


def _event_context(request: HttpRequest, pk: int, register_form: RegisterForm | None = None) -> dict[str, Any]:
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
    return render(request, "events/detail.html", _event_context(request, pk))


def _registration_answer(request: HtmxHttpRequest, pk: int, status: int = 200, form: RegisterForm | None = None) -> HttpResponse:
    """After a registration change: for htmx, the registration box alone; otherwise back to the page."""
    if request.htmx:
        # 200 even for a refusal: htmx swaps only successful answers, and the box carries the
        # reason (and the state as it is now) in its message.
        return render(request, "events/detail.html#registration", _event_context(request, pk, form))
    if status != 200:
        return render(request, "events/detail.html", _event_context(request, pk, form), status=status)
    return redirect("events:detail", pk=pk)


@require_POST
@login_required
@permission_required("events.register", raise_exception=True)
def register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    form = RegisterForm(request.POST, event=event)
    if not form.is_valid():
        return _registration_answer(request, pk, status=400, form=form)
    try:
        registration = services.registration_register(event=event, user=request.user, answers=form.answers())
    except services.RegistrationRefused as refused:
        messages.error(request, str(refused))
        return _registration_answer(request, pk, status=409)
    except ValidationError as error:
        add_service_errors(form, error)
        return _registration_answer(request, pk, status=400, form=form)
    notices = {
        RegistrationStatus.CONFIRMED: _("C’est noté : vous êtes inscrit·e. Une confirmation part par e-mail."),
        RegistrationStatus.WAITLISTED: _("L’évènement est complet : vous êtes sur la liste d’attente."),
        RegistrationStatus.PENDING: _("Votre demande est envoyée : l’organisation la valide."),
    }
    messages.success(request, notices.get(RegistrationStatus(registration.status), ""))
    return _registration_answer(request, pk)


@require_POST
@login_required
def unregister(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    registration = selectors.own_registration(event_id=pk, user=request.user)
    if registration is None:
        raise Http404
    try:
        services.registration_cancel(registration=registration, actor=request.user)
    except services.RegistrationRefused as refused:
        messages.error(request, str(refused))
        return _registration_answer(request, pk, status=409)
    messages.success(request, _("Votre inscription est annulée."))
    return _registration_answer(request, pk)


def cancel_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mails' cancellation link: a confirmation page (GET changes nothing), then POST."""
    registration = selectors.registration_by_cancel_token(token=token)
    if registration is None:
        raise Http404
    done = False
    error = ""
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration)
            done = True
        except services.RegistrationRefused as refused:
            error = str(refused)
    return render(
        request,
        "events/cancel_by_link.html",
        {
            "registration": registration,
            "event": registration.event,
            "done": done or registration.status == RegistrationStatus.CANCELLED,
            "error": error,
        },
        status=409 if error else 200,
    )


@login_required
def feedback(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(
                event=event, user=request.user, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Merci pour votre avis !"))
        return redirect("events:detail", pk=pk)
    if request.method == "POST":
        messages.error(request, _("Choisissez une note de 1 à 5."))
    return redirect("events:detail", pk=pk)


# --- Series ----------------------------------------------------------------------------


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


def series_feed(request: HttpRequest, pk: int) -> HttpResponse:
    series = get_object_or_404(Series, pk=pk)
    events = selectors.series_dates(series=series, limit=FEED_LIMIT)
    registered = selectors.registered_event_ids(user=request.user, events=events)
    return _ics(build_calendar(events, name=series.title, show_online_for=registered), f"serie-{series.pk}.ics")


# --- Organisers --------------------------------------------------------------------------


def _managed(request: HttpRequest, pk: int) -> Event:
    event = selectors.managed_event(pk=pk)
    if event is None:
        raise Http404
    if not request.user.has_perm("events.manage_event", event):
        raise PermissionDenied
    return event


@login_required
@permission_required("events.create_event", raise_exception=True)
def event_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = EventForm(
        request.POST or None, initial={"organisers": [request.user.pk], "languages": "fr"}, **selectors.form_choices(viewer=request.user)
    )
    if request.method == "POST" and form.is_valid():
        links = form.links()
        if not links["organisers"]:
            links["organisers"] = [request.user]
        try:
            event = services.event_create(actor=request.user, **links, **form.event_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("L’évènement est publié."))
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": None}, status=400 if form.errors else 200)


@login_required
def event_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Edit one event; for an occurrence of a series, this one only (the series' page edits them all)."""
    event = _managed(request, pk)
    form = EventForm(
        request.POST or None,
        instance=event,
        initial=selectors.current_links(obj=event),
        **selectors.form_choices(viewer=request.user, obj=event),
    )
    if request.method == "POST" and form.is_valid():
        fields = form.event_fields()
        event = Event.objects.get(pk=pk)  # the form changed the instance in memory; the service compares with the stored one
        try:
            services.event_update(actor=request.user, event=event, **form.links(), **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Modifications enregistrées."))
            return redirect("events:detail", pk=pk)
    return render(request, "events/event_form.html", {"form": form, "event": event}, status=400 if form.errors else 200)


@login_required
@permission_required("events.create_event", raise_exception=True)
def series_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SeriesForm(
        request.POST or None,
        initial={"organisers": [request.user.pk], "languages": "fr", "rule": "FREQ=MONTHLY;BYDAY=1TH", "duration_minutes": 120},
        **selectors.form_choices(viewer=request.user),
    )
    if request.method == "POST" and form.is_valid():
        links = form.links()
        if not links["organisers"]:
            links["organisers"] = [request.user]
        try:
            series = services.series_create(actor=request.user, **links, **form.series_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("La série est publiée avec ses prochaines dates."))
            return redirect("events:series", pk=series.pk)
    return render(request, "events/series_form.html", {"form": form, "series": None}, status=400 if form.errors else 200)


@login_required
def series_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Edit the whole series: every upcoming occurrence not edited on its own follows."""
    series = selectors.managed_series(pk=pk)
    if series is None:
        raise Http404
    if not request.user.has_perm("events.manage_event", series):
        raise PermissionDenied
    form = SeriesForm(
        request.POST or None,
        instance=series,
        initial=selectors.current_links(obj=series),
        **selectors.form_choices(viewer=request.user, obj=series),
    )
    if request.method == "POST" and form.is_valid():
        fields = form.series_fields()
        try:
            services.series_update(actor=request.user, series=Series.objects.get(pk=pk), **form.links(), **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("La série et ses prochaines dates sont à jour."))
            return redirect("events:series", pk=pk)
    return render(request, "events/series_form.html", {"form": form, "series": series}, status=400 if form.errors else 200)


@login_required
def event_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A confirmation page, then the cancellation (one occurrence only, for a series)."""
    event = _managed(request, pk)
    if request.method == "POST":
        services.event_cancel(actor=request.user, event=event)
        messages.success(request, _("L’évènement est annulé ; les personnes inscrites sont prévenues."))
        return redirect("events:detail", pk=pk)
    return render(request, "events/event_cancel.html", {"event": event})


@login_required
def attendee_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = _managed(request, pk)
    registrations = selectors.attendees(event=event)
    page = Paginator(registrations, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "events/attendees.html",
        {"event": event, "page_obj": page, "counts": selectors.attendee_counts(event=event), "tones": REGISTRATION_TONES},
    )


@login_required
def attendee_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    event = _managed(request, pk)
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    header = [_("Nom"), _("E-mail"), _("État"), _("Inscrit·e le"), _("Présent·e"), *event.questions]
    rows = [
        [
            r.user.profile.public_name if hasattr(r.user, "profile") else r.user.email,
            r.user.email,
            r.get_status_display(),
            r.queued_at.astimezone(BRUSSELS).strftime("%Y-%m-%d %H:%M"),
            _("oui") if r.attended_at else _("non"),
            *[r.answers.get(q, "") for q in event.questions],
        ]
        for r in selectors.attendees(event=event)
    ]
    filename = f"inscrits-{event.pk}.{fmt}"
    content, content_type = exports.spreadsheet(header, rows, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_POST
@login_required
def registration_decide(request: AuthenticatedHttpRequest, pk: int, registration_pk: int, decision: str) -> HttpResponse:
    event = _managed(request, pk)
    registration = get_object_or_404(Registration, pk=registration_pk, event=event)
    if decision == "valider":
        services.registration_approve(registration=registration, actor=request.user)
    elif decision == "refuser":
        services.registration_decline(registration=registration, actor=request.user)
    elif decision == "annuler":
        try:
            services.registration_cancel(registration=registration, actor=request.user)
        except services.RegistrationRefused as refused:
            messages.error(request, str(refused))
    else:
        raise Http404
    return redirect("events:attendees", pk=pk)


@login_required
def message_registrants(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = _managed(request, pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.event_message_registrants(event=event, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Le message part vers toutes les personnes inscrites ou en liste d’attente."))
        return redirect("events:attendees", pk=pk)
    sent = selectors.sent_messages(event=event)
    return render(request, "events/message.html", {"event": event, "form": form, "sent": sent}, status=400 if form.errors else 200)


@login_required
@vary_on_headers("HX-Request")
def check_in(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Check-in on a phone: search by name, tick who is here."""
    event = _managed(request, pk)
    query = request.GET.get("q", "").strip()[:100]
    registrations = selectors.check_in_list(event=event, query=query)
    context = {"event": event, "registrations": registrations, "q": query, "counts": selectors.attendee_counts(event=event)}
    template = "events/check_in.html#list" if request.htmx else "events/check_in.html"
    return render(request, template, context)


@require_POST
@login_required
def check_in_mark(request: AuthenticatedHttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = _managed(request, pk)
    registration = selectors.event_registration(event=event, pk=registration_pk)
    if registration is None:
        raise Http404
    try:
        services.registration_mark_attended(registration=registration, actor=request.user, present=request.POST.get("present") == "1")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "events/check_in.html#row", {"event": event, "registration": registration})
    query = request.POST.get("q", "")
    return redirect(reverse("events:check_in", args=[pk]) + (f"?{urlencode({'q': query})}" if query else ""))


@login_required
def feedback_results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = _managed(request, pk)
    summary = selectors.feedback_summary(event=event)
    bars = [(n, summary["by_rating"].get(n, 0)) for n in range(5, 0, -1)]
    return render(request, "events/feedback_results.html", {"event": event, "summary": summary, "bars": bars})
