"""The e-mails read from the cooperative's mailbox (filled in with the IMAP import)."""

from __future__ import annotations


def mailbox_read() -> int:
    """Import what arrived in the mailbox; returns how many e-mails were read."""
    return 0
