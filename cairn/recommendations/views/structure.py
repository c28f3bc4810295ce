"""Staff pages that keep the registry's structure without the Django admin
(gestion/registre/…): cycles, theme categories, themes and working groups. Every save
goes through ``services.structure``, audited like any edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import ModelForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from cairn.accounts.views import AuthenticatedHttpRequest
from cairn.core.forms import add_service_errors
from cairn.core.http import form_page
from cairn.recommendations.forms.structure import (
    CATEGORY_EDITABLE,
    CYCLE_EDITABLE,
    GROUP_EDITABLE,
    MEMBER_FIELDS,
    PEOPLE_FIELDS,
    THEME_EDITABLE,
    CycleForm,
    ThemeCategoryForm,
    ThemeForm,
    WorkingGroupForm,
)
from cairn.recommendations.models import Cycle, Theme, ThemeCategory, WorkingGroup
from cairn.recommendations.selectors.structure import group_for_staff, structure_overview, theme_for_staff
from cairn.recommendations.services import structure as services

PERMISSION = "recommendations.manage_structure"
TEMPLATE = "recommendations/structure_form.html"


@login_required
@permission_required(PERMISSION, raise_exception=True)
def structure(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The staff menu of the registry: every cycle, its themes and groups, the categories."""
    return render(request, "recommendations/structure.html", {"overview": structure_overview()})


def _form_page(
    request: AuthenticatedHttpRequest, form: ModelForm, save: Callable[[dict[str, Any]], Any], context: dict[str, Any]
) -> HttpResponse:
    """Show ``form``; on a valid POST, ``save`` its data through a service and go back to the
    structure page (a refusal of the service shows on the form)."""
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                saved = save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("« %(name)s » est enregistré.") % {"name": saved})
            return redirect("recommendations:structure")
    return form_page(request, TEMPLATE, {"form": form, **context})


def _fields(data: dict[str, Any], names: list[str]) -> dict[str, Any]:
    return {name: data[name] for name in names}


# --- cycles ------------------------------------------------------------------------------------


@login_required
@permission_required(PERMISSION, raise_exception=True)
def cycle_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    def save(data: dict[str, Any]) -> Cycle:
        return services.cycle_create(actor=request.user, slug=data["slug"], code=data["code"], **_fields(data, CYCLE_EDITABLE))

    form = CycleForm(request.POST or None)
    return _form_page(request, form, save, {"heading": _("Nouveau cycle")})


@login_required
@permission_required(PERMISSION, raise_exception=True)
def cycle_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    cycle = get_object_or_404(Cycle, pk=pk)

    def save(data: dict[str, Any]) -> Cycle:
        return services.cycle_update(actor=request.user, cycle=cycle, **_fields(data, CYCLE_EDITABLE))

    form = CycleForm(request.POST or None, instance=cycle)
    return _form_page(request, form, save, {"heading": _("Modifier le cycle %(name)s") % {"name": cycle.name}, "code": cycle.code})


# --- theme categories --------------------------------------------------------------------------


@login_required
@permission_required(PERMISSION, raise_exception=True)
def category_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    def save(data: dict[str, Any]) -> ThemeCategory:
        fields = _fields(data, CATEGORY_EDITABLE)
        return services.theme_category_create(actor=request.user, slug=data["slug"], **fields)

    form = ThemeCategoryForm(request.POST or None)
    return _form_page(request, form, save, {"heading": _("Nouvelle grande thématique")})


@login_required
@permission_required(PERMISSION, raise_exception=True)
def category_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(ThemeCategory, pk=pk)

    def save(data: dict[str, Any]) -> ThemeCategory:
        return services.theme_category_update(actor=request.user, category=category, **_fields(data, CATEGORY_EDITABLE))

    form = ThemeCategoryForm(request.POST or None, instance=category)
    return _form_page(request, form, save, {"heading": _("Modifier la grande thématique %(name)s") % {"name": category.name_fr}})


# --- themes ------------------------------------------------------------------------------------


@login_required
@permission_required(PERMISSION, raise_exception=True)
def theme_create(request: AuthenticatedHttpRequest, cycle_pk: int) -> HttpResponse:
    cycle = get_object_or_404(Cycle, pk=cycle_pk)

    def save(data: dict[str, Any]) -> Theme:
        fields = _fields(data, THEME_EDITABLE)
        title = fields.pop("title")
        return services.theme_create(actor=request.user, cycle=cycle, title=title, code=data["code"], **fields)

    form = ThemeForm(request.POST or None, cycle=cycle)
    return _form_page(request, form, save, {"heading": _("Nouvelle thématique du cycle %(name)s") % {"name": cycle.name}})


@login_required
@permission_required(PERMISSION, raise_exception=True)
def theme_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    theme = get_object_or_404(theme_for_staff(), pk=pk)

    def save(data: dict[str, Any]) -> Theme:
        return services.theme_update(actor=request.user, theme=theme, **_fields(data, THEME_EDITABLE))

    form = ThemeForm(request.POST or None, instance=theme, cycle=theme.cycle)
    return _form_page(request, form, save, {"heading": _("Modifier la thématique %(name)s") % {"name": theme.title}, "code": theme.code})


# --- working groups ----------------------------------------------------------------------------


def _save_group_people(request: AuthenticatedHttpRequest, group: WorkingGroup, data: dict[str, Any]) -> None:
    services.group_people_set_names(actor=request.user, group=group, names={role: data[field] for field, role in PEOPLE_FIELDS.items()})
    services.group_people_set_members(
        actor=request.user, group=group, members={role: list(data[field]) for field, role in MEMBER_FIELDS.items()}
    )


@login_required
@permission_required(PERMISSION, raise_exception=True)
def group_create(request: AuthenticatedHttpRequest, theme_pk: int) -> HttpResponse:
    theme = get_object_or_404(Theme, pk=theme_pk)

    def save(data: dict[str, Any]) -> WorkingGroup:
        fields = _fields(data, GROUP_EDITABLE)
        name = fields.pop("name")
        group = services.working_group_create(actor=request.user, theme=theme, name=name, offices=data["offices"], **fields)
        _save_group_people(request, group, data)
        return group

    form = WorkingGroupForm(request.POST or None, theme=theme, viewer=request.user)
    return _form_page(request, form, save, {"heading": _("Nouveau groupe de la thématique %(name)s") % {"name": theme.title}})


@login_required
@permission_required(PERMISSION, raise_exception=True)
def group_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    group = get_object_or_404(group_for_staff(), pk=pk)

    def save(data: dict[str, Any]) -> WorkingGroup:
        updated = services.working_group_update(actor=request.user, group=group, offices=data["offices"], **_fields(data, GROUP_EDITABLE))
        _save_group_people(request, updated, data)
        return updated

    form = WorkingGroupForm(request.POST or None, instance=group, theme=group.theme, viewer=request.user)
    return _form_page(request, form, save, {"heading": _("Modifier le groupe %(name)s") % {"name": group.name}})
