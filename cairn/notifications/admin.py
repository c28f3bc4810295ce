from django.contrib import admin

from cairn.notifications.models import Follow, Preference


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "target_kind", "target_id", "muted", "created_at"]
    list_filter = ["target_kind", "muted"]
    raw_id_fields = ["user"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency"]
    raw_id_fields = ["user"]
