"""The real mail servers of the inbox's tests (``servers.py``)."""

from __future__ import annotations

import shutil
import ssl
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from cairn.inbox.tests.servers import DOVECOT, NO_DOVECOT, PASSWORD, REQUIRE_IMAP, USER, Dovecot, SmtpSink, start_dovecot


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    if DOVECOT is None:
        if REQUIRE_IMAP:
            pytest.fail(f"CAIRN_REQUIRE_IMAP is set and Dovecot is missing. {NO_DOVECOT}", pytrace=False)
        pytest.skip(NO_DOVECOT)
    # Not under pytest's private temporary folder: Dovecot's own users must read the
    # configuration, the certificate and the passwords.
    folder = Path(tempfile.mkdtemp(prefix="cairn-dovecot-"))
    server = start_dovecot(folder)
    yield server
    server.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def imap(dovecot: Dovecot, settings) -> Iterator[object]:
    """The test mailbox, emptied, and Cairn's settings pointing at it: yields an
    imap-tools mailbox logged in as the cooperative, to put e-mails in."""
    from imap_tools import MailBox

    for name, value in dovecot.settings().items():
        setattr(settings, name, value)
    context = ssl.create_default_context(cafile=str(dovecot.ca_file))
    with MailBox("127.0.0.1", dovecot.port, ssl_context=context).login(USER, PASSWORD) as mailbox:
        uids = mailbox.uids()
        if uids:
            mailbox.delete(uids)
        yield mailbox


@pytest.fixture
def smtp_sink(settings) -> Iterator[SmtpSink]:
    """Outgoing e-mails through Django's SMTP backend to a real SMTP server."""
    sink = SmtpSink().start()
    settings.MAILERS = sink.mailers()
    yield sink
    sink.stop()
