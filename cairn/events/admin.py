from django.contrib import admin

from cairn.events.models import Event, Registration, Series


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Read-only: events change through their pages (services keep the seat counter right)."""

    list_display = ["title", "starts_at", "kind", "status", "capacity", "confirmed_count"]
    list_filter = ["kind", "status", "attendance"]
    search_fields = ["title"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "rule", "first_start"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "status", "queued_at"]
    list_filter = ["status"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
