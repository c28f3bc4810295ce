"""The coordination team's inbox: the list with its filters, a conversation and what may be
done with it, the mail filed apart, the figures. A conversation someone may not handle
answers 404, like a missing one."""

from __future__ import annotations

import functools
from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from rules.contrib.views import permission_required

from cairn.accounts.selectors import people_stamp
from cairn.accounts.views import AuthenticatedHttpRequest
from cairn.core.http import HtmxHttpRequest, personal
from cairn.core.stamps import kept_access, kept_list, reader
from cairn.inbox import selectors
from cairn.inbox.forms import AnswerForm, AssignForm, InboxFilterForm, LinkForm, MergeForm, MoveForm, NoteForm
from cairn.inbox.models import STATE_TONES, Conversation, MessageKind
from cairn.inbox.services import faq as faq_services
from cairn.inbox.services import triage
from cairn.inbox.stamps import exchanges_stamp, inbox_stamp
from cairn.inbox.views.asking import attachment_response


def _handled(request: AuthenticatedHttpRequest, reference: str) -> Conversation:
    """The conversation if the viewer may handle it (one query, nothing joined: its page
    reads the rest only when it is built anew), else 404."""
    conversation = selectors.conversation_handled(viewer=request.user, reference=reference)
    if conversation is None or not rules.has_perm("inbox.handle_conversation", request.user, conversation):
        raise Http404
    return conversation


#: How long the inbox's filters and list are kept at most (what no stamp sees: an item
#: renamed, "received 3 hours ago" growing older).
INBOX_TTL = 60


@personal
@login_required
@permission_required("inbox.view_inbox", raise_exception=True)
@vary_on_headers("HX-Request")
def inbox(request: HtmxHttpRequest) -> HttpResponse:
    """Every conversation for the coordination team; for someone else, those assigned to
    them. The filters and the results are kept (Django's ``{% cache %}``) per person and
    address under the inbox's stamp and the people's: a conversation that arrives, is
    answered, moved or assigned shows on the next request. The form and the page are built
    lazily, only when a block is rendered anew; what no stamp sees (an item renamed, the
    age of a conversation) shows within ``INBOX_TTL`` seconds."""
    user: Any = request.user

    @functools.cache
    def listing() -> tuple[InboxFilterForm, Any]:
        form = InboxFilterForm(
            request.GET or None,
            about_choices=selectors.about_choices(),
            assignee_choices=selectors.assignee_choices(user),
            topic_choices=selectors.topic_choices(),
            department_choices=selectors.department_choices(),
        )
        filters = selectors.InboxFilters(**form.valid_values())
        return form, selectors.inbox_page(viewer=user, filters=filters, page=request.GET.get("page"))

    context = {
        "form": SimpleLazyObject(lambda: listing()[0]),
        "page_obj": SimpleLazyObject(lambda: listing()[1]),
        "state_tones": STATE_TONES,
        "can_triage": rules.has_perm("inbox.triage", user),
        # Per person and roles: what one sees (and how people are named to them) is never
        # another's, and a role taken away takes its rows away on the next request.
        **kept_list(
            "inbox",
            reader(user),
            request.path,
            bool(request.htmx),
            request.GET.urlencode(),
            ttl=INBOX_TTL,
            stamps=[inbox_stamp, people_stamp],
        ),
    }
    return render(request, "inbox/inbox.html#results" if request.htmx else "inbox/inbox.html", context)


#: How long a conversation's page is kept at most: what no stamp sees (the item it is
#: about renamed, a direction renamed, "received 3 hours ago" growing older).
CONVERSATION_TTL = 60
#: What a conversation's page shows and who may handle it: the conversations (their state,
#: assignee), their exchanges, how people are named.
CONVERSATION_STAMPS = [inbox_stamp, exchanges_stamp, people_stamp]


