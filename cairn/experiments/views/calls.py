"""The calls' pages: the list and a call's page for everyone, the staff's pages to write,
plan, give topics to and move a call."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from cairn.accounts.views import AuthenticatedHttpRequest
from cairn.core.forms import add_service_errors
from cairn.core.http import form_page
from cairn.core.stamps import for_visitors
from cairn.events.stamps import agenda_stamp
from cairn.experiments import selectors
from cairn.experiments.forms import CallForm, TopicForm
from cairn.experiments.models import CALL_STATE_TONES, GROUP_STATUS_TONES, Call, Topic
from cairn.experiments.services import calls as services
from cairn.experiments.stamps import calls_stamp, interest_stamp
from cairn.experiments.state_of_play import groups_stamp
from cairn.recommendations.selectors.registry import registry_stamp


def call_list(request: HttpRequest) -> HttpResponse:
    return render(request, "experiments/call_list.html", {"calls": selectors.call_list(viewer=request.user), "tones": CALL_STATE_TONES})


#: How long a visitor's call page is kept at most: what no stamp sees (a topic's text
#: edited, a meetup held, a renamed office or sector) shows within it.
CALL_PAGE_TTL = 60


def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A call, its topics with their groups, and its figures. Every visitor sees the same
    one, so what it shows is kept (``cairn.core.stamps.for_visitors``) per language and call under
    the stamps of what it shows — the calls' and topics', the groups', the interest and
    places taken, the recommendations, the meetups' registrations. A member gets it built
    for them (their own answers)."""
    page = for_visitors(
        request,
        "experiment-call",
        slug,
        ttl=CALL_PAGE_TTL,
        stamps=[calls_stamp, groups_stamp, interest_stamp, registry_stamp, agenda_stamp],
        compute=partial(selectors.call_page, viewer=request.user, slug=slug),
    )
    if page is None:
        raise Http404
    return render(
        request,
        "experiments/call_detail.html",
        {"page": page, "call": page.call, "tones": CALL_STATE_TONES, "group_tones": GROUP_STATUS_TONES},
    )


def _managed_call(pk: int) -> Call:
    call = selectors.managed_call(pk=pk)
    if call is None:
        raise Http404
    return call


@login_required
@permission_required("experiments.manage", raise_exception=True)
def call_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(actor=request.user, phases=form.phases(), **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("L’appel « %(title)s » est créé en brouillon ; ajoutez-lui ses sujets.") % {"title": call.title})
            return redirect("experiments:topics", pk=call.pk)
    return form_page(request, "experiments/call_form.html", {"form": form})


@login_required
@permission_required("experiments.manage", raise_exception=True)
def call_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = _managed_call(pk)
    form = CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_update(
                actor=request.user,
                call=call,
                phases=form.phases(),
                expected_updated_at=form.cleaned_data["version"],
                **form.service_data(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("L’appel est enregistré."))
            return redirect("experiments:call", slug=call.slug)
    return form_page(request, "experiments/call_form.html", {"form": form, "call": call})


@login_required
@permission_required("experiments.manage", raise_exception=True)
def call_topics(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The call's topics, each linked to recommendations; add one, or remove one from a draft."""
    call = _managed_call(pk)
    form = TopicForm(request.POST or None)
    if request.method == "POST" and request.POST.get("remove"):
        topic = get_object_or_404(Topic, pk=request.POST["remove"] if request.POST["remove"].isdigit() else 0, call=call)
        try:
            services.topic_remove(actor=request.user, topic=topic)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Le sujet « %(title)s » est retiré.") % {"title": topic.title})
        return redirect("experiments:topics", pk=call.pk)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_add(actor=request.user, call=call, **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Le sujet « %(title)s » est ajouté.") % {"title": topic.title})
            return redirect("experiments:topics", pk=call.pk)
    topics = selectors.call_topics(call=call)
    return form_page(request, "experiments/call_topics.html", {"call": call, "form": form, "topics": topics, "tones": CALL_STATE_TONES})


@login_required
@permission_required("experiments.manage", raise_exception=True)
def topic_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Reword a topic or write its Dutch and English versions (the page of what is still
    untranslated leads here), while its call is in draft or open."""
    topic = selectors.managed_topic(pk=pk)
    if topic is None:
        raise Http404
    form = TopicForm(request.POST or None, topic=topic)
    if request.method == "POST" and form.is_valid():
        try:
            services.topic_update(actor=request.user, topic=topic, expected_updated_at=form.cleaned_data["version"], **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Le sujet « %(title)s » est enregistré.") % {"title": form.cleaned_data["title"]})
            return redirect("experiments:topics", pk=topic.call_id)
    return form_page(request, "experiments/topic_form.html", {"topic": topic, "call": topic.call, "form": form})


MOVE_DONE = {
    "open": gettext_lazy("L’appel est ouvert : les sociétaires peuvent exprimer leur intérêt."),
    "close": gettext_lazy("L’appel est clos : vous pouvez former les groupes."),
    "groups_formed": gettext_lazy("Les groupes de cet appel sont formés."),
}


@login_required
@require_POST
@permission_required("experiments.manage", raise_exception=True)
def call_move(request: AuthenticatedHttpRequest, pk: int, move: str) -> HttpResponse:
    call = _managed_call(pk)
    try:
        call = services.call_move(actor=request.user, call=call, move=move)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, str(MOVE_DONE[move]))
    return redirect("experiments:call", slug=call.slug)
