"""The FAQ: the public page of published questions, and the coordination team's editor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from cairn.accounts.views import AuthenticatedHttpRequest
from cairn.core.forms import add_service_errors
from cairn.core.http import form_page
from cairn.inbox import selectors
from cairn.inbox.forms import FaqForm, FaqSearchForm
from cairn.inbox.services import faq as faq_services


def faq(request: HttpRequest) -> HttpResponse:
    """Every published question by broad theme in the reader's language when written (Dutch,
    English), French otherwise, marked with its ``lang``; searchable."""
    form = FaqSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    topics = selectors.faq_topics(language=(translation.get_language() or "fr")[:2], query=query)
    return render(request, "inbox/faq.html", {"form": form, "topics": topics, "query": query})


@login_required
@permission_required("inbox.triage", raise_exception=True)
def faq_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = selectors.faq_entry(pk=pk)
    if entry is None:
        raise Http404
    initial = {name: getattr(entry, name) for name in faq_services.FAQ_FIELDS} | {"publish": entry.published_at is not None}
    form = FaqForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        publish = data.pop("publish")
        try:
            faq_services.faq_save(entry=entry, actor=request.user, publish=publish, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("La question est publiée.") if publish else _("La question est enregistrée, sans être publiée."))
            return redirect("inbox:faq_edit", pk=entry.pk)
    return form_page(request, "inbox/faq_edit.html", {"form": form, "entry": entry})