def _conversation_page(
    request: AuthenticatedHttpRequest,
    conversation: Conversation,
    status: int = 200,
    template: str = "inbox/conversation.html",
    *,
    reference: str = "",
    subject: str = "",
    **forms: Any,
) -> HttpResponse:
    """A conversation with its messages and the forms to act on it. Shown as it is (no form
    sent back with its errors), it is kept (Django's ``{% cache %}``) per conversation,
    person and roles, address and chosen saved answer, under the stamps of the inbox, of
    the exchanges and of the people: a message, a note, an answer sent or a move shows on
    the next request. Its forms post with the reader's own CSRF token
    (``{% kept_csrf_token %}``). The conversation's messages and the forms are read and
    built only when the page is built anew; a kept page passes the conversation lazily,
    with its ``reference`` and ``subject``."""
    user: Any = request.user
    reference = reference or conversation.reference
    chosen_saved = request.GET.get("reponse-type", "")

    @functools.cache
    def shown() -> Conversation:
        full = selectors.conversation_for_staff(viewer=user, reference=reference)
        if full is None:  # erased meanwhile
            raise Http404
        return full

    @functools.cache
    def saved() -> list[Any]:
        given = forms.get("saved_answers")
        return given if given is not None else selectors.saved_answers(conversation.language)

    def answer_form() -> AnswerForm:
        chosen = next((s for s in saved() if str(s.pk) == chosen_saved), None)
        return AnswerForm(initial={"body": chosen.body if chosen else ""}, saved_answers=saved())

    def assign_form() -> AssignForm:
        return AssignForm(initial={"assignee": conversation.assignee_id, "department": conversation.department_id}, viewer=user)

    context = {
        "subject": subject or conversation.subject,
        "conversation": SimpleLazyObject(shown),
        "state_tones": STATE_TONES,
        "answer_form": forms.get("answer_form") or SimpleLazyObject(answer_form),
        "note_form": forms.get("note_form") or SimpleLazyObject(NoteForm),
        "assign_form": forms.get("assign_form") or SimpleLazyObject(assign_form),
        "move_form": SimpleLazyObject(lambda: MoveForm(initial={"state": conversation.state})),
        "link_form": SimpleLazyObject(
            lambda: LinkForm(initial={"about": f"{conversation.about_kind}:{conversation.about_id}" if conversation.about_kind else ""})
        ),
        "merge_form": SimpleLazyObject(MergeForm),
        "can_triage": rules.has_perm("inbox.triage", user),
        "note_kind": MessageKind.NOTE,
        "answer_kind": MessageKind.ANSWER,
    }
    if not forms and status == 200 and template == "inbox/conversation.html":
        context |= kept_list(
            "inbox-conversation",
            reference,
            reader(user),
            request.path,
            chosen_saved,
            ttl=CONVERSATION_TTL,
            stamps=CONVERSATION_STAMPS,
        )
    return render(request, template, context, status=status)


