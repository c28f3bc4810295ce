"""The saved answers' pages, for the coordination team: the list, a new one, an edit (a
stale edit is refused), a deletion (confirmed by a POST)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from cairn.accounts.views import AuthenticatedHttpRequest
from cairn.core.forms import add_service_errors
from cairn.core.http import form_page
from cairn.inbox import selectors
from cairn.inbox.forms import SavedAnswerForm
from cairn.inbox.models import SavedAnswer
from cairn.inbox.services import saved_answers as services


def _saved_answer(pk: int) -> SavedAnswer:
    answer = selectors.saved_answer(pk=pk)
    if answer is None:
        raise Http404
    return answer


@login_required
@permission_required("inbox.triage", raise_exception=True)
def saved_answers(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "inbox/saved_answers.html", {"titles": selectors.saved_answers_by_title()})


@login_required
@permission_required("inbox.triage", raise_exception=True)
def saved_answer_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SavedAnswerForm(request.POST or None, initial={"title": request.GET.get("titre", "")[:120]})
    if request.method == "POST" and form.is_valid():
        try:
            services.saved_answer_create(actor=request.user, **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("La réponse type est enregistrée."))
            return redirect("inbox:saved_answers")
    return form_page(request, "inbox/saved_answer_form.html", {"form": form, "answer": None})


@login_required
@permission_required("inbox.triage", raise_exception=True)
def saved_answer_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    answer = _saved_answer(pk)
    form = SavedAnswerForm(request.POST or None, instance=answer)
    if request.method == "POST" and form.is_valid():
        try:
            services.saved_answer_update(
                actor=request.user, answer=answer, expected_updated_at=form.cleaned_data["version"], **form.service_data()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("La réponse type est enregistrée."))
            return redirect("inbox:saved_answers")
    return form_page(request, "inbox/saved_answer_form.html", {"form": form, "answer": answer})


@login_required
@permission_required("inbox.triage", raise_exception=True)
def saved_answer_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    answer = _saved_answer(pk)
    if request.method == "POST":
        services.saved_answer_delete(actor=request.user, answer=answer)
        messages.success(request, _("La réponse type est supprimée."))
        return redirect("inbox:saved_answers")
    return render(request, "inbox/saved_answer_delete.html", {"answer": answer})
