from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cairn.core.admin import AuditedModelAdmin
from cairn.inbox.models import MailReceipt, SavedAnswer


@admin.register(SavedAnswer)
class SavedAnswerAdmin(AuditedModelAdmin):
    """The saved answers the coordination team reuses, one per language: few, written by
    the team, so the admin is their editor."""

    list_display = ["title", "language"]
    list_filter = ["language"]


@admin.register(MailReceipt)
class MailReceiptAdmin(admin.ModelAdmin):
    """What the mailbox brought in, read-only: the import writes it."""

    list_display = ["message_id", "sender", "subject", "outcome", "received_at"]
    list_filter = ["outcome"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
