"""The registry's writes through the API, each behind a token's scope and through the
same services as the pages, audited under the token's owner: proposing an assessment in a
campaign (``submit_assessment``) and queuing a registry import (``queue_import``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Schema, UploadedFile
from pydantic import Field

from cairn.accounts.models import ApiScope
from cairn.core.api import ApiError, ObjectId, Problem, form_errors, iso, page_url, refuse_unknown_parameters, require_scope
from cairn.recommendations.api import router
from cairn.recommendations.forms import AssessmentForm, RegistryImportConfirmForm, RegistryImportForm
from cairn.recommendations.imports.plan import ImportFileError
from cairn.recommendations.imports.reading import read_registry_file
from cairn.recommendations.models import RegistryImport
from cairn.recommendations.selectors.campaigns import assignment_for_proposal
from cairn.recommendations.selectors.imports import own_upload
from cairn.recommendations.services import imports as import_services
from cairn.recommendations.services.campaigns import PROPOSAL_FIELDS, assessment_propose


class ProposalIn(Schema):
    status: str = Field(description="done, in_progress, not_done, rejected ou postponed.")
    effective_date: str = Field(description="Depuis quand cet état est vrai (AAAA-MM-JJ, pas dans le futur).")
    public_comment: str = Field("", description="Obligatoire pour rejected et postponed.")
    internal_note: str = ""
    interviewee: str = ""
    interviewee_role: str = ""
    interviewee_department: int | None = Field(None, description="Id d’une direction.")
    interview_date: str | None = None
    source: str = ""
    notes: str = ""


class ProposalOut(Schema):
    id: int
    recommendation: str
    status: str
    effective_date: str
    published: bool
    url: str


@router.post(
    "/campaigns/{campaign_id}/proposals/{recommendation_id}", response={201: ProposalOut, 409: Problem}, summary="Proposer une évaluation"
)
def propose(request: HttpRequest, campaign_id: ObjectId, recommendation_id: ObjectId, body: ProposalIn) -> tuple[int, dict[str, Any]]:
    """Propose a status for a recommendation assigned in an open campaign, with its
    interview, exactly as the proposal page does (scope ``submit_assessment``). A
    coordinator reviews it before it is published. An assignment the token's owner may not
    propose for answers 404."""
    actor = require_scope(request, ApiScope.SUBMIT_ASSESSMENT)
    refuse_unknown_parameters(request)
    assignment = assignment_for_proposal(user=actor, campaign_id=campaign_id, recommendation_id=recommendation_id)
    if assignment is None:
        raise Http404
    form = AssessmentForm({key: ("" if value is None else value) for key, value in body.dict().items()})
    if not form.is_valid():
        raise ApiError(
            400, _("Proposition invalide"), _("La proposition n’a pas été enregistrée."), errors=form_errors(form), kind="invalid-body"
        )
    try:
        proposal = assessment_propose(actor=actor, assignment=assignment, **{name: form.cleaned_data[name] for name in PROPOSAL_FIELDS})
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        raise ApiError(409, _("Proposition refusée"), " ".join(error.messages), kind="refused") from None
    return 201, {
        "id": proposal.pk,
        "recommendation": assignment.recommendation.reference,
        "status": proposal.status,
        "effective_date": iso(proposal.effective_date),
        "published": proposal.published_at is not None,
        "url": page_url(request, reverse("recommendations:proposal", args=[campaign_id, recommendation_id])),
    }


# --- Registry imports -------------------------------------------------------------------------


class ImportProblemOut(Schema):
    line: int
    column: str
    message: str


class ImportOut(Schema):
    id: int
    state: str
    ok: bool
    fingerprint: str
    changes: int
    errors: list[ImportProblemOut]
    url: str


class ImportConfirmIn(Schema):
    fingerprint: str = Field(description="Le `fingerprint` de l’aperçu que vous confirmez.", max_length=128)


def _import_out(request: HttpRequest, staged: RegistryImport) -> dict[str, Any]:
    plan = import_services.registry_import_plan(staged=staged)
    return {
        "id": staged.pk,
        "state": staged.state,
        "ok": plan.ok,
        "fingerprint": plan.fingerprint() if plan.ok else "",
        "changes": plan.change_count,
        "errors": [{"line": p.line, "column": p.column, "message": str(p.message)} for p in plan.errors],
        "url": page_url(request, reverse("recommendations:registry_import_preview", args=[staged.pk])),
    }


@router.post("/imports", response={201: ImportOut}, summary="Envoyer un fichier à importer")
def import_upload(
    request: HttpRequest, file: File[UploadedFile], cycle: Form[int | None] = None, category: Form[int | None] = None
) -> tuple[int, dict[str, Any]]:
    """Send a registry file (CSV, XLSX or a pad's Markdown) as the import page does (scope
    ``queue_import``): it is read and kept, and the answer is its preview — what it would
    change, its errors and the ``fingerprint`` to confirm. Nothing is imported yet."""
    actor = require_scope(request, ApiScope.QUEUE_IMPORT)
    refuse_unknown_parameters(request)
    if not actor.has_perm("recommendations.import"):
        raise ApiError(403, _("Import non permis"), _("Votre rôle ne permet pas d’importer le registre."), kind="forbidden")
    form = RegistryImportForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ApiError(400, _("Fichier refusé"), _("Le fichier n’a pas été gardé."), errors=form_errors(form), kind="invalid-body")
    upload = form.cleaned_data["file"]
    content = upload.read()
    try:
        read_registry_file(content, upload.name, cycle=form.cleaned_data["cycle"], category=form.cleaned_data["category"])
    except ImportFileError as exc:
        raise ApiError(400, _("Fichier refusé"), str(exc), errors={"file": [str(exc)]}, kind="invalid-body") from None
    staged = import_services.registry_import_stage(
        actor=actor, filename=upload.name, content=content, cycle=form.cleaned_data["cycle"], category=form.cleaned_data["category"]
    )
    return 201, _import_out(request, staged)


@router.post("/imports/{import_id}/confirm", response={202: ImportOut, 409: Problem}, summary="Confirmer un import")
def import_confirm(request: HttpRequest, import_id: ObjectId, body: ImportConfirmIn) -> tuple[int, dict[str, Any]]:
    """Queue a previewed upload for import, as the preview page's button does: the import
    runs in the background, all or nothing. Refused when the registry changed since the
    preview (409: send the file again) or when the file has errors. Only its uploader may
    confirm it; anyone else gets 404."""
    actor = require_scope(request, ApiScope.QUEUE_IMPORT)
    refuse_unknown_parameters(request)
    staged = own_upload(user=actor, pk=import_id)
    if staged is None:
        raise Http404
    form = RegistryImportConfirmForm({"fingerprint": body.fingerprint})
    if not form.is_valid():
        raise ApiError(400, _("Confirmation invalide"), errors=form_errors(form), kind="invalid-body")
    try:
        queued = import_services.registry_import_confirm(staged=staged, fingerprint=form.cleaned_data["fingerprint"])
    except import_services.RegistryImportChanged:
        raise ApiError(409, _("Le registre a changé"), str(RegistryImport.Failure.CHANGED.label), kind="registry-changed") from None
    except (ValueError, ValidationError, ImportFileError):
        raise ApiError(400, _("Fichier refusé"), str(RegistryImport.Failure.INVALID.label), kind="invalid-body") from None
    if not queued:
        raise ApiError(
            409, _("Rien à confirmer"), _("Cet envoi a déjà été confirmé ou a expiré : rien de plus n’a été fait."), kind="not-pending"
        )
    return 202, _import_out(request, staged)
