"""Running an event, for its organisers and the coordination team: the attendees and their
exports, approvals, messages, check-in, feedback results."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from cairn.accounts.selectors import people_stamp
from cairn.accounts.views import AuthenticatedHttpRequest
from cairn.core.http import personal
from cairn.core.stamps import kept_access, kept_list
from cairn.events import exports, selectors
from cairn.events.forms import CheckInSearchForm, MessageForm
from cairn.events.models import REGISTRATION_TONES, Event, Registration
from cairn.events.recurrence import BRUSSELS
from cairn.events.services.events import event_message_registrants
from cairn.events.services.registrations import (
    RegistrationRefused,
    registration_approve,
    registration_cancel,
    registration_decline,
    registration_mark_attended,
)
from cairn.events.stamps import agenda_stamp


def organised_event(request: HttpRequest, pk: int) -> Event:
    """The event of an organiser page: 404 when missing, 403 to anyone but its organisers and
    the coordination team (``events.manage_event``). The edit and cancel pages use it too."""
    event = selectors.managed_event(pk=pk)
    if event is None:
        raise Http404
    if not request.user.has_perm("events.manage_event", event):
        raise PermissionDenied
    return event


#: How long an event's attendee list is kept at most: what no stamp sees (the event
#: becoming past, which hides the "unregister" buttons) shows within it.
ATTENDEES_TTL = 60


@personal
@login_required
def attendee_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The registrants, for the event's organisers and the coordination team, who all see the
    same list (names whatever the profile's visibility: they need them at the door). So the
    counts and the table are kept (Django's ``{% cache %}``) per event and address under the
    agenda's stamp (every registration change saves its ``updated_at``) and the people's;
    the rows' buttons post through one form outside the kept HTML, which carries this
    person's CSRF token. The page and the counts are built only when the block is."""
    stamps = [agenda_stamp, people_stamp]

    @functools.cache
    def event() -> Event:
        return organised_event(request, pk)

    # Who may read it (the event's organisers, the roles) is kept beside it, per person, under
    # the agenda's stamp, which sees every organiser change: a kept list reads nothing.
    seen = kept_access("attendees", request.user, pk, ttl=ATTENDEES_TTL, stamps=stamps, decide=lambda: {"event_title": event().title})
    context = {
        **seen,
        "event_pk": pk,
        "event": SimpleLazyObject(event),
        "page_obj": SimpleLazyObject(lambda: Paginator(selectors.attendees(event=event()), 100).get_page(request.GET.get("page"))),
        "counts": SimpleLazyObject(lambda: selectors.attendee_counts(event=event())),
        "tones": REGISTRATION_TONES,
        **kept_list("attendees", pk, request.path, request.GET.urlencode(), ttl=ATTENDEES_TTL, stamps=stamps),
    }
    return render(request, "events/attendees.html", context)


@personal
@login_required
def attendee_export(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    event = organised_event(request, pk)
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    # The registrants' names whatever their profile visibility: the organisers need them
    # at the door, like the attendee list and the check-in (docs/events.md, "Names").
    header = [_("Nom"), _("E-mail"), _("État"), _("Inscrit·e le"), _("Présent·e"), *event.questions]
    rows = [
        [
            r.name_at_the_door,
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
    event = organised_event(request, pk)
    registration = get_object_or_404(Registration, pk=registration_pk, event=event)
    if decision == "valider":
        registration_approve(registration=registration, actor=request.user)
    elif decision == "refuser":
        registration_decline(registration=registration, actor=request.user)
    elif decision == "annuler":
        try:
            registration_cancel(registration=registration, actor=request.user)
        except RegistrationRefused as refused:
            messages.error(request, str(refused))
    else:
        raise Http404
    return redirect("events:attendees", pk=pk)


@login_required
def message_registrants(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = organised_event(request, pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event_message_registrants(event=event, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Le message part vers toutes les personnes inscrites ou en liste d’attente."))
        return redirect("events:attendees", pk=pk)
    sent = selectors.sent_messages(event=event)
    return render(request, "events/message.html", {"event": event, "form": form, "sent": sent}, status=400 if form.errors else 200)


@personal
@login_required
@vary_on_headers("HX-Request")
def check_in(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Check-in on a phone: search by name, tick who is here."""
    event = organised_event(request, pk)
    query = CheckInSearchForm(request.GET).query()
    registrations = selectors.check_in_list(event=event, query=query)
    context = {"event": event, "registrations": registrations, "q": query, "counts": selectors.attendee_counts(event=event)}
    template = "events/check_in.html#list" if request.htmx else "events/check_in.html"
    return render(request, template, context)


@require_POST
@login_required
def check_in_mark(request: AuthenticatedHttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = organised_event(request, pk)
    registration = selectors.event_registration(event=event, pk=registration_pk)
    if registration is None:
        raise Http404
    try:
        registration_mark_attended(registration=registration, actor=request.user, present=request.POST.get("present") == "1")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.htmx:  # type: ignore[attr-defined]
        # The row, and the count of people present swapped out of band.
        context = {"event": event, "registration": registration, "counts": selectors.attendee_counts(event=event)}
        return render(request, "events/check_in.html#marked", context)
    query = request.POST.get("q", "")
    return redirect(reverse("events:check_in", args=[pk]) + (f"?{urlencode({'q': query})}" if query else ""))


@login_required
def feedback_results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = organised_event(request, pk)
    summary = selectors.feedback_summary(event=event)
    bars = [(n, summary["by_rating"].get(n, 0)) for n in range(5, 0, -1)]
    return render(request, "events/feedback_results.html", {"event": event, "summary": summary, "bars": bars})
