from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cairn.core.admin import AuditedModelAdmin
from cairn.stories.models import Story, StorySeries


@admin.register(StorySeries)
class StorySeriesAdmin(AuditedModelAdmin):
    """Series are few and named by the coordination team: the admin is their editor."""

    list_display = ["name_fr", "name_nl", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_fr"]}


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    """Read-only: stories are written and published on their own pages (gestion/recits/),
    through the audited services."""

    list_display = ["slug", "state", "published_at", "author", "series"]
    list_filter = ["state", "series"]
    search_fields = ["slug", "versions__title"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
