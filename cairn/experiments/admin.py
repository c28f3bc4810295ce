from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cairn.experiments.models import Call, Group


class _ReadOnly(admin.ModelAdmin):
    """Read-only: calls and groups are written on their own pages, through the audited services."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Call)
class CallAdmin(_ReadOnly):
    list_display = ["title", "state", "interest_deadline"]
    list_filter = ["state"]
    search_fields = ["title"]


@admin.register(Group)
class GroupAdmin(_ReadOnly):
    list_display = ["name", "call", "topic", "status", "facilitator"]
    list_filter = ["status"]
    search_fields = ["name"]
