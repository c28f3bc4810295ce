from django.contrib import admin

from cairn.projects.models import Project, ProjectRecommendation, ProjectUpdate, UpdateRequest


class AnswerInline(admin.TabularInline):
    model = ProjectRecommendation
    raw_id_fields = ["recommendation"]
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "progress", "department"]
    list_filter = ["kind", "status", "department"]
    search_fields = ["title"]
    raw_id_fields = ["coordinator", "team"]
    inlines = [AnswerInline]


@admin.register(ProjectUpdate)
class ProjectUpdateAdmin(admin.ModelAdmin):
    list_display = ["project", "posted_on", "progress", "status"]
    raw_id_fields = ["project", "author"]


@admin.register(UpdateRequest)
class UpdateRequestAdmin(admin.ModelAdmin):
    list_display = ["project", "recipient", "created_at", "answered_at", "reminders"]
    raw_id_fields = ["project", "recipient", "requested_by", "answer"]
