"""The state of play in the admin: read-only. Analyses are written on the staff page and
editions published there (``services``), both audited; nothing here bypasses that."""

from __future__ import annotations

from django.contrib import admin

from cairn.core.admin import ReadOnlyAdminMixin
from cairn.reports.models import CategoryAnalysis, Edition, ReportPdf


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # type: ignore[misc]
    pass


@admin.register(CategoryAnalysis)
class CategoryAnalysisAdmin(ReadOnlyAdmin):
    list_display = ["category", "updated_at", "updated_by"]


@admin.register(Edition)
class EditionAdmin(ReadOnlyAdmin):
    list_display = ["title", "as_of", "published_at"]
    exclude = ["figures"]


@admin.register(ReportPdf)
class ReportPdfAdmin(ReadOnlyAdmin):
    list_display = ["key", "edition", "language", "state", "size", "created_at", "finished_at"]
