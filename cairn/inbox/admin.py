from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cairn.inbox.models import MailReceipt

# The saved answers are written on the coordination team's own pages (views/saved.py).


@admin.register(MailReceipt)
class MailReceiptAdmin(admin.ModelAdmin):
    """What the mailbox brought in, read-only: the import writes it."""

    list_display = ["message_id", "sender", "subject", "outcome", "received_at"]
    list_filter = ["outcome"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
