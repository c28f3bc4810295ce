"""Staff page: the registry import (gestion/import-registre/…), with a preview step."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from cairn.accounts.views import AuthenticatedHttpRequest
from cairn.recommendations.forms import RegistryImportConfirmForm, RegistryImportForm
from cairn.recommendations.imports.plan import ImportFileError
from cairn.recommendations.imports.reading import read_registry_file
from cairn.recommendations.models import RegistryImport
from cairn.recommendations.selectors.imports import recent_uploads
from cairn.recommendations.selectors.suggestions import RESEMBLANCES_COMPARED
from cairn.recommendations.services import imports as services


def _own_import(request: AuthenticatedHttpRequest, pk: int) -> RegistryImport:
    """An upload is seen and confirmed only by its uploader; anyone else gets a 404."""
    return get_object_or_404(RegistryImport, pk=pk, created_by=request.user)


@login_required
@permission_required("recommendations.import", raise_exception=True)
def registry_import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = RegistryImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        cycle, category, new_cycle = form.cleaned_data["cycle"], form.cleaned_data["category"], form.cleaned_data["new_cycle"]
        try:
            # Refuse an unreadable file here, on the form, rather than keep it.
            read_registry_file(content, upload.name, cycle=cycle, category=category, new_cycle=new_cycle)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            staged = services.registry_import_stage(
                actor=request.user, filename=upload.name, content=content, cycle=cycle, category=category, new_cycle=new_cycle
            )
            return redirect("recommendations:registry_import_preview", pk=staged.pk)
    recent = recent_uploads(user=request.user)
    status = 400 if form.errors else 200
    return render(request, "recommendations/registry_import.html", {"form": form, "recent": recent}, status=status)


@login_required
@permission_required("recommendations.import", raise_exception=True)
def registry_import_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    staged = _own_import(request, pk)
    context: dict[str, Any] = {"staged": staged}
    expired = staged.state == RegistryImport.State.EXPIRED or (
        staged.state == RegistryImport.State.PENDING and staged.created_at < timezone.now() - settings.CAIRN_REGISTRY_IMPORT_TTL
    )
    context["expired"] = expired
    if staged.state == RegistryImport.State.PENDING and not expired:
        try:
            plan = services.registry_import_plan(staged=staged, resemblances=True)
        except ImportFileError as exc:
            context["file_error"] = str(exc)
        else:
            context["plan"] = plan
            context["resemblances_compared"] = RESEMBLANCES_COMPARED
            context["confirm_form"] = RegistryImportConfirmForm(initial={"fingerprint": plan.fingerprint()})
    return render(request, "recommendations/registry_import_preview.html", context)


@require_POST
@login_required
@permission_required("recommendations.import", raise_exception=True)
def registry_import_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    staged = _own_import(request, pk)
    form = RegistryImportConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Confirmation invalide : relisez l’aperçu et confirmez de nouveau."))
        return redirect("recommendations:registry_import_preview", pk=staged.pk)
    try:
        queued = services.registry_import_confirm(staged=staged, fingerprint=form.cleaned_data["fingerprint"])
    except services.RegistryImportChanged:
        messages.error(request, RegistryImport.Failure.CHANGED.label)
    except (ValueError, ValidationError, ImportFileError):
        messages.error(request, RegistryImport.Failure.INVALID.label)
    else:
        if queued:
            messages.success(request, _("Import confirmé : il s’applique en arrière-plan, cette page montrera le résultat."))
        else:
            messages.info(request, _("Cet envoi a déjà été confirmé ou a expiré : rien de plus n’a été fait."))
    return redirect("recommendations:registry_import_preview", pk=staged.pk)
