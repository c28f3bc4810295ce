"""Asking from the site, confirming a visitor's address, and "Mes questions"."""

from __future__ import annotations

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from cairn.accounts.views import AuthenticatedHttpRequest
from cairn.core.forms import add_service_errors
from cairn.core.http import form_page, personal
from cairn.core.items import item_shown, parse_reference
from cairn.core.stamps import kept_list
from cairn.inbox import selectors
from cairn.inbox.forms import AskForm, ReplyForm
from cairn.inbox.models import STATE_TONES, Attachment, Conversation
from cairn.inbox.services import asking, triage

#: How long the empty question form is kept at most (nothing in it changes but the day).
ASK_FORM_TTL = 3600


def ask(request: HttpRequest) -> HttpResponse:
    """The general page, or the same form about one item (``?sujet=project:12``). A bot
    that fills the hidden field is thanked and nothing is kept."""
    signed_in = request.user.is_authenticated
    reference = parse_reference(request.POST.get("about") or request.GET.get("sujet", ""))
    about = item_shown(*reference, request.user) if reference else None
    initial = {
        "language": (translation.get_language() or "fr")[:2],
        "about": f"{reference[0]}:{reference[1]}" if about and reference else "",
    }
    if request.method != "POST":
        # The empty form is the same for every visitor, and for every member, of a language
        # and item: kept (Django's ``{% cache %}``) per address, audience, item and day (the
        # date its "until" field starts at), posting with the reader's own CSRF token.
        kept = kept_list("inbox-ask-form", request.path, signed_in, initial["about"], timezone.localdate().isoformat(), ttl=ASK_FORM_TTL)
        form_shown = SimpleLazyObject(lambda: AskForm(initial=initial, signed_in=signed_in))
        return render(request, "inbox/ask.html", {"form": form_shown, "about": about, **kept})
    form = AskForm(request.POST, initial=initial, signed_in=signed_in)
    if form.is_bot():
        return redirect("inbox:sent")
    if form.is_valid():
        email = request.user.email if signed_in else form.cleaned_data["email"]  # type: ignore[union-attr]
        if not ratelimit.consume(request, action="inbox_ask", key=email.lower()):
            form.add_error(None, _("Trop de messages envoyés en peu de temps : réessayez dans une heure."))
            return render(request, "inbox/ask.html", {"form": form, "about": about}, status=429)
        try:
            conversation = asking.conversation_ask(question=form.question(), user=request.user, email=email)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if signed_in:
                messages.success(request, _("Votre message est envoyé. Un accusé de réception part vers votre adresse e-mail."))
                return redirect("inbox:mine_detail", reference=conversation.reference)
            return redirect("inbox:sent")
    return form_page(request, "inbox/ask.html", {"form": form, "about": about})


def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "inbox/sent.html")


@personal
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the confirmation e-mail shows a button: a link checker that opens it
    confirms nothing; the visitor's click (a POST) does."""
    if request.method == "POST":
        conversation = asking.conversation_confirm(token=token)
        if conversation is None:
            return render(request, "inbox/confirm.html", {"expired": True}, status=404)
        return render(request, "inbox/confirm.html", {"confirmed": conversation})
    return render(request, "inbox/confirm.html", {"token": token})


@personal
@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "inbox/mine.html", {"conversations": selectors.my_conversations(request.user), "state_tones": STATE_TONES})


def _own(request: AuthenticatedHttpRequest, reference: str) -> Conversation:
    conversation = selectors.own_conversation(user=request.user, reference=reference)
    if conversation is None:
        raise Http404
    return conversation


@personal
@login_required
def mine_detail(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    conversation = _own(request, reference)
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            triage.conversation_reply(conversation=conversation, user=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Votre message est ajouté à la conversation."))
            return redirect("inbox:mine_detail", reference=reference)
    return form_page(request, "inbox/mine_detail.html", {"conversation": conversation, "form": form, "state_tones": STATE_TONES})


@personal
@login_required
def own_attachment(request: AuthenticatedHttpRequest, reference: str, pk: int) -> FileResponse:
    conversation = _own(request, reference)
    return attachment_response(selectors.attachment_for(conversation=conversation, pk=pk, with_notes=False))


def attachment_response(attachment: Attachment | None) -> FileResponse:
    """An attachment, always as a download, never sniffed nor cached."""
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.name, content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
