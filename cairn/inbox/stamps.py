"""The stamps the coordination team's inbox, its figures and a conversation's page are
kept under (``cairn.core.stamps``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max

from cairn.core.stamps import stamp
from cairn.inbox.models import Attachment, Conversation, Message, SavedAnswer


@stamp("inbox")
def inbox_stamp() -> tuple[Any, ...]:
    """What changes when a conversation arrives, is confirmed, answered, noted, moved,
    assigned, linked, merged or erased: their number and latest change (``updated_at``,
    which every save of a conversation writes), read from its index in one query."""
    conversations = Conversation.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    return (conversations["n"], str(conversations["latest"]))


@stamp("inbox-exchanges")
def exchanges_stamp() -> tuple[Any, ...]:
    """What changes in what a conversation's page shows besides the conversation itself: a
    message or a note added, an answer sent (``sent_at``, set with ``update()``: the
    service forgets this stamp), a message or an attachment erased, a saved answer (the
    answer form's choices) written — three queries. Messages are only ever added, sent or
    erased, so their number, latest id and number sent tell every change."""
    messages = Message.objects.aggregate(n=Count("pk"), last=Max("pk"), sent=Count("sent_at"))
    attachments = Attachment.objects.aggregate(n=Count("pk"), last=Max("pk"))
    saved = SavedAnswer.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    return (*messages.values(), *attachments.values(), saved["n"], str(saved["latest"]))
