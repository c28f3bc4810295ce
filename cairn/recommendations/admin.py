from collections.abc import Iterable
from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

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
from cairn.recommendations.services import structure


class StructureAdmin(admin.ModelAdmin):
    """The registry's structure is saved and deleted through its services
    (``services.structure``): validated, and audited as ``admin_create``, ``admin_update``
    and ``admin_delete``, like the changes the registry import makes."""

    def create(self, *, actor: Any, values: dict[str, Any], form: ModelForm) -> Any:
        raise NotImplementedError

    def update(self, *, actor: Any, obj: Any, changes: dict[str, Any], form: ModelForm) -> Any:
        raise NotImplementedError

    def remove(self, *, actor: Any, obj: Any) -> None:
        raise NotImplementedError

    @staticmethod
    def _values(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
        """The form's values of the object's own fields (its many-to-many ones aside)."""
        concrete = {f.name for f in obj._meta.concrete_fields}
        return {name: getattr(obj, name) for name in names if name in concrete}

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        if change:
            saved = self.update(actor=request.user, obj=obj, changes=self._values(obj, form.changed_data), form=form)
        else:
            saved = self.create(actor=request.user, values=self._values(obj, form.fields), form=form)
        # The admin goes on with its own instance (inlines, messages, redirect): give it the saved row.
        for field in obj._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding, obj._state.db = False, saved._state.db

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.remove(actor=request.user, obj=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.remove(actor=request.user, obj=obj)


@admin.register(Cycle)
class CycleAdmin(StructureAdmin):
    list_display = ["name", "code", "country", "starts_on", "is_internal"]

    def create(self, *, actor: Any, values: dict[str, Any], form: ModelForm) -> Cycle:
        return structure.cycle_create(actor=actor, via_admin=True, **values)

    def update(self, *, actor: Any, obj: Cycle, changes: dict[str, Any], form: ModelForm) -> Cycle:
        return structure.cycle_update(actor=actor, cycle=obj, via_admin=True, **changes)

    def remove(self, *, actor: Any, obj: Cycle) -> None:
        structure.cycle_delete(actor=actor, cycle=obj, via_admin=True)


@admin.register(ThemeCategory)
class ThemeCategoryAdmin(StructureAdmin):
    list_display = ["name_fr", "name_nl", "name_en", "slug", "position"]

    def create(self, *, actor: Any, values: dict[str, Any], form: ModelForm) -> ThemeCategory:
        return structure.theme_category_create(actor=actor, via_admin=True, **values)

    def update(self, *, actor: Any, obj: ThemeCategory, changes: dict[str, Any], form: ModelForm) -> ThemeCategory:
        return structure.theme_category_update(actor=actor, category=obj, via_admin=True, **changes)

    def remove(self, *, actor: Any, obj: ThemeCategory) -> None:
        structure.theme_category_delete(actor=actor, category=obj, via_admin=True)


@admin.register(Theme)
class ThemeAdmin(StructureAdmin):
    list_display = ["title", "cycle", "code", "category", "is_internal"]
    list_filter = ["cycle", "category"]

    def create(self, *, actor: Any, values: dict[str, Any], form: ModelForm) -> Theme:
        return structure.theme_create(actor=actor, via_admin=True, **values)

    def update(self, *, actor: Any, obj: Theme, changes: dict[str, Any], form: ModelForm) -> Theme:
        return structure.theme_update(actor=actor, theme=obj, via_admin=True, **changes)

    def remove(self, *, actor: Any, obj: Theme) -> None:
        structure.theme_delete(actor=actor, theme=obj, via_admin=True)


class GroupPersonInline(admin.TabularInline):
    model = GroupPerson
    raw_id_fields = ["user"]
    extra = 0


@admin.register(WorkingGroup)
class WorkingGroupAdmin(StructureAdmin):
    list_display = ["name", "theme", "cities"]
    list_filter = ["theme__cycle"]
    inlines = [GroupPersonInline]

    def create(self, *, actor: Any, values: dict[str, Any], form: ModelForm) -> WorkingGroup:
        return structure.working_group_create(actor=actor, offices=form.cleaned_data.get("offices", ()), via_admin=True, **values)

    def update(self, *, actor: Any, obj: WorkingGroup, changes: dict[str, Any], form: ModelForm) -> WorkingGroup:
        offices = form.cleaned_data["offices"] if "offices" in form.changed_data else None
        return structure.working_group_update(actor=actor, group=obj, offices=offices, via_admin=True, **changes)

    def remove(self, *, actor: Any, obj: WorkingGroup) -> None:
        structure.working_group_delete(actor=actor, group=obj, via_admin=True)

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        # The offices were saved with the group, by its service: only the people are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: Any, change: bool) -> None:
        """The group's people, through the services too (audited on the group)."""
        group = form.instance
        formset.save(commit=False)  # nothing is written: the services below do
        if formset.deleted_objects:
            structure.group_people_remove(actor=request.user, group=group, people=formset.deleted_objects, via_admin=True)
        for person, changed in formset.changed_objects:
            changes = self._values(person, [name for name in changed if name in structure.GROUP_PERSON_FIELDS])
            structure.group_person_update(actor=request.user, person=person, via_admin=True, **changes)
        if formset.new_objects:
            structure.group_people_add(actor=request.user, group=group, people=formset.new_objects, via_admin=True)


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
