from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest

from cairn.core.audit import record_change, snapshot


class ReadOnlyAdminMixin:
    """For a model admin or an inline that shows rows written only through the app's own
    pages and services (which audit them and notify): nothing is added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditedModelAdmin(admin.ModelAdmin):
    """A model admin whose saves and deletions go to Cairn's audit trail, with the values
    before and after, like the changes the app's own pages make."""

    def _audited_fields(self, obj: models.Model, names: list[str]) -> list[str]:
        concrete = {f.name for f in obj._meta.concrete_fields if not f.many_to_many}
        return [name for name in names if name in concrete]

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        if change:
            fields = self._audited_fields(obj, list(form.changed_data))
            before = snapshot(type(obj)._default_manager.get(pk=obj.pk), fields)
        else:
            fields = self._audited_fields(obj, list(form.fields))
            before = None
        super().save_model(request, obj, form, change)
        record_change(
            actor=request.user,
            instance=obj,
            action="admin_update" if change else "admin_create",
            before=before,
            after=snapshot(obj, fields),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        fields = self._audited_fields(obj, [f.name for f in obj._meta.concrete_fields])
        record_change(actor=request.user, instance=obj, action="admin_delete", before=snapshot(obj, fields), after=None)
        super().delete_model(request, obj)

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            fields = self._audited_fields(obj, [f.name for f in obj._meta.concrete_fields if f.name != "id"])
            record_change(actor=request.user, instance=obj, action="admin_create", after=snapshot(obj, fields))
        for obj, changed in formset.changed_objects:
            fields = self._audited_fields(obj, list(changed))
            record_change(actor=request.user, instance=obj, action="admin_update", before=None, after=snapshot(obj, fields))
        for obj in formset.deleted_objects:
            record_change(actor=request.user, instance=obj, action="admin_delete", before={"id": obj.pk}, after=None)
