"""End to end through a real IMAP server over TLS (Dovecot) and a real SMTP sink
(aiosmtpd): an e-mail arrives → the worker's job imports it → it appears in the inbox →
assigned → answered → the answer reaches the sink with the right headers → the sender's
reply threads into the same conversation. And: each e-mail once, however often it is read."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.test import Client

from cairn.accounts.tests.helpers import make_user
from cairn.core import scheduling
from cairn.inbox.models import Conversation, MailReceipt, MessageKind, ReceiptOutcome, State
from cairn.inbox.services import mailbox as mailbox_service
from cairn.inbox.services.mailbox import mailbox_read

pytestmark = pytest.mark.django_db
MAILS = Path(__file__).parent / "mails"


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def run_mailbox_job() -> list[str]:
    """What ``cairn worker`` does every five minutes: the registered job enqueues the read."""
    [job] = [job for job in scheduling.scheduled_jobs() if job.name == "inbox.mailbox"]
    return scheduling.run_due_jobs(jobs=[job])


def test_an_email_is_imported_answered_and_its_reply_threads_back(imap, smtp_sink, settings, run_tasks) -> None:
    settings.CAIRN_INBOX_ADDRESS = "Questions <questions@cooperative.example>"
    imap.append((MAILS / "plain_fr.eml").read_bytes(), "INBOX")
    with run_tasks():
        assert run_mailbox_job() == ["inbox.mailbox"]
    conversation = Conversation.objects.get()
    assert (conversation.email, conversation.subject, conversation.state) == (
        "marie.dupont@example.be",
        "Les rencontres à Liège",
        State.NEW,
    )
    [ack] = smtp_sink.received
    assert b"Auto-Submitted: auto-replied" in ack

    coordinator, lead = make_user("coordination"), make_user("department_lead")
    client = Client()
    client.force_login(coordinator)
    assert "Les rencontres à Liège" in client.get("/fr/gestion/questions/").content.decode()
    client.post(f"/fr/gestion/questions/{conversation.reference}/assign/", {"assignee": lead.pk})
    lead_client = Client()
    lead_client.force_login(lead)
    with run_tasks():
        lead_client.post(
            f"/fr/gestion/questions/{conversation.reference}/answer/",
            {"body": "Bonjour Marie, la prochaine rencontre a lieu le 12 novembre."},
        )
    answer_row = conversation.messages.get(kind=MessageKind.ANSWER)
    answer = message_from_bytes(smtp_sink.received[-1], policy=policy.default)
    # A long header may be folded: its value then starts with the folding white space.
    assert answer["Message-ID"].strip() == answer_row.message_id and answer_row.message_id.endswith("@cooperative.example>")
    assert answer["In-Reply-To"].strip() == "<CAF1234-plain@mail.example.be>"
    assert answer["References"].strip() == "<CAF1234-plain@mail.example.be>"
    assert answer["From"] == "Questions <questions@cooperative.example>" and answer["To"] == "marie.dupont@example.be"
    assert answer["Subject"] == f"Re : Les rencontres à Liège [#{conversation.reference}]"
    assert "12 novembre" in answer.get_body(preferencelist=("plain",)).get_content()

    # Marie answers from her mail client: it quotes the answer and names it.
    reply = EmailMessage()
    reply["From"] = "Marie Dupont <marie.dupont@example.be>"
    reply["To"] = answer["From"]
    reply["Subject"] = "Re: " + answer["Subject"]
    reply["Message-ID"] = "<CAF1234-second@mail.example.be>"
    reply["In-Reply-To"] = answer["Message-ID"]
    reply["References"] = f"{answer['References']} {answer['Message-ID']}"
    reply.set_content(
        "Parfait, merci !\n\nLe jeu. 5 nov. 2026 à 10:00, Questions <questions@cooperative.example> a écrit :\n> Bonjour Marie\n"
    )
    imap.append(reply.as_bytes(), "INBOX")
    with run_tasks():
        assert mailbox_read() == 1
    conversation.refresh_from_db()
    assert conversation.messages.filter(kind=MessageKind.INCOMING).count() == 2
    assert conversation.messages.get(message_id="<CAF1234-second@mail.example.be>").body == "Parfait, merci !"
    assert conversation.state == State.ASSIGNED  # back to the person it is assigned to
    assert Conversation.objects.count() == 1
    assert len(smtp_sink.received) == 2  # the acknowledgement and the answer; nothing answers the reply by itself


def test_each_email_is_imported_once_however_often_the_mailbox_is_read(imap, smtp_sink, run_tasks) -> None:
    for name in ("plain_fr.eml", "bounce.eml", "auto_reply.eml", "attachments.eml"):
        imap.append((MAILS / name).read_bytes(), "INBOX")
    with run_tasks():
        assert mailbox_read() == 4
        assert mailbox_read() == 0  # seen
    # Another worker that lost the flags (or read before they were set) imports nothing again.
    imap.flag(imap.uids(), "\\Seen", False)
    with run_tasks():
        assert mailbox_read() == 4
    assert sorted(MailReceipt.objects.values_list("outcome", flat=True)) == [ReceiptOutcome.FILED] * 2 + [ReceiptOutcome.NEW] * 2
    assert Conversation.objects.count() == 2
    assert len(smtp_sink.received) == 2  # one acknowledgement each for the two people; none for the machines


def test_an_email_too_large_is_refused_without_being_downloaded(imap, monkeypatch, run_tasks) -> None:
    monkeypatch.setattr(mailbox_service, "MAX_MAIL_BYTES", 500)
    imap.append((MAILS / "attachments.eml").read_bytes(), "INBOX")
    imported: list[bytes] = []
    monkeypatch.setattr(mailbox_service, "mail_import", lambda *, raw: imported.append(raw))
    assert mailbox_read() == 1
    receipt = MailReceipt.objects.get()
    assert (receipt.message_id, receipt.outcome, receipt.sender) == ("<attach-1@example.be>", ReceiptOutcome.REFUSED, "luc@example.be")
    assert receipt.reason.startswith("too large") and imported == []
    assert imap.uids() != []  # it stays in the mailbox: nothing is lost


def test_an_email_that_cannot_be_imported_stays_unseen_and_the_others_go_through(imap, monkeypatch, run_tasks) -> None:
    imap.append((MAILS / "plain_fr.eml").read_bytes(), "INBOX")
    imap.append((MAILS / "multipart_latin1.eml").read_bytes(), "INBOX")
    real_import = mailbox_service.mail_import

    def failing_on_marie(*, raw: bytes):
        if b"CAF1234-plain" in raw:
            raise RuntimeError("a bug")
        return real_import(raw=raw)

    monkeypatch.setattr(mailbox_service, "mail_import", failing_on_marie)
    with run_tasks():
        assert mailbox_read() == 1
    assert list(Conversation.objects.values_list("email", flat=True)) == ["jan.peeters@example.be"]
    imap.client.noop()  # this session learns of the flags the worker's session set
    assert len(imap.uids("UNSEEN")) == 1
    monkeypatch.setattr(mailbox_service, "mail_import", real_import)
    with run_tasks():
        assert mailbox_read() == 1
    assert Conversation.objects.count() == 2
