"""Reading an e-mail from the mailbox: hostile input, parsed with the standard library's
modern API (``email.policy.default``) and nothing trusted.

``parse_mail(raw)`` answers a ``ParsedMail``: who sent it, its Message-ID (a stable one
made from its bytes when it has none), the ids it answers, the reference token of its
subject, whether it was sent by a machine (an auto-reply, a bounce, a mailing list) and
why, its text with the quoted history trimmed (mail-parser-reply), and the attachments
kept within the limits. An HTML-only e-mail becomes plain text: its tags are dropped by
nh3, so nothing of it is ever rendered as HTML. A part in an unknown charset or a broken
MIME structure is read as well as it can be, never raised on.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr

import nh3
from mailparser_reply import EmailReplyParser

from cairn.inbox.emails import TOKEN_RE

#: The largest e-mail read; a larger one is refused whole (it stays in the mailbox).
MAX_MAIL_BYTES = 25 * 1024 * 1024
#: Attachments kept: at most this many, each at most this size, of these types.
MAX_ATTACHMENTS = 10
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "text/plain",
    "text/csv",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_TEXT = 100_000
_MESSAGE_ID_RE = re.compile(r"<[^<>\s]{1,250}>")
_MACHINE_SENDERS = {"mailer-daemon", "postmaster", "noreply", "no-reply", "donotreply", "do-not-reply"}
_AUTO_PRECEDENCE = {"bulk", "list", "junk", "auto_reply"}


@dataclass
class KeptAttachment:
    name: str
    content_type: str
    content: bytes


@dataclass
class ParsedMail:
    message_id: str
    sender: str
    sender_name: str
    subject: str
    in_reply_to: str
    references: list[str]
    token: str
    #: Why a machine sent it ("" for a person): never answered, filed apart.
    machine: str
    text: str
    attachments: list[KeptAttachment] = field(default_factory=list)
    #: What was left out, one line each (an attachment too large, of a refused type…).
    left_out: list[str] = field(default_factory=list)

    @property
    def thread_ids(self) -> list[str]:
        """The Message-IDs this e-mail answers, nearest first."""
        ids = [self.in_reply_to] if self.in_reply_to else []
        return ids + [ref for ref in reversed(self.references) if ref not in ids]


def message_ids(value: str | None) -> list[str]:
    """The ``<id@host>`` in a header, in order (anything else in it is ignored)."""
    return _MESSAGE_ID_RE.findall(str(value or ""))[:100]


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # noqa: BLE001 — a header the parser cannot make sense of is as good as absent
        return ""
    return " ".join(str(value or "").split())


def machine_reason(message: Message, sender: str) -> str:
    """Why the e-mail is a machine's (RFC 3834 and common practice), or ""."""
    auto = _header(message, "Auto-Submitted").lower()
    if auto and auto != "no":
        return f"Auto-Submitted: {auto[:50]}"
    precedence = _header(message, "Precedence").lower()
    if precedence in _AUTO_PRECEDENCE:
        return f"Precedence: {precedence}"
    if _header(message, "List-Id") or _header(message, "List-Unsubscribe"):
        return "List-Id"
    if message.get_content_type() == "multipart/report":
        return "bounce (multipart/report)"
    if sender.partition("@")[0].lower() in _MACHINE_SENDERS:
        return f"sender {sender.partition('@')[0].lower()}"
    if _header(message, "X-Autoreply") or _header(message, "X-Autorespond"):
        return "X-Autoreply"
    return ""


def _decoded(part: Message) -> str:
    """A text part's content, whatever its charset says (an unknown one reads as UTF-8,
    with replacement characters where it must)."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return str(payload or "")
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def html_to_text(markup: str) -> str:
    """Plain text from HTML: line breaks where blocks end, every tag dropped (nh3), the
    entities turned back into characters. The result is only ever shown escaped."""
    markup = re.sub(r"(?i)<br\s*/?>|</(p|div|li|tr|h[1-6]|blockquote)>", "\n", markup)
    text = html.unescape(nh3.clean(markup, tags=set(), strip_comments=True))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.strip() for line in text.splitlines())).strip()


def trim_quoted(text: str) -> str:
    """The latest reply, without the quoted history (mail-parser-reply, in our languages);
    the whole text when the parser finds nothing left."""
    try:
        latest = EmailReplyParser(languages=["fr", "nl", "en"]).parse_reply(text)
    except Exception:  # noqa: BLE001 — the parser is a heuristic: on any trouble, keep everything
        return text.strip()
    return (latest or text).strip()


def _body_and_attachments(message: Message, parsed: ParsedMail) -> None:
    plain, markup = "", ""
    for part in message.walk():
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        filename = part.get_filename()
        disposition = (part.get_content_disposition() or "").lower()
        if filename or disposition == "attachment":
            _keep_attachment(part, str(filename or "piece-jointe"), content_type, parsed)
        elif content_type == "text/plain" and not plain:
            plain = _decoded(part)
        elif content_type == "text/html" and not markup:
            markup = _decoded(part)
    text = plain if plain.strip() else html_to_text(markup)
    parsed.text = trim_quoted(text)[:MAX_TEXT]


def _keep_attachment(part: Message, filename: str, content_type: str, parsed: ParsedMail) -> None:
    name = re.sub(r"[^\w.\- ]", "_", filename.replace("\\", "/").rsplit("/", 1)[-1]).strip(" .")[:150] or "piece-jointe"
    payload = part.get_payload(decode=True)
    content = payload if isinstance(payload, bytes) else b""
    if not content:
        parsed.left_out.append(f"{name}: empty")
    elif content_type not in ATTACHMENT_TYPES:
        parsed.left_out.append(f"{name}: type {content_type}")
    elif len(content) > MAX_ATTACHMENT_BYTES:
        parsed.left_out.append(f"{name}: {len(content)} bytes")
    elif len(parsed.attachments) >= MAX_ATTACHMENTS:
        parsed.left_out.append(f"{name}: more than {MAX_ATTACHMENTS} attachments")
    else:
        parsed.attachments.append(KeptAttachment(name=name, content_type=content_type, content=content))


def parse_mail(raw: bytes) -> ParsedMail:
    """Read an e-mail's bytes (at most ``MAX_MAIL_BYTES``: the caller refuses larger ones)."""
    message = BytesParser(_class=EmailMessage, policy=policy.default).parsebytes(raw[: MAX_MAIL_BYTES + 1])
    name, sender = parseaddr(_header(message, "From"))
    if not sender:
        addresses = getaddresses([_header(message, "Sender"), _header(message, "Return-Path")])
        sender = next((address for _name, address in addresses if address), "")
    own_id = message_ids(_header(message, "Message-ID"))
    subject = _header(message, "Subject")
    token = TOKEN_RE.search(subject)
    parsed = ParsedMail(
        message_id=own_id[0] if own_id else f"<{hashlib.sha256(raw).hexdigest()[:40]}@cairn.no-message-id>",
        sender=sender.strip().lower()[:254],
        sender_name=name.strip()[:200],
        subject=subject[:200],
        in_reply_to=(message_ids(_header(message, "In-Reply-To")) or [""])[0],
        references=message_ids(_header(message, "References")),
        token=token.group(1) if token else "",
        machine="",
        text="",
    )
    parsed.machine = machine_reason(message, parsed.sender)
    try:
        _body_and_attachments(message, parsed)
    except Exception:  # noqa: BLE001 — a part broken beyond repair: keep what the raw bytes say
        parsed.text = raw[:MAX_TEXT].decode("utf-8", errors="replace")
        parsed.left_out.append("MIME structure unreadable")
    return parsed
