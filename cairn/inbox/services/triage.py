"""Triage and answers: what the coordination team (and the person a conversation is
assigned to) does with a conversation, and what the sender adds to it.

States move along ``TRANSITIONS``: a new conversation is assigned, answered (it then waits
for the sender), closed, or marked as spam; a message from the sender reopens it. An
answer is written here and sent by the worker as an e-mail (``answer_send``), once: the
row's ``sent_at`` is claimed before the e-mail leaves.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.core.audit import record_change
from cairn.core.items import item_kinds, item_shown
from cairn.inbox.models import Conversation, Message, MessageKind, State
from cairn.inbox.services.asking import MAX_BODY
from cairn.inbox.stamps import exchanges_stamp

#: (from, to) moves a person may make by hand; answering and the sender's messages move
#: the state on their own.
TRANSITIONS: dict[str, set[str]] = {
    State.NEW: {State.ASSIGNED, State.CLOSED, State.SPAM},
    State.ASSIGNED: {State.NEW, State.CLOSED, State.SPAM},
    State.WAITING: {State.CLOSED, State.ASSIGNED},
    State.ANSWERED: {State.CLOSED, State.ASSIGNED},
    State.CLOSED: {State.ASSIGNED, State.NEW},
    State.SPAM: {State.NEW},
}


def _locked(conversation: Conversation) -> Conversation:
    return Conversation.objects.select_for_update().get(pk=conversation.pk)


def _set_state(conversation: Conversation, state: str, *, actor: Any, action: str) -> None:
    before = conversation.state
    conversation.state = state
    fields = ["state"]
    if state == State.CLOSED:
        conversation.closed_at = timezone.now()
        fields.append("closed_at")
    elif before == State.CLOSED:
        conversation.closed_at = None
        fields.append("closed_at")
    conversation.save(update_fields=fields)
    record_change(actor=actor, instance=conversation, action=action, before={"state": before}, after={"state": state})


def _check_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Écrivez un message.")})
    if len(body) > MAX_BODY:
        raise ValidationError({"body": _("Le message est trop long (%(max)s caractères au plus).") % {"max": MAX_BODY}})
    return body


def conversation_move(*, conversation: Conversation, state: str, actor: Any) -> Conversation:
    """Close, reopen, mark as spam… A move the current state does not allow is refused."""
    with transaction.atomic():
        current = _locked(conversation)
        if state not in TRANSITIONS.get(current.state, set()):
            raise ValidationError(_("Cette conversation ne peut pas passer à cet état."), code="transition")
        _set_state(current, state, actor=actor, action="move")
    return current


def conversation_assign(*, conversation: Conversation, actor: Any, assignee: Any = None, department: Any = None) -> Conversation:
    """Give the conversation to a person (who then sees and answers it) and/or a department."""
    with transaction.atomic():
        current = _locked(conversation)
        before = {"assignee": current.assignee_id, "department": current.department_id}
        current.assignee, current.department = assignee, department
        current.save(update_fields=["assignee", "department"])
        record_change(
            actor=actor,
            instance=current,
            action="assign",
            before=before,
            after={"assignee": current.assignee_id, "department": current.department_id},
        )
        if current.state == State.NEW and assignee is not None:
            _set_state(current, State.ASSIGNED, actor=actor, action="move")
    return current


def conversation_note(*, conversation: Conversation, actor: Any, body: str) -> Message:
    """An internal note: only those who handle the conversation read it; it is never sent."""
    body = _check_body(body)
    with transaction.atomic():
        note = Message.objects.create(conversation=conversation, kind=MessageKind.NOTE, author=actor, body=body)
        record_change(actor=actor, instance=conversation, action="note", after={"note": note.pk})
    return note


def _thread_headers(conversation: Conversation) -> tuple[str, list[str]]:
    """The In-Reply-To and References of an answer: the last message that has a
    Message-ID, and the chain it carried."""
    last = conversation.messages.exclude(message_id=None).exclude(kind=MessageKind.NOTE).order_by("-created_at", "-pk").first()
    if last is None:
        return "", []
    chain = [ref for ref in last.references.split() if ref][-20:]
    return last.message_id or "", [*chain, last.message_id or ""]


def conversation_answer(*, conversation: Conversation, actor: Any, body: str) -> Message:
    """An answer written in Cairn; the worker sends it by e-mail (``answer_send``). A
    conversation without consent to be answered, or marked as spam, is not answered."""
    from cairn.inbox import tasks
    from cairn.inbox.emails import new_message_id

    body = _check_body(body)
    with transaction.atomic():
        current = _locked(conversation)
        if current.state in (State.SPAM, State.UNCONFIRMED) or not current.consent_answer:
            raise ValidationError(_("Cette conversation ne peut pas recevoir de réponse."), code="not_answerable")
        in_reply_to, references = _thread_headers(current)
        answer = Message.objects.create(
            conversation=current,
            kind=MessageKind.ANSWER,
            author=actor,
            body=body,
            message_id=new_message_id(),
            in_reply_to=in_reply_to,
            references=" ".join(references),
        )
        now = timezone.now()
        current.last_message_at = now
        fields = ["last_message_at"]
        if current.first_response_at is None:
            current.first_response_at = now
            fields.append("first_response_at")
        current.save(update_fields=fields)
        record_change(actor=actor, instance=current, action="answer", after={"answer": answer.pk})
        if current.state != State.WAITING:
            _set_state(current, State.WAITING, actor=actor, action="move")
        transaction.on_commit(lambda: tasks.send_answer.enqueue(message_id=answer.pk))
    return answer


def answer_send(*, message_id: int) -> bool:
    """Send an answer once: the row is claimed (``sent_at``) in the transaction that sends it."""
    from cairn.inbox.emails import send_answer_email

    with transaction.atomic():
        claimed = Message.objects.filter(pk=message_id, kind=MessageKind.ANSWER, sent_at__isnull=True).update(sent_at=timezone.now())
        if not claimed:
            return False
        exchanges_stamp.forget()  # update() sends no signal
        answer = Message.objects.select_related("conversation").get(pk=message_id)
        send_answer_email(
            conversation=answer.conversation, answer=answer, in_reply_to=answer.in_reply_to, references=answer.references.split()
        )
    return True


def conversation_reply(
    *, conversation: Conversation, user: Any = None, body: str, sender_email: str = "", message_id: str | None = None, **headers: str
) -> Message:
    """The sender writes again (from "Mes questions", or by e-mail through the mailbox):
    the message joins the conversation, which comes back to the coordination team."""
    body = body.strip() or "—"
    with transaction.atomic():
        current = _locked(conversation)
        message = Message.objects.create(
            conversation=current,
            kind=MessageKind.INCOMING,
            author=user if getattr(user, "is_authenticated", False) else None,
            sender_email=sender_email or current.email,
            body=body[: MAX_BODY * 5],
            message_id=message_id,
            in_reply_to=headers.get("in_reply_to", "")[:255],
            references=headers.get("references", ""),
        )
        current.last_message_at = timezone.now()
        current.save(update_fields=["last_message_at"])
        if current.state in (State.WAITING, State.ANSWERED, State.CLOSED):
            _set_state(current, State.ASSIGNED if current.assignee_id else State.NEW, actor=user, action="reopen")
    return message


def conversation_link(*, conversation: Conversation, actor: Any, kind: str, item_id: int) -> Conversation:
    """Link the conversation to an item (a recommendation, a project, an event…)."""
    if item_shown(kind, item_id, actor) is None:
        raise ValidationError({"about": _("Cet élément n’existe pas ou n’est pas visible.")})
    with transaction.atomic():
        current = _locked(conversation)
        before = {"about_kind": current.about_kind, "about_id": current.about_id}
        current.about_kind, current.about_id = kind, item_id
        current.save(update_fields=["about_kind", "about_id"])
        record_change(actor=actor, instance=current, action="link", before=before, after={"about_kind": kind, "about_id": item_id})
    return current


def conversation_route(*, conversation: Conversation, actor: Any) -> str:
    """Turn an expression of interest into the item's own way of acting (a follow, a
    pre-registration…), with the sender's consent: only a member's conversation, whose
    sender agreed to be contacted on this topic, linked to an item whose kind can route."""
    kinds = item_kinds()
    routing = kinds.get(conversation.about_kind)
    if routing is None or routing.route is None or conversation.about_id is None:
        raise ValidationError(_("Cet élément ne permet pas d’inscrire la personne."), code="no_route")
    if conversation.person is None or not conversation.person.is_reachable:
        raise ValidationError(_("Seul le message d’un compte Cairn peut être transformé ainsi."), code="no_account")
    if not conversation.consent_contact:
        raise ValidationError(_("La personne n’a pas accepté d’être recontactée sur ce sujet."), code="no_consent")
    if item_shown(conversation.about_kind, conversation.about_id, conversation.person) is None:
        raise ValidationError(_("Cet élément n’existe pas ou n’est pas visible."), code="hidden")
    with transaction.atomic():
        done = routing.route(item_id=conversation.about_id, user=conversation.person)
        record_change(
            actor=actor,
            instance=conversation,
            action="route",
            after={"about_kind": conversation.about_kind, "about_id": conversation.about_id},
        )
    return done


def conversation_merge(*, duplicate: Conversation, into: Conversation, actor: Any) -> Conversation:
    """Fold a duplicate into another conversation of the same sender: its messages move
    there and it is closed, pointing to the one kept."""
    if duplicate.pk == into.pk:
        raise ValidationError(_("Une conversation ne peut pas être le doublon d’elle-même."), code="self")
    if duplicate.email != into.email:
        raise ValidationError(_("Seules les conversations d’une même personne peuvent être fusionnées."), code="other_sender")
    with transaction.atomic():
        current = _locked(duplicate)
        moved = Message.objects.filter(conversation=current).update(conversation=into)
        exchanges_stamp.forget()
        current.duplicate_of = into
        current.save(update_fields=["duplicate_of"])
        record_change(actor=actor, instance=current, action="merge", after={"duplicate_of": into.pk, "messages": moved})
        if current.state != State.CLOSED:
            _set_state(current, State.CLOSED, actor=actor, action="move")
    return into
