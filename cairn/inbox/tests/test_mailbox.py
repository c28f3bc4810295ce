"""Importing e-mails (``services.mailbox.mail_import``): once per Message-ID, threaded into
their conversation whatever the order of arrival, machines filed apart and never answered,
floods, forged headers and replies to deleted conversations handled with a clear outcome."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cairn.accounts.tests.helpers import make_user
from cairn.inbox.factories import ConversationFactory, MessageFactory
from cairn.inbox.models import Attachment, Conversation, MailReceipt, Message, MessageKind, ReceiptOutcome, State
from cairn.inbox.services import mailbox
from cairn.inbox.services.mailbox import mail_import

pytestmark = pytest.mark.django_db
MAILS = Path(__file__).parent / "mails"


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def email(
    *,
    message_id: str,
    sender: str = "marie@example.be",
    subject: str = "Question",
    body: str = "Bonjour",
    parent: str = "",
    refs: list[str] | None = None,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "questions@cooperative.example"
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = message_id
    if parent:
        message["In-Reply-To"] = parent
    if refs:
        message["References"] = " ".join(refs)
    message.set_content(body)
    return message.as_bytes()


def test_a_new_email_opens_a_conversation_recognises_the_member_and_is_acknowledged_once(run_tasks) -> None:
    member = make_user("member", email="marie.dupont@example.be")
    member.profile.language = "nl"
    member.profile.save(update_fields=["language"])
    raw = (MAILS / "plain_fr.eml").read_bytes()
    with run_tasks():
        receipt = mail_import(raw=raw)
    assert receipt is not None and receipt.outcome == ReceiptOutcome.NEW
    conversation = Conversation.objects.get()
    assert (conversation.person, conversation.email, conversation.channel, conversation.language) == (member, member.email, "email", "nl")
    assert conversation.subject == "Les rencontres à Liège"
    [ack] = mail.outbox
    assert ack.to == [member.email] and f"[#{conversation.reference}]" in ack.subject
    # The same e-mail read again (a second worker, a retry) imports and sends nothing.
    with run_tasks():
        assert mail_import(raw=raw) is None
    assert Conversation.objects.count() == 1 and Message.objects.count() == 1 and len(mail.outbox) == 1


def test_the_message_id_is_claimed_by_a_unique_constraint() -> None:
    MailReceipt.objects.create(message_id="<one@example.net>", outcome=ReceiptOutcome.NEW)
    with pytest.raises(IntegrityError), transaction.atomic():
        MailReceipt.objects.create(message_id="<one@example.net>", outcome=ReceiptOutcome.NEW)


@pytest.mark.parametrize("name", ["bounce.eml", "auto_reply.eml", "mailing_list.eml"])
def test_machines_are_filed_apart_and_never_answered(name: str, run_tasks) -> None:
    ConversationFactory(reference="QABCDEFG", email="pierre@example.fr")
    with run_tasks():
        receipt = mail_import(raw=(MAILS / name).read_bytes())
    assert receipt is not None and receipt.outcome == ReceiptOutcome.FILED and receipt.reason
    assert Message.objects.count() == 0 and mail.outbox == []


def test_a_reply_threads_by_its_headers_and_reopens_the_conversation(run_tasks) -> None:
    conversation = ConversationFactory(email="marie.dupont@example.be", state=State.WAITING, person=None)
    MessageFactory(conversation=conversation, message_id="<CAF1234-plain@mail.example.be>")
    MessageFactory(conversation=conversation, kind=MessageKind.ANSWER, message_id="<answer-1@cooperative.example>", author=None)
    with run_tasks():
        receipt = mail_import(raw=(MAILS / "reply_quoted.eml").read_bytes())
    assert receipt is not None and (receipt.outcome, receipt.conversation) == (ReceiptOutcome.THREADED, conversation)
    reply = conversation.messages.get(message_id="<CAF1234-reply@mail.example.be>")
    assert reply.body == "Merci beaucoup, je serai là avec mes collègues."  # the quoted history trimmed
    conversation.refresh_from_db()
    assert conversation.state == State.NEW
    assert mail.outbox == []  # a reply is not acknowledged again


def test_a_reply_without_headers_threads_by_its_token() -> None:
    conversation = ConversationFactory(reference="QABCDEFG", email="marie@example.be")
    receipt = mail_import(raw=email(message_id="<lost-headers@example.be>", subject="Re: Bien reçu [#QABCDEFG]"))
    assert receipt is not None and receipt.conversation == conversation


def test_a_forged_in_reply_to_from_another_address_opens_its_own_conversation() -> None:
    conversation = ConversationFactory(reference="QABCDEFG", email="marie@example.be")
    MessageFactory(conversation=conversation, message_id="<original@example.be>")
    receipt = mail_import(
        raw=email(
            message_id="<forged@evil.example>", sender="mallory@evil.example", parent="<original@example.be>", subject="Re [#QABCDEFG]"
        )
    )
    assert receipt is not None and receipt.outcome == ReceiptOutcome.NEW
    assert receipt.conversation != conversation and conversation.messages.count() == 1


def test_a_reply_to_a_deleted_conversation_starts_a_new_one() -> None:
    conversation = ConversationFactory(reference="QABCDEFG", email="marie@example.be")
    MessageFactory(conversation=conversation, message_id="<gone@example.be>")
    conversation.delete()
    receipt = mail_import(raw=email(message_id="<late@example.be>", parent="<gone@example.be>", subject="Re [#QABCDEFG]"))
    assert receipt is not None and receipt.outcome == ReceiptOutcome.NEW
    assert Conversation.objects.get().messages.get().message_id == "<late@example.be>"


def test_attachments_are_kept_privately_and_what_was_left_out_is_said() -> None:
    receipt = mail_import(raw=(MAILS / "attachments.eml").read_bytes())
    assert receipt is not None
    message = Message.objects.get()
    [attachment] = Attachment.objects.all()
    assert (attachment.name, attachment.content_type, attachment.size) == ("cv luc.pdf", "application/pdf", 45)
    assert attachment.file.name.startswith(f"inbox/{message.conversation_id}/")
    assert "[setup.exe: type application/x-msdownload]" in message.body


def test_an_empty_and_an_oversized_email(monkeypatch) -> None:
    receipt = mail_import(raw=b"")
    assert receipt is not None and receipt.outcome == ReceiptOutcome.FILED and receipt.reason == "no sender"
    monkeypatch.setattr(mailbox, "MAX_MAIL_BYTES", 1000)
    big = email(message_id="<big@example.be>", body="x" * 2000)
    receipt = mail_import(raw=big)
    assert receipt is not None and receipt.outcome == ReceiptOutcome.REFUSED and receipt.reason.startswith("too large")
    assert Conversation.objects.count() == 0
    assert mail_import(raw=big) is None  # refused once, not again


def test_two_hundred_emails_from_one_address_in_a_minute_open_twenty_conversations(run_tasks) -> None:
    with run_tasks():
        outcomes = [mail_import(raw=email(message_id=f"<flood-{n}@example.be>", subject=f"Spam {n}")) for n in range(200)]
    assert [r.outcome for r in outcomes if r].count(ReceiptOutcome.NEW) == 20
    assert [r.outcome for r in outcomes if r].count(ReceiptOutcome.REFUSED) == 180
    assert Conversation.objects.count() == 20 and len(mail.outbox) == 20
    assert MailReceipt.objects.count() == 200  # nothing lost: each is on record


# --- Threading does not depend on the order of arrival --------------------------------------


@st.composite
def threads(draw: st.DrawFn) -> tuple[list[tuple[str, bytes]], set[frozenset[str]]]:
    """A thread from one sender whose replies each name their parent (with the full chain
    of References or only the parent), a second thread from another sender, and a message
    from that second sender forging an In-Reply-To into the first thread."""
    size = draw(st.integers(min_value=1, max_value=6))
    ids = [f"<a{n}@marie.example>" for n in range(size)]
    chains: dict[str, list[str]] = {ids[0]: []}
    mails = [(ids[0], email(message_id=ids[0], subject="Première question"))]
    for n in range(1, size):
        parent = ids[draw(st.integers(min_value=0, max_value=n - 1))]
        chains[ids[n]] = [*chains[parent], parent]
        refs = chains[ids[n]] if draw(st.booleans()) else [parent]
        mails.append((ids[n], email(message_id=ids[n], subject="Re: Première question", parent=parent, refs=refs)))
    other = [
        ("<b0@jan.example>", email(message_id="<b0@jan.example>", sender="jan@example.be")),
        (
            "<b1@jan.example>",
            email(message_id="<b1@jan.example>", sender="jan@example.be", parent="<b0@jan.example>", refs=["<b0@jan.example>"]),
        ),
        ("<c0@jan.example>", email(message_id="<c0@jan.example>", sender="jan@example.be", parent=ids[0], refs=[ids[0]])),
    ]
    order = draw(st.permutations(mails + other))
    expected = {frozenset(ids), frozenset({"<b0@jan.example>", "<b1@jan.example>"}), frozenset({"<c0@jan.example>"})}
    return list(order), expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=threads())
def test_any_order_of_arrival_gives_the_same_conversations(case: tuple[list[tuple[str, bytes]], set[frozenset[str]]]) -> None:
    arrivals, expected = case
    with transaction.atomic():
        for _message_id, raw in arrivals:
            mail_import(raw=raw)
        grouped: dict[int, set[str]] = {}
        for conversation_id, message_id in Message.objects.values_list("conversation_id", "message_id"):
            grouped.setdefault(conversation_id, set()).add(message_id)
        assert {frozenset(ids) for ids in grouped.values()} == expected
        transaction.set_rollback(True)
