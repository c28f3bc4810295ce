"""Staff pages on one recommendation (gestion/recommandations/<pk>/…): assess, correct,
read its full history, link it to other cycles (by hand or from Cairn's suggestions)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from cairn.accounts.models import Language
from cairn.accounts.views import AuthenticatedHttpRequest
from cairn.core.forms import add_service_errors
from cairn.core.http import form_page
from cairn.core.translation import untranslated_kinds
from cairn.recommendations.forms import AssessmentForm, RecommendationEditForm, RecommendationLinkForm, RecommendationTranslationForm
from cairn.recommendations.models import STATUS_TONES, LinkKind, Recommendation, Status
from cairn.recommendations.selectors import audit as selectors
from cairn.recommendations.selectors.links import link_candidates, links_of
from cairn.recommendations.selectors.pages import recommendation_for_staff
from cairn.recommendations.selectors.suggestions import pending_suggestions, translation_counts, translations_of, untranslated
from cairn.recommendations.services import recommendations as services
from cairn.recommendations.services import suggestions as suggestion_services
from cairn.recommendations.services.assessments import assessment_record
from cairn.recommendations.services.campaigns import PROPOSAL_FIELDS

HISTORY_PAGE_SIZE = 50


def _staff_recommendation(request: AuthenticatedHttpRequest, pk: int) -> Recommendation:
    recommendation = recommendation_for_staff(viewer=request.user, pk=pk)
    if recommendation is None:
        raise Http404
    return recommendation


def publish_from_form(request: AuthenticatedHttpRequest, form: AssessmentForm, recommendation: Recommendation) -> bool:
    """Publish the assessment a valid ``form`` holds, as the signed-in coordinator, and say
    so; a refusal of the service shows on the form. The recommendation's staff page and the
    project's page ("assess from a project") both publish this way. True when published."""
    data = {name: form.cleaned_data[name] for name in PROPOSAL_FIELDS}
    try:
        assessment_record(actor=request.user, recommendation=recommendation, publish=True, **data)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(
        request,
        _("%(reference)s : l’évaluation « %(status)s » est publiée.")
        % {"reference": recommendation.reference, "status": Status(data["status"]).label},
    )
    return True