@personal
@login_required
def conversation(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """Who may handle the conversation is kept beside its page (``kept_access``) per person
    under the page's stamps, which see every assignment: a kept page reads nothing."""
    handled = functools.cache(lambda: _handled(request, reference))
    seen = kept_access(
        "inbox-conversation",
        request.user,
        reference,
        ttl=CONVERSATION_TTL,
        stamps=CONVERSATION_STAMPS,
        decide=lambda: {"subject": handled().subject},
    )
    return _conversation_page(request, SimpleLazyObject(handled), reference=reference, subject=seen["subject"])  # type: ignore[arg-type]


def _insert_saved_answer(request: AuthenticatedHttpRequest, conversation: Conversation) -> HttpResponse:
    """The answer form's "insert" button: the page again, the chosen saved answer (in the
    conversation's language) added after what was written; nothing is sent."""
    saved = selectors.saved_answers(conversation.language)
    posted = AnswerForm(request.POST, saved_answers=saved)
    posted.is_valid()
    if posted.errors.get("saved"):
        return _conversation_page(request, conversation, status=400, answer_form=posted, saved_answers=saved)
    form = AnswerForm(initial={"body": posted.with_saved_inserted()}, saved_answers=saved)
    # With HTMX, only the answer form comes back, in place.
    template = "inbox/_conversation_body.html#answer_form" if getattr(request, "htmx", False) else "inbox/conversation.html"
    return _conversation_page(request, conversation, template=template, answer_form=form, saved_answers=saved)


def _refused(request: AuthenticatedHttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


#: What only the coordination team does; the assignee answers, notes and moves the state.
TEAM_ACTIONS = {"assign", "link", "route", "merge", "faq"}


@login_required
@require_POST
def act(request: AuthenticatedHttpRequest, reference: str, action: str) -> HttpResponse:
    """Every action on a conversation, one POST each; a refusal says why."""
    conversation = _handled(request, reference)
    user = request.user
    if action in TEAM_ACTIONS and not rules.has_perm("inbox.triage", user):
        raise PermissionDenied
    try:
        if action == "answer" and "insert" in request.POST:
            return _insert_saved_answer(request, conversation)
        if action in ("answer", "note"):
            saved = selectors.saved_answers(conversation.language) if action == "answer" else []
            form = AnswerForm(request.POST, saved_answers=saved) if action == "answer" else NoteForm(request.POST)
            if not form.is_valid():
                forms: dict[str, Any] = {f"{action}_form": form}
                return _conversation_page(request, conversation, status=400, **forms)
            if action == "answer":
                triage.conversation_answer(conversation=conversation, actor=user, body=form.cleaned_data["body"])
                messages.success(request, _("La réponse part par e-mail, dans la langue de la personne."))
            else:
                triage.conversation_note(conversation=conversation, actor=user, body=form.cleaned_data["body"])
        elif action == "assign":
            assign = AssignForm(request.POST, viewer=user)
            if assign.searching_people:  # the people picker's "Chercher" (no JavaScript): the page with the matches
                return _conversation_page(request, conversation, assign_form=assign)
            if not assign.is_valid():
                raise ValidationError([e for errors in assign.errors.values() for e in errors])
            triage.conversation_assign(
                conversation=conversation,
                actor=user,
                assignee=assign.cleaned_data["assignee"],
                department=assign.cleaned_data["department"],
            )
        elif action == "move":
            move = MoveForm(request.POST)
            if not move.is_valid():
                raise ValidationError([e for errors in move.errors.values() for e in errors])
            triage.conversation_move(conversation=conversation, state=move.cleaned_data["state"], actor=user)
        elif action == "link":
            link = LinkForm(request.POST)
            if not link.is_valid():
                raise ValidationError([e for errors in link.errors.values() for e in errors])
            triage.conversation_link(
                conversation=conversation, actor=user, kind=link.cleaned_data["about"][0], item_id=link.cleaned_data["about"][1]
            )
        elif action == "route":
            messages.success(request, triage.conversation_route(conversation=conversation, actor=user))
        elif action == "merge":
            merge = MergeForm(request.POST)
            into = (
                selectors.conversation_handled(viewer=user, reference=merge.data.get("into", "").strip().upper())
                if merge.is_valid()
                else None
            )
            if into is None:
                raise ValidationError(_("Aucune conversation n’a cette référence."))
            triage.conversation_merge(duplicate=conversation, into=into, actor=user)
            return redirect("inbox:conversation", reference=into.reference)
        elif action == "faq":
            entry = faq_services.faq_draft(conversation=conversation, actor=user)
            return redirect("inbox:faq_edit", pk=entry.pk)
        else:
            raise Http404
    except ValidationError as error:
        _refused(request, error)
    return redirect("inbox:conversation", reference=reference)


@personal
@login_required
def attachment(request: AuthenticatedHttpRequest, reference: str, pk: int) -> FileResponse:
    conversation = _handled(request, reference)
    return attachment_response(selectors.attachment_for(conversation=conversation, pk=pk, with_notes=True))


@personal
@login_required
@permission_required("inbox.triage", raise_exception=True)
def filed(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "inbox/filed.html", {"receipts": selectors.filed_apart()})


@login_required
@permission_required("inbox.triage", raise_exception=True)
def figures(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = selectors.inbox_figures()
    share = round(100 * data.within_five_working_days / data.answered) if data.answered else None
    return render(request, "inbox/figures.html", {"figures": data, "share": share})


@login_required
@permission_required("inbox.triage", raise_exception=True)
def figures_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The figures' tables as one CSV (UTF-8 with a BOM for spreadsheets; every cell through safe_cell)."""
    from cairn.core.spreadsheets import csv_text

    data = selectors.inbox_figures()
    rows = [
        *[(_("Par type"), label, count) for label, count in data.by_kind],
        *[(_("Par grande thématique"), label, count) for label, count in data.by_topic],
        *[(_("Par type d’élément"), label, count) for label, count in data.by_about],
        *[(_("Par mois"), month.strftime("%Y-%m"), count) for month, count in data.by_month],
        (_("Répondues"), "", data.answered),
        (_("Répondues en cinq jours ouvrables au plus"), "", data.within_five_working_days),
        (
            _("Délai médian de première réponse (heures)"),
            "",
            "" if data.median_first_response_hours is None else data.median_first_response_hours,
        ),
    ]
    response = HttpResponse(
        ("\ufeff" + csv_text([_("Tableau"), _("Ligne"), _("Nombre")], rows)).encode(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="questions-chiffres.csv"'
    return response
