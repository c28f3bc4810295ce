from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from cairn.accounts.models import Department, Interest, MemberImport, Office, Profile, Sector, Skill, User


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    autocomplete_fields = ["skills"]
    filter_horizontal = ["interests"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "is_active", "is_staff", "date_joined", "invited_at", "anonymised_at"]
    list_filter = ["is_active", "is_staff", "groups"]
    search_fields = ["email", "profile__display_name"]
    readonly_fields = ["last_login", "date_joined", "invited_at", "anonymised_at"]
    inlines = [ProfileInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Rôles et accès"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined", "invited_at", "anonymised_at"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal = ["groups"]
    list_per_page = 50
    show_full_result_count = False


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "region", "country"]
    list_filter = ["country"]


@admin.register(Sector, Interest)
class SlugNamedAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_nl", "name_en", "slug"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_nl", "name_en", "code"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(MemberImport)
class MemberImportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "created_by", "created_count", "recognised_count", "updated_count", "unchanged_count"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
