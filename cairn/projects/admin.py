"""Read-only admin: projects change through their pages, whose services audit every change
and notify followers."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from cairn.projects.models import Project, ProjectRecommendation, ProjectUpdate, UpdateRequest


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AnswerInline(admin.TabularInline):
    model = ProjectRecommendation
    raw_id_fields = ["recommendation"]
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "status", "progress", "department", "is_internal"]
    list_filter = ["kind", "status", "department", "is_internal"]
    search_fields = ["title"]
    inlines = [AnswerInline]


@admin.register(ProjectUpdate)
class ProjectUpdateAdmin(ReadOnlyAdmin):
    list_display = ["project", "posted_on", "progress", "status"]


@admin.register(UpdateRequest)
class UpdateRequestAdmin(ReadOnlyAdmin):
    list_display = ["project", "recipient", "created_at", "answered_at", "reminders"]
