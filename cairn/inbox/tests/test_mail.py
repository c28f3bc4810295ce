"""Reading e-mails: a corpus of real-shaped messages (tests/mails/) through ``parse_mail``."""

from __future__ import annotations

from pathlib import Path

import pytest

from cairn.inbox.mail import MAX_ATTACHMENT_BYTES, html_to_text, parse_mail

MAILS = Path(__file__).parent / "mails"


def read(name: str):
    return parse_mail((MAILS / name).read_bytes())


def test_a_plain_quoted_printable_message_with_an_encoded_sender_and_subject() -> None:
    mail = read("plain_fr.eml")
    assert (mail.message_id, mail.sender, mail.sender_name) == (
        "<CAF1234-plain@mail.example.be>",
        "marie.dupont@example.be",
        "Marie Dupont",
    )
    assert mail.subject == "Les rencontres à Liège"
    assert "prochaine rencontre à Liège ? J'aimerais y participer avec deux collègues." in mail.text
    assert (mail.machine, mail.thread_ids, mail.attachments) == ("", [], [])


def test_multipart_alternative_prefers_the_text_part_in_its_charset() -> None:
    mail = read("multipart_latin1.eml")
    assert "meewerken aan de coöperatie" in mail.text and "<p>" not in mail.text


def test_an_html_only_message_becomes_plain_text_without_its_scripts_styles_or_tags() -> None:
    mail = read("html_only.eml")
    assert "Et si les ateliers avaient lieu le samedi & en ligne" in mail.text
    for unwanted in ("<", "alert", "color:red", "tracker", "onerror"):
        assert unwanted not in mail.text
    assert html_to_text("<p>a</p><p>b<br>c</p>") == "a\nb\nc"


def test_attachments_keep_allowed_types_with_a_safe_name_and_leave_out_the_rest() -> None:
    mail = read("attachments.eml")
    [kept] = mail.attachments
    assert (kept.name, kept.content_type) == ("cv luc.pdf", "application/pdf")
    assert kept.content.startswith(b"%PDF-1.4")
    assert mail.left_out == ["setup.exe: type application/x-msdownload"]


def test_an_attachment_over_the_limit_is_left_out(tmp_path: Path) -> None:
    big = b"A" * (MAX_ATTACHMENT_BYTES + 10)
    import base64

    raw = (
        b"From: a@example.net\r\nMessage-ID: <big@example.net>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nVoici.\r\n'
        b'--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="gros.pdf"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(big) + b"\r\n--b--\r\n"
    )
    mail = parse_mail(raw)
    assert mail.attachments == [] and mail.left_out == [f"gros.pdf: {len(big)} bytes"]


def test_a_reply_names_what_it_answers_carries_the_token_and_loses_its_quoted_history() -> None:
    mail = read("reply_quoted.eml")
    assert mail.thread_ids == ["<answer-1@cooperative.example>", "<CAF1234-plain@mail.example.be>"]
    assert mail.token == "QABCDEFG"
    assert mail.text == "Merci beaucoup, je serai là avec mes collègues."


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("bounce.eml", "Auto-Submitted: auto-replied"),
        ("auto_reply.eml", "Auto-Submitted: auto-replied"),
        ("mailing_list.eml", "Precedence: list"),
    ],
)
def test_machines_are_recognised(name: str, reason: str) -> None:
    assert read(name).machine == reason


def test_a_bounce_without_auto_submitted_is_recognised_by_its_report_or_its_sender() -> None:
    raw = (MAILS / "bounce.eml").read_bytes().replace(b"Auto-Submitted: auto-replied\n", b"")
    assert parse_mail(raw).machine == "bounce (multipart/report)"
    plain = b"From: MAILER-DAEMON@mx.example.net\nMessage-ID: <b2@x>\nContent-Type: text/plain\n\nfailed"
    assert parse_mail(plain).machine == "sender mailer-daemon"


def test_an_unknown_charset_and_a_broken_mime_structure_are_read_as_well_as_they_can_be() -> None:
    mail = read("unknown_charset.eml")
    assert mail.text.startswith("Hola, ") and "una pregunta sobre el proyecto?" in mail.text
    broken = read("malformed.eml")
    assert broken.message_id == "<broken-1@example.net>" and broken.text
    assert broken.attachments == [] and broken.left_out == ["piece-jointe: empty"]


def test_a_message_without_message_id_gets_a_stable_one_from_its_bytes() -> None:
    first, second = read("no_message_id.eml"), read("no_message_id.eml")
    assert first.message_id == second.message_id and first.message_id.endswith("@cairn.no-message-id>")
    assert parse_mail(b"").message_id.endswith("@cairn.no-message-id>")