@login_required
@permission_required("recommendations.publish_assessment", raise_exception=True)
def recommendation_assess(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The coordination team records and publishes an assessment at once."""
    recommendation = _staff_recommendation(request, pk)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and publish_from_form(request, form, recommendation):
        return redirect("recommendations:recommendation_history", pk=recommendation.pk)
    return form_page(
        request,
        "recommendations/recommendation_assess.html",
        {"recommendation": recommendation, "form": form, "status_tones": STATUS_TONES},
    )


@login_required
@permission_required("recommendations.edit_recommendation", raise_exception=True)
def recommendation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Correct a recommendation: wording, section, number, nature, language, departments,
    and whether it is internal. A stale edit is refused, never silently overwritten."""
    recommendation = _staff_recommendation(request, pk)
    form = RecommendationEditForm(request.POST or None, instance=recommendation)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in RecommendationEditForm.Meta.fields}
        try:
            services.recommendation_update(
                actor=request.user,
                recommendation=recommendation,
                departments=form.cleaned_data["departments"],
                expected_updated_at=form.cleaned_data["version"],
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(reference)s est enregistrée.") % {"reference": recommendation.reference})
            return redirect("recommendations:detail", reference=recommendation.reference)
    return form_page(request, "recommendations/recommendation_edit.html", {"recommendation": recommendation, "form": form})


@login_required
@permission_required("recommendations.view_audit", raise_exception=True)
def recommendation_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every audited change of a recommendation: who, when, before and after."""
    recommendation = _staff_recommendation(request, pk)
    entries = selectors.recommendation_history(recommendation)
    page = Paginator(entries, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.describe_audit_entries(page.object_list)
    return render(
        request,
        "recommendations/recommendation_history.html",
        {"recommendation": recommendation, "page_obj": page, "status_tones": STATUS_TONES},
    )


@login_required
@permission_required("recommendations.edit_recommendation", raise_exception=True)
def recommendation_links(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Link a recommendation to recommendations of other cycles — same as, continues,
    merged into — found with the registry's search (``?q=``), or remove a link."""
    recommendation = _staff_recommendation(request, pk)
    query = request.GET.get("q", "")[:200]
    form = RecommendationLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_link_add(
                actor=request.user, source=recommendation, target=form.cleaned_data["target"], kind=form.cleaned_data["kind"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Le lien est enregistré : il figure sur les pages des deux recommandations."))
            return redirect("recommendations:recommendation_links", pk=recommendation.pk)
    context = {
        "recommendation": recommendation,
        "links": links_of(recommendation),
        "query": query,
        "candidates": link_candidates(recommendation, query),
        "suggestions": pending_suggestions(recommendation),
        "form": form,
        "kinds": LinkKind.choices,
    }
    return form_page(request, "recommendations/recommendation_links.html", context)


@require_POST
@login_required
@permission_required("recommendations.edit_recommendation", raise_exception=True)
def recommendation_link_remove(request: AuthenticatedHttpRequest, pk: int, link_pk: int) -> HttpResponse:
    recommendation = _staff_recommendation(request, pk)
    link = next((shown.link for shown in links_of(recommendation) if shown.link.pk == link_pk), None)
    if link is None:
        raise Http404
    services.recommendation_link_remove(actor=request.user, link=link)
    messages.success(request, _("Le lien est supprimé."))
    return redirect("recommendations:recommendation_links", pk=recommendation.pk)


@require_POST
@login_required
@permission_required("recommendations.edit_recommendation", raise_exception=True)
def recommendation_suggestion_decide(request: AuthenticatedHttpRequest, pk: int, suggestion_pk: int) -> HttpResponse:
    """Confirm a suggested link (``decision=confirm`` with its ``kind``) or dismiss it for good."""
    recommendation = _staff_recommendation(request, pk)
    suggestion = next((s for s, _other in pending_suggestions(recommendation) if s.pk == suggestion_pk), None)
    if suggestion is None:
        raise Http404
    decision, kind = request.POST.get("decision"), request.POST.get("kind", "")
    try:
        if decision == "confirm":
            suggestion_services.suggestion_confirm(actor=request.user, suggestion=suggestion, recommendation=recommendation, kind=kind)
            messages.success(request, _("Le lien est enregistré : il figure sur les pages des deux recommandations."))
        elif decision == "dismiss":
            suggestion_services.suggestion_dismiss(actor=request.user, suggestion=suggestion, recommendation=recommendation)
            messages.success(request, _("La suggestion est écartée : elle ne reviendra pas."))
        else:
            messages.error(request, _("Choisissez de confirmer ou d’écarter la suggestion."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("recommendations:recommendation_links", pk=recommendation.pk)


TRANSLATION_LANGUAGES = ("fr", "nl", "en")


@login_required
@permission_required("recommendations.edit_recommendation", raise_exception=True)
def recommendation_translations(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Write or correct a recommendation's title and text in the other languages."""
    recommendation = _staff_recommendation(request, pk)
    existing = {t.language: t for t in translations_of(recommendation)}
    languages = [code for code in TRANSLATION_LANGUAGES if code != recommendation.language]
    forms = {
        code: RecommendationTranslationForm(
            request.POST or None,
            prefix=code,
            initial={"title": existing[code].title, "text": existing[code].text} if code in existing else None,
        )
        for code in languages
    }
    if request.method == "POST" and all(form.is_valid() for form in forms.values()):
        try:
            with transaction.atomic():
                for code, form in forms.items():
                    if form.cleaned_data["title"]:
                        services.recommendation_translate(
                            actor=request.user,
                            recommendation=recommendation,
                            language=code,
                            title=form.cleaned_data["title"],
                            text=form.cleaned_data["text"],
                        )
        except ValidationError as error:
            add_service_errors(next(iter(forms.values())), error)
        else:
            messages.success(request, _("Les traductions de %(reference)s sont enregistrées.") % {"reference": recommendation.reference})
            return redirect("recommendations:detail", reference=recommendation.reference)
    shown = [(code, str(Language(code).label), form) for code, form in forms.items()]
    return form_page(request, "recommendations/recommendation_translations.html", {"recommendation": recommendation, "forms": shown})


@login_required
@permission_required("recommendations.edit_recommendation", raise_exception=True)
def untranslated_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Per language, the recommendations still without a translation, then every other kind
    of item staff translate (``translatables`` hook: themes, projects, events…), with links
    to write it."""
    language = request.GET.get("langue", "nl")
    if language not in TRANSLATION_LANGUAGES:
        language = "nl"
    page = Paginator(untranslated(language), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    counts = [(code, str(Language(code).label), count) for code, count in translation_counts().items()]
    kinds = untranslated_kinds(language)
    return render(request, "recommendations/untranslated.html", {"language": language, "page_obj": page, "counts": counts, "kinds": kinds})
