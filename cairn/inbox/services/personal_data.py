"""A member's erasure, and how long the inbox keeps conversations.

A member who leaves takes their conversations with them: their questions are personal
data, kept for no one else. The answers and notes the staff wrote elsewhere stay, under no
name. Closed conversations are deleted ``CAIRN_INBOX_RETENTION_DAYS`` after they were
closed, and a visitor's unconfirmed message after ``UNCONFIRMED_DAYS``.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cairn.core.audit import record_change
from cairn.inbox.models import Attachment, Conversation, State
from cairn.inbox.services.asking import UNCONFIRMED_DAYS


def _delete(conversations: Any) -> int:
    """Delete conversations and their attachments' files (after the commit: a rollback
    keeps both)."""
    names = list(Attachment.objects.filter(message__conversation__in=conversations).values_list("file", flat=True))
    count, _detail = Conversation.objects.filter(pk__in=conversations.values("pk")).delete()

    def remove_files() -> None:
        from cairn.inbox.models import private_storage

        storage = private_storage()
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove_files)
    return count


def personal_data_erase(*, user: Any) -> None:
    with transaction.atomic():
        own = Conversation.objects.filter(Q(person=user) | Q(email=user.email))
        _delete(own)
        for conversation in Conversation.objects.filter(assignee=user):
            conversation.assignee = None
            conversation.save(update_fields=["assignee"])
            record_change(
                actor=None, instance=conversation, action="assignee_erased", before={"assignee": user.pk}, after={"assignee": None}
            )


def retention_apply(*, now: datetime.datetime | None = None) -> int:
    """Delete what the inbox keeps no longer; returns how many conversations went."""
    now = now or timezone.now()
    closed_before = now - datetime.timedelta(days=settings.CAIRN_INBOX_RETENTION_DAYS)
    unconfirmed_before = now - datetime.timedelta(days=UNCONFIRMED_DAYS)
    with transaction.atomic():
        expired = Conversation.objects.filter(
            Q(state__in=[State.CLOSED, State.SPAM], closed_at__lt=closed_before)
            | Q(state=State.SPAM, closed_at__isnull=True, last_message_at__lt=closed_before)
            | Q(state=State.UNCONFIRMED, created_at__lt=unconfirmed_before)
        )
        return _delete(expired)
