from django.contrib import admin

from cairn.core.admin import AuditedModelAdmin
from cairn.recommendations.models import (
    Assessment,
    Campaign,
    Cycle,
    GroupPerson,
    Recommendation,
    RegistryImport,
    Theme,
    ThemeCategory,
    WorkingGroup,
)


@admin.register(Cycle)
class CycleAdmin(AuditedModelAdmin):
    list_display = ["name", "code", "country", "starts_on", "is_internal"]


@admin.register(ThemeCategory)
class ThemeCategoryAdmin(AuditedModelAdmin):
    list_display = ["name_fr", "name_nl", "name_en", "slug", "position"]


@admin.register(Theme)
class ThemeAdmin(AuditedModelAdmin):
    list_display = ["title", "cycle", "code", "category", "is_internal"]
    list_filter = ["cycle", "category"]


class GroupPersonInline(admin.TabularInline):
    model = GroupPerson
    raw_id_fields = ["user"]
    extra = 0


@admin.register(WorkingGroup)
class WorkingGroupAdmin(AuditedModelAdmin):
    list_display = ["name", "theme", "cities"]
    list_filter = ["theme__cycle"]
    inlines = [GroupPersonInline]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    """Read-only here: recommendations change through the registry's pages and imports,
    which audit every change."""

    list_display = ["reference", "title", "theme", "kind", "is_internal"]
    list_filter = ["cycle", "kind", "is_internal"]
    search_fields = ["reference", "title"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["recommendation", "status", "effective_date", "published_at"]
    list_filter = ["status", "campaign"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Campaign)
class CampaignAdmin(AuditedModelAdmin):
    list_display = ["name", "state", "created_at"]


@admin.register(RegistryImport)
class RegistryImportAdmin(admin.ModelAdmin):
    """Uploads of the registry import page, read-only: the page applies them."""

    list_display = ["filename", "created_by", "created_at", "state", "applied_at"]
    list_filter = ["state"]
    exclude = ["content"]
    readonly_fields = ["filename", "created_by", "created_at", "sha256", "size", "cycle", "category", "state", "applied_at", "summary"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
