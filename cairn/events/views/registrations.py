"""A member's registration: register, cancel (from the page or an e-mail's link), give feedback."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cairn.accounts.views import AuthenticatedHttpRequest, member_permission_required
from cairn.core.forms import add_service_errors
from cairn.core.http import HtmxHttpRequest, personal
from cairn.events import selectors
from cairn.events.forms import FeedbackForm, RegisterForm
from cairn.events.models import Event, RegistrationStatus
from cairn.events.services.registrations import RegistrationRefused, feedback_submit, registration_cancel, registration_register
from cairn.events.views.pages import event_context


def _registration_answer(request: HtmxHttpRequest, pk: int, status: int = 200, form: RegisterForm | None = None) -> HttpResponse:
    """After a registration change: for htmx, the registration box alone; otherwise back to the page."""
    if request.htmx:
        # 200 even for a refusal: htmx swaps only successful answers, and the box carries the
        # reason (and the state as it is now) in its message.
        return render(request, "events/_detail_body.html#registration", event_context(request, pk, form))
    if status != 200:
        return render(request, "events/detail.html", event_context(request, pk, form), status=status)
    return redirect("events:detail", pk=pk)


@require_POST
@member_permission_required("events.register")
def register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    form = RegisterForm(request.POST, event=event)
    if not form.is_valid():
        return _registration_answer(request, pk, status=400, form=form)
    try:
        registration = registration_register(event=event, user=request.user, answers=form.answers())
    except RegistrationRefused as refused:
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
        registration_cancel(registration=registration, actor=request.user)
    except RegistrationRefused as refused:
        messages.error(request, str(refused))
        return _registration_answer(request, pk, status=409)
    messages.success(request, _("Votre inscription est annulée."))
    return _registration_answer(request, pk)


@personal
def cancel_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mails' cancellation link: a confirmation page (GET changes nothing), then POST."""
    registration = selectors.registration_by_cancel_token(token=token)
    if registration is None:
        raise Http404
    done = False
    error = ""
    if request.method == "POST":
        try:
            registration_cancel(registration=registration)
            done = True
        except RegistrationRefused as refused:
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
            feedback_submit(event=event, user=request.user, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Merci pour votre avis !"))
        return redirect("events:detail", pk=pk)
    if request.method == "POST":
        messages.error(request, _("Choisissez une note de 1 à 5."))
    return redirect("events:detail", pk=pk)
