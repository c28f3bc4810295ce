"""The e-mails read from the cooperative's mailbox.

``mailbox_read`` (run by ``cairn worker`` every five minutes) reads the unseen e-mails of
the folder over IMAP with TLS (imap-tools), imports each with ``mail_import`` and marks it
seen. The e-mail itself stays in the mailbox: nothing is lost if Cairn refuses it.

``mail_import`` first claims the e-mail's Message-ID in ``MailReceipt`` (unique): a second
worker, or a second run after a crash, finds it claimed and imports nothing. Then:

- a machine's e-mail (auto-reply, bounce, mailing list) is filed apart, never answered;
- an e-mail larger than ``MAX_MAIL_BYTES`` is refused, and so is the 21st new conversation
  from one address within an hour (a flood), each with its reason;
- a reply joins its conversation when it names one of its messages (In-Reply-To,
  References) or carries its ``[#reference]`` token — and only when it comes from the
  conversation's own address: a forged In-Reply-To from someone else starts a new
  conversation instead. When an e-mail links several conversations (a reply that arrived
  before the message it answers), they become one: the order of arrival does not matter;
- anything else starts a new conversation, acknowledged in the sender's language.
"""

from __future__ import annotations

import datetime
import logging
import ssl
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from cairn.core.audit import record_change
from cairn.inbox.mail import MAX_MAIL_BYTES, ParsedMail, parse_mail
from cairn.inbox.models import Attachment, Channel, Conversation, Kind, MailReceipt, Message, MessageKind, ReceiptOutcome, State
from cairn.inbox.services.asking import new_reference
from cairn.inbox.services.triage import conversation_reply
from cairn.inbox.stamps import exchanges_stamp

logger = logging.getLogger(__name__)

#: New conversations one address may open by e-mail in an hour; more are refused.
FLOOD_PER_HOUR = 20


def _claim(message_id: str, **fields: Any) -> MailReceipt | None:
    """The receipt of this Message-ID, or None when another run already has it."""
    try:
        with transaction.atomic():
            return MailReceipt.objects.create(message_id=message_id[:255], **fields)
    except IntegrityError:
        return None


def _settle(
    receipt: MailReceipt, outcome: str, reason: str = "", conversation: Conversation | None = None, excerpt: str = ""
) -> MailReceipt:
    receipt.outcome, receipt.reason, receipt.conversation, receipt.excerpt = outcome, reason[:200], conversation, excerpt
    receipt.save(update_fields=["outcome", "reason", "conversation", "excerpt"])
    return receipt


def mail_refuse_oversized(*, message_id: str, sender: str, subject: str, size: int) -> MailReceipt | None:
    """An e-mail too large to read: its receipt says so; it stays in the mailbox."""
    return _claim(message_id, sender=sender[:254], subject=subject[:200], outcome=ReceiptOutcome.REFUSED, reason=f"too large: {size} bytes")


def _account_of(address: str) -> Any:
    """The account whose own address, or another it confirmed, this is."""
    from allauth.account.models import EmailAddress

    from cairn.accounts.models import User

    user = User.objects.filter(email=address, is_active=True, anonymised_at__isnull=True).select_related("profile").first()
    if user is None:
        row = (
            EmailAddress.objects.filter(email__iexact=address, verified=True, user__is_active=True, user__anonymised_at__isnull=True)
            .select_related("user__profile")
            .first()
        )
        user = row.user if row else None
    return user


def _matching_conversations(parsed: ParsedMail) -> list[Conversation]:
    """The conversations of the sender that this e-mail belongs to, oldest first: those
    holding a message it answers, those holding a message that answers it, the one its
    token names."""
    ids = parsed.thread_ids
    linked = Q(messages__message_id__in=ids) if ids else Q(pk__in=[])
    linked |= Q(messages__in_reply_to=parsed.message_id) | Q(messages__references__contains=parsed.message_id)
    if parsed.token:
        linked |= Q(reference=parsed.token)
    return list(
        Conversation.objects.filter(linked, email=parsed.sender)
        .exclude(state__in=[State.UNCONFIRMED, State.SPAM])
        .filter(duplicate_of__isnull=True)
        .distinct()
        .order_by("created_at", "pk")
    )


def _fold(conversations: list[Conversation]) -> Conversation:
    """Several conversations the same thread links: the oldest keeps every message."""
    kept, *others = conversations
    for other in others:
        Message.objects.filter(conversation=other).update(conversation=kept)
        exchanges_stamp.forget()
        other.duplicate_of, other.state, other.closed_at = kept, State.CLOSED, timezone.now()
        other.save(update_fields=["duplicate_of", "state", "closed_at"])
        record_change(actor=None, instance=other, action="merge", after={"duplicate_of": kept.pk})
    return kept


def _keep_attachments(message: Message, parsed: ParsedMail) -> None:
    for attachment in parsed.attachments:
        row = Attachment(message=message, name=attachment.name, content_type=attachment.content_type, size=len(attachment.content))
        row.file.save(attachment.name, ContentFile(attachment.content), save=False)
        row.save()


