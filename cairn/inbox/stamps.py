"""The stamp the coordination team's inbox and its figures are kept under
(``cairn.core.stamps``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max

from cairn.core.stamps import stamp
from cairn.inbox.models import Conversation


@stamp("inbox")
def inbox_stamp() -> tuple[Any, ...]:
    """What changes when a conversation arrives, is confirmed, answered, noted, moved,
    assigned, linked, merged or erased: their number and latest change (``updated_at``,
    which every save of a conversation writes), read from its index in one query."""
    conversations = Conversation.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    return (conversations["n"], str(conversations["latest"]))
