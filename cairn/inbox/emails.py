"""The inbox's e-mails: the visitor's confirmation link, the acknowledgement, the answers.

Each is rendered in the conversation's language (``core.emails.render_email``) and leaves
from the cooperative's address (``CAIRN_INBOX_ADDRESS``). The subject carries the
reference as ``[#Q7K3M9PX]``: a reply that lost its threading headers still comes back to
its conversation. An answer carries its own Message-ID and the In-Reply-To and References
of the message it answers, so mail clients thread it and the sender's reply names it.
"""

from __future__ import annotations

import re
from email.utils import make_msgid, parseaddr
from typing import Any

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

from cairn.core.emails import render_email

#: ``[#Q7K3M9PX]`` in a subject: the reference token (services.asking.REFERENCE_ALPHABET).
TOKEN_RE = re.compile(r"\[#(Q[A-HJ-NP-Z2-9]{7})\]")


def subject_token(reference: str) -> str:
    return f"[#{reference}]"


def one_line(text: str, limit: int = 200) -> str:
    """A header value from user text: no line breaks (no header injection), bounded."""
    return " ".join(str(text).split())[:limit]


def inbox_domain() -> str:
    address = parseaddr(settings.CAIRN_INBOX_ADDRESS)[1]
    return address.rpartition("@")[2] or "localhost"


def new_message_id() -> str:
    return make_msgid(idstring="cairn", domain=inbox_domain())


def _path(name: str, language: str, *args: Any) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def send_confirmation_email(conversation: Any) -> None:
    link = settings.SITE_URL + _path("inbox:confirm", conversation.language, conversation.confirm_token)
    message = render_email(
        "inbox/emails/confirm",
        {"conversation": conversation, "link": link, "token": subject_token(conversation.reference)},
        conversation.language,
    )
    message.from_email = settings.CAIRN_INBOX_ADDRESS
    message.to = [conversation.email]
    message.send()


def send_acknowledgement_email(conversation: Any) -> None:
    context = {"conversation": conversation, "token": subject_token(conversation.reference)}
    if conversation.person_id:
        context["link"] = settings.SITE_URL + _path("inbox:mine_detail", conversation.language, conversation.reference)
    message = render_email("inbox/emails/acknowledgement", context, conversation.language)
    message.from_email = settings.CAIRN_INBOX_ADDRESS
    message.to = [conversation.email]
    message.extra_headers["Auto-Submitted"] = "auto-replied"  # RFC 3834: no auto-reply answers it back
    message.send()


def send_answer_email(*, conversation: Any, answer: Any, in_reply_to: str, references: list[str]) -> None:
    """The answer written in Cairn, as an ordinary e-mail the sender can reply to."""
    context = {"conversation": conversation, "answer": answer, "token": subject_token(conversation.reference)}
    message = render_email("inbox/emails/answer", context, conversation.language)
    message.subject = one_line(str(message.subject), 250)
    message.from_email = settings.CAIRN_INBOX_ADDRESS
    message.to = [conversation.email]
    message.extra_headers["Message-ID"] = answer.message_id
    if in_reply_to:
        message.extra_headers["In-Reply-To"] = in_reply_to
    if references:
        message.extra_headers["References"] = " ".join(references)
    message.send()


def send_interest_email(*, conversation: Any, title: str, url: str) -> None:
    """Something opened on the topic the sender asked to hear about, until their date."""
    # A page of Cairn's, given in whatever language the caller ran in, opens in the
    # conversation's language (``/fr/…`` becomes ``/nl/…``); another address is kept as is.
    link = url if url.startswith(("https://", "http://")) else settings.SITE_URL + translate_url(url, conversation.language)
    context = {"conversation": conversation, "title": one_line(title), "link": link, "token": subject_token(conversation.reference)}
    message = render_email("inbox/emails/interest", context, conversation.language)
    message.from_email = settings.CAIRN_INBOX_ADDRESS
    message.to = [conversation.email]
    message.extra_headers["Auto-Submitted"] = "auto-generated"
    message.send()
