"""Creating, editing and cancelling events and series: facilitators and the coordination
team create them; an event's organisers (and the coordination team) edit or cancel it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from cairn.accounts.views import AuthenticatedHttpRequest
from cairn.core.forms import add_service_errors
from cairn.events import selectors
from cairn.events.forms import EventForm, SeriesForm
from cairn.events.models import Event, Series
from cairn.events.services import events as event_services
from cairn.events.services import series as series_services
from cairn.events.views.organisers import organised_event


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
            event = event_services.event_create(actor=request.user, **links, **form.event_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("L’évènement est publié."))
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": None}, status=400 if form.errors else 200)


@login_required
def event_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Edit one event; for an occurrence of a series, this one only (the series' page edits them all)."""
    event = organised_event(request, pk)
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
            event_services.event_update(
                actor=request.user, event=event, expected_updated_at=form.cleaned_data["version"], **form.links(), **fields
            )
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
    # "Voir les prochaines dates" shows the series' dates without saving it.
    if request.method == "POST" and form.is_valid() and "preview" not in request.POST:
        links = form.links()
        if not links["organisers"]:
            links["organisers"] = [request.user]
        try:
            series = series_services.series_create(actor=request.user, **links, **form.series_fields())
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
    if request.method == "POST" and form.is_valid() and "preview" not in request.POST:
        fields = form.series_fields()
        try:
            series_services.series_update(
                actor=request.user,
                series=Series.objects.get(pk=pk),
                expected_updated_at=form.cleaned_data["version"],
                **form.links(),
                **fields,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("La série et ses prochaines dates sont à jour."))
            return redirect("events:series", pk=pk)
    return render(request, "events/series_form.html", {"form": form, "series": series}, status=400 if form.errors else 200)


@login_required
def event_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A confirmation page, then the cancellation (one occurrence only, for a series)."""
    event = organised_event(request, pk)
    if request.method == "POST":
        event_services.event_cancel(actor=request.user, event=event)
        messages.success(request, _("L’évènement est annulé ; les personnes inscrites sont prévenues."))
        return redirect("events:detail", pk=pk)
    return render(request, "events/event_cancel.html", {"event": event})