def _text(parsed: ParsedMail) -> str:
    left_out = "".join(f"\n[{line}]" for line in parsed.left_out)
    return (parsed.text or "—") + left_out


def mail_import(*, raw: bytes) -> MailReceipt | None:
    """Import one e-mail's bytes; None when its Message-ID was imported before."""
    from cairn.inbox import tasks

    if len(raw) > MAX_MAIL_BYTES:
        return mail_refuse_oversized(message_id=parse_mail(raw[:65536]).message_id, sender="", subject="", size=len(raw))
    parsed = parse_mail(raw)
    with transaction.atomic():
        receipt = _claim(parsed.message_id, sender=parsed.sender, subject=parsed.subject, outcome=ReceiptOutcome.NEW)
        if receipt is None:
            return None
        if parsed.machine or not parsed.sender:
            return _settle(receipt, ReceiptOutcome.FILED, parsed.machine or "no sender", excerpt=parsed.text[:5000])
        matching = _matching_conversations(parsed)
        if matching:
            conversation = _fold(matching)
            message = conversation_reply(
                conversation=conversation,
                body=_text(parsed),
                sender_email=parsed.sender,
                message_id=parsed.message_id,
                in_reply_to=parsed.in_reply_to,
                references=" ".join(parsed.references),
            )
            _keep_attachments(message, parsed)
            return _settle(receipt, ReceiptOutcome.THREADED, conversation=conversation)
        since = timezone.now() - datetime.timedelta(hours=1)
        if Conversation.objects.filter(email=parsed.sender, channel=Channel.EMAIL, created_at__gte=since).count() >= FLOOD_PER_HOUR:
            return _settle(
                receipt, ReceiptOutcome.REFUSED, f"more than {FLOOD_PER_HOUR} new conversations an hour", excerpt=parsed.text[:5000]
            )
        person = _account_of(parsed.sender)
        now = timezone.now()
        conversation = Conversation.objects.create(
            reference=new_reference(),
            kind=Kind.QUESTION,
            subject=parsed.subject or "—",
            language=person.profile.language if person is not None and hasattr(person, "profile") else "fr",
            channel=Channel.EMAIL,
            person=person,
            email=parsed.sender,
            state=State.NEW,
            confirmed_at=now,
            last_message_at=now,
        )
        message = Message.objects.create(
            conversation=conversation,
            kind=MessageKind.INCOMING,
            author=person,
            sender_email=parsed.sender,
            body=_text(parsed),
            message_id=parsed.message_id,
            in_reply_to=parsed.in_reply_to,
            references=" ".join(parsed.references),
        )
        _keep_attachments(message, parsed)
        record_change(actor=None, instance=conversation, action="receive", after={"reference": conversation.reference, "channel": "email"})
        transaction.on_commit(lambda: tasks.send_acknowledgement.enqueue(conversation_id=conversation.pk))
        return _settle(receipt, ReceiptOutcome.NEW, conversation=conversation)


def _ssl_context() -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=settings.CAIRN_INBOX_IMAP_CA_FILE or None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def _mailbox_class() -> Any:
    """imap-tools' TLS mailbox, keeping each e-mail's bytes as the server sent them (its
    own message object is parsed with the legacy API, which Cairn does not read)."""
    from imap_tools import MailBox, MailMessage

    class RawMailMessage(MailMessage):
        def __init__(self, fetch_data: list) -> None:
            super().__init__(fetch_data)
            self.raw: bytes = self._get_message_data_parts(fetch_data)[0]

    class RawMailBox(MailBox):
        email_message_class = RawMailMessage

    return RawMailBox


def mailbox_read(*, limit: int = 200) -> int:
    """Read the unseen e-mails of the mailbox (at most ``limit`` a run); returns how many
    were looked at. Nothing to do when no mailbox is configured."""
    from imap_tools import AND

    if not settings.CAIRN_INBOX_IMAP_HOST:
        return 0
    seen = 0
    with _mailbox_class()(settings.CAIRN_INBOX_IMAP_HOST, settings.CAIRN_INBOX_IMAP_PORT, timeout=60, ssl_context=_ssl_context()).login(
        settings.CAIRN_INBOX_IMAP_USER, settings.CAIRN_INBOX_IMAP_PASSWORD, initial_folder=settings.CAIRN_INBOX_IMAP_FOLDER
    ) as mailbox:
        for head in list(mailbox.fetch(AND(seen=False), mark_seen=False, headers_only=True, limit=limit)):
            uid = head.uid or ""
            if head.size_rfc822 > MAX_MAIL_BYTES:
                ids = head.headers.get("message-id", ("",))
                mail_refuse_oversized(
                    message_id=ids[0] or f"<uid-{uid}-{head.size_rfc822}@cairn.oversized>",
                    sender=head.from_,
                    subject=head.subject,
                    size=head.size_rfc822,
                )
            else:
                try:
                    for full in mailbox.fetch(uid_list=[uid], mark_seen=False):
                        mail_import(raw=full.raw)
                except Exception:
                    logger.exception("E-mail %s of the mailbox could not be imported; it stays unseen and is tried again", uid)
                    continue
            mailbox.flag([uid], "\\Seen", True)
            seen += 1
    return seen
