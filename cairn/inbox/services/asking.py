"""Asking: a question, an expression of interest, a suggestion sent from the site.

A signed-in account is recognised: its conversation enters the inbox at once and the
acknowledgement leaves. A visitor's conversation waits ``unconfirmed`` until they follow
the link sent to the address they gave; an address that never confirms leaves nothing in
the inbox, and the retention job deletes it after ``UNCONFIRMED_DAYS``.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.core.audit import record_change, snapshot
from cairn.core.items import item_shown
from cairn.inbox.models import Channel, Conversation, Kind, Message, MessageKind, State

#: Letters and digits no reader confuses (no 0/O, 1/I).
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
#: Days a visitor has to confirm their address.
UNCONFIRMED_DAYS = 7
#: The longest a member may ask to be told of future calls and hackathons.
CONTACT_CONSENT_MAX_DAYS = 3 * 365
MAX_BODY = 20_000


@dataclass(frozen=True)
class Question:
    """What the asking form hands the service."""

    kind: str
    subject: str
    body: str
    language: str
    about_kind: str = ""
    about_id: int | None = None
    consent_contact: bool = False
    consent_contact_until: datetime.date | None = None
    consent_publish: bool = False


def new_reference() -> str:
    """``Q`` and seven characters: short enough to read aloud, and the token that threads
    an e-mail reply to its conversation (``[#Q7K3M9PX]`` in the subject)."""
    while True:
        reference = "Q" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(7))
        if not Conversation.objects.filter(reference=reference).exists():
            return reference


def _check(question: Question, viewer: Any) -> None:
    errors: dict[str, str] = {}
    if question.kind not in Kind.values:
        errors["kind"] = _("Choisissez le type de message.")
    if not question.subject.strip():
        errors["subject"] = _("Donnez un objet à votre message.")
    if not question.body.strip():
        errors["body"] = _("Écrivez votre message.")
    elif len(question.body) > MAX_BODY:
        errors["body"] = _("Votre message est trop long (%(max)s caractères au plus).") % {"max": MAX_BODY}
    if question.about_kind and (question.about_id is None or item_shown(question.about_kind, question.about_id, viewer) is None):
        errors["about"] = _("Cet élément n’existe pas ou n’est pas visible.")
    if question.consent_contact:
        today = timezone.localdate()
        until = question.consent_contact_until
        if until is None or until <= today or until > today + datetime.timedelta(days=CONTACT_CONSENT_MAX_DAYS):
            errors["consent_contact_until"] = _("Choisissez une date dans les trois prochaines années.")
    if errors:
        raise ValidationError(errors)


def conversation_ask(*, question: Question, user: Any, email: str = "") -> Conversation:
    """A new conversation from the site. ``user`` is the signed-in account or an anonymous
    user; a visitor gives ``email`` and must confirm it (``conversation_confirm``)."""
    from cairn.inbox import tasks

    _check(question, user)
    signed_in = bool(getattr(user, "is_authenticated", False))
    now = timezone.now()
    with transaction.atomic():
        conversation = Conversation(
            reference=new_reference(),
            kind=question.kind,
            subject=question.subject.strip()[:200],
            language=question.language,
            channel=Channel.SITE,
            person=user if signed_in else None,
            email=user.email if signed_in else email.strip().lower(),
            about_kind=question.about_kind,
            about_id=question.about_id if question.about_kind else None,
            consent_contact=question.consent_contact,
            consent_contact_until=question.consent_contact_until if question.consent_contact else None,
            consent_publish=question.consent_publish,
            state=State.NEW if signed_in else State.UNCONFIRMED,
            confirmed_at=now if signed_in else None,
            confirm_token="" if signed_in else secrets.token_urlsafe(32),
            last_message_at=now,
        )
        conversation.full_clean(exclude=["confirm_token"])
        conversation.save()
        Message.objects.create(
            conversation=conversation,
            kind=MessageKind.INCOMING,
            author=user if signed_in else None,
            sender_email=conversation.email,
            body=question.body,
        )
        record_change(
            actor=user,
            instance=conversation,
            action="ask",
            after=snapshot(
                conversation,
                ["reference", "kind", "state", "about_kind", "about_id", "consent_contact", "consent_contact_until", "consent_publish"],
            ),
        )
        if signed_in:
            transaction.on_commit(lambda: tasks.send_acknowledgement.enqueue(conversation_id=conversation.pk))
        else:
            transaction.on_commit(lambda: tasks.send_confirmation.enqueue(conversation_id=conversation.pk))
    return conversation


def conversation_confirm(*, token: str) -> Conversation | None:
    """A visitor followed their link: the conversation enters the inbox and the
    acknowledgement leaves. An unknown, used or expired link answers None and changes nothing."""
    from cairn.inbox import tasks

    if not token or len(token) > 64:
        return None
    cutoff = timezone.now() - datetime.timedelta(days=UNCONFIRMED_DAYS)
    with transaction.atomic():
        conversation = (
            Conversation.objects.select_for_update().filter(confirm_token=token, state=State.UNCONFIRMED, created_at__gte=cutoff).first()
        )
        if conversation is None:
            return None
        conversation.state, conversation.confirm_token, conversation.confirmed_at = State.NEW, "", timezone.now()
        conversation.save(update_fields=["state", "confirm_token", "confirmed_at"])
        record_change(actor=None, instance=conversation, action="confirm", before={"state": State.UNCONFIRMED}, after={"state": State.NEW})
        transaction.on_commit(lambda: tasks.send_acknowledgement.enqueue(conversation_id=conversation.pk))
    return conversation


def confirmation_send(*, conversation_id: int) -> bool:
    """The e-mail with the link that confirms a visitor's address (the worker sends it)."""
    from cairn.inbox.emails import send_confirmation_email

    conversation = Conversation.objects.filter(pk=conversation_id, state=State.UNCONFIRMED).exclude(confirm_token="").first()
    if conversation is None:
        return False
    send_confirmation_email(conversation)
    return True


def acknowledgement_send(*, conversation_id: int) -> bool:
    """The acknowledgement with the reference, in the sender's language, once: the row is
    claimed by a conditional update before the e-mail leaves."""
    from cairn.inbox.emails import send_acknowledgement_email

    with transaction.atomic():  # a failed send undoes the claim: the retry sends it
        claimed = (
            Conversation.objects.filter(pk=conversation_id, acknowledged_at__isnull=True)
            .exclude(state=State.UNCONFIRMED)
            .update(acknowledged_at=timezone.now(), updated_at=timezone.now())
        )
        if not claimed:
            return False
        send_acknowledgement_email(Conversation.objects.get(pk=conversation_id))
    return True
