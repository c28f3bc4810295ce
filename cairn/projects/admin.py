"""Read-only admin: projects change through their pages, whose services audit every change
and notify followers."""

from django.contrib import admin

from cairn.core.admin import ReadOnlyAdminMixin
from cairn.projects.models import Project, ProjectRecommendation, ProjectUpdate, UpdateRequest


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # type: ignore[misc]
    pass


class AnswerInline(ReadOnlyAdminMixin, admin.TabularInline):  # type: ignore[misc]
    model = ProjectRecommendation
    raw_id_fields = ["recommendation"]
    extra = 0


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
