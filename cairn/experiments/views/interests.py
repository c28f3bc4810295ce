"""A member's expressions of interest and their page of experiments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cairn.accounts.views import AuthenticatedHttpRequest, member_permission_required
from cairn.core.forms import add_service_errors
from cairn.core.http import form_page, personal
from cairn.core.stamps import kept_list, reader
from cairn.experiments import selectors
from cairn.experiments.forms import ExpressionForm
from cairn.experiments.models import GROUP_STATUS_TONES
from cairn.experiments.services import interests as services


@member_permission_required("experiments.express_interest")
def expression_create(request: AuthenticatedHttpRequest, topic_pk: int) -> HttpResponse:
    topic = selectors.visible_topic(viewer=request.user, pk=topic_pk)
    if topic is None:
        raise Http404
    form = ExpressionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.expression_create(user=request.user, topic=topic, skills=form.cleaned_data["skills"], **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Votre intérêt pour « %(title)s » est enregistré.") % {"title": topic.title})
            return redirect("experiments:mine")
    return form_page(request, "experiments/expression_form.html", {"form": form, "topic": topic, "call": topic.call})


@member_permission_required("experiments.express_interest")
def expression_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    expression = selectors.own_expression(user=request.user, pk=pk)
    if expression is None:
        raise Http404
    form = ExpressionForm(request.POST or None, instance=expression, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.expression_update(user=request.user, expression=expression, skills=form.cleaned_data["skills"], **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Votre réponse est modifiée."))
            return redirect("experiments:mine")
    return form_page(
        request,
        "experiments/expression_form.html",
        {"form": form, "topic": expression.topic, "call": expression.topic.call, "expression": expression},
    )


@require_POST
@member_permission_required("experiments.express_interest")
def expression_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    expression = selectors.own_expression(user=request.user, pk=pk)
    if expression is None:
        raise Http404
    try:
        services.expression_withdraw(user=request.user, expression=expression)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Votre intérêt pour « %(title)s » est retiré.") % {"title": expression.topic.title})
    return redirect("experiments:mine")


#: How long a member's experiments are kept at most.
MINE_TTL = 60


@personal
@member_permission_required("experiments.express_interest")
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The member's answers to calls and their places in groups, kept (Django's
    ``{% cache %}``) per person and roles under the stamps of the expressions and places,
    the groups and the calls: an answer, an invitation or a group's new state shows on the
    next request; what no stamp sees (a call's deadline passing, which the forms check
    again) within ``MINE_TTL``. Its forms post with the reader's own CSRF token."""
    from cairn.experiments.stamps import calls_stamp, interest_stamp
    from cairn.experiments.state_of_play import groups_stamp

    user = request.user
    return render(
        request,
        "experiments/mine.html",
        {
            "mine": SimpleLazyObject(lambda: selectors.my_experiments(user=user)),
            "group_tones": GROUP_STATUS_TONES,
            **kept_list("my-experiments", reader(user), request.path, ttl=MINE_TTL, stamps=[interest_stamp, groups_stamp, calls_stamp]),
        },
    )
