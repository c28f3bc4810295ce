"""The hackathons in the admin: read mostly; every change goes through the services and the pages."""

from __future__ import annotations

from django.contrib import admin

from cairn.hackathons.models import Hackathon, Question


@admin.register(Hackathon)
class HackathonAdmin(admin.ModelAdmin):
    list_display = ["title", "phase", "event"]
    search_fields = ["title"]
    readonly_fields = ["slug", "phase", "event", "formation_round"]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["title", "hackathon", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    readonly_fields = ["hackathon", "status", "merged_into", "proposed_by"]

    def has_add_permission(self, request: object) -> bool:
        return False
