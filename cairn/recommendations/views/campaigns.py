"""Staff pages of the assessment campaigns (gestion/campagnes/…): open, assign, review,
publish; each interviewer's to-do list and proposals."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from rules.contrib.views import permission_required

from cairn.accounts.selectors import person_shown
from cairn.accounts.views import AuthenticatedHttpRequest
from cairn.core.forms import add_service_errors
from cairn.core.http import form_page
from cairn.recommendations.forms import AssessmentForm, AssignForm, AssignmentFilter, BulkPublishForm, CampaignOpenForm, ReviewForm
from cairn.recommendations.models import STATUS_TONES, Assessment, Campaign, Recommendation
from cairn.recommendations.selectors import campaigns as selectors
from cairn.recommendations.services import campaigns as services
from cairn.recommendations.services.assessments import assessment_publish

CAMPAIGN_PAGE_SIZE = 50
REVIEW_PAGE_SIZE = 25


@login_required
@permission_required("recommendations.manage_campaigns", raise_exception=True)
def campaign_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every campaign with its figures, and the form that opens a new one."""
    form = CampaignOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_open(
                actor=request.user, name=form.cleaned_data["name"], description=form.cleaned_data["description"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("La campagne « %(name)s » est ouverte. Attribuez-lui maintenant des recommandations.") % {"name": campaign.name},
            )
            return redirect("recommendations:campaign_detail", pk=campaign.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "recommendations/campaign_list.html", {"form": form, "campaigns": selectors.campaigns_overview()}, status=status)


def _campaign_page_context(request: AuthenticatedHttpRequest, campaign: Campaign, assign_form: AssignForm | None = None) -> dict[str, Any]:
    filters = AssignmentFilter(request.GET or None)
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    recommendations = selectors.campaign_recommendations(
        campaign=campaign,
        theme_id=cleaned["theme"].pk if cleaned.get("theme") else None,
        department_id=cleaned["department"].pk if cleaned.get("department") else None,
        assignment=cleaned.get("assignment", ""),
    )
    page = Paginator(recommendations, CAMPAIGN_PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "campaign": campaign,
        "progress": selectors.campaign_progress(campaign=campaign, no_department_label=_("Sans direction")),
        "awaiting_count": selectors.awaiting_review_count(campaign=campaign),
        "filters": filters,
        "filter_query": urlencode({k: str(v) for k, v in request.GET.items() if k in filters.fields and v}),
        "page_obj": page,
        "assign_form": assign_form or AssignForm(assignees=selectors.assignable_people(), viewer=request.user),
        "status_tones": STATUS_TONES,
    }


@login_required
@permission_required("recommendations.manage_campaigns", raise_exception=True)
@vary_on_headers("HX-Request")  # the same URL answers the page or, for htmx, the list of recommendations
def campaign_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_for_page(pk=pk)
    if campaign is None:
        raise Http404
    context = _campaign_page_context(request, campaign)
    template = "recommendations/campaign_detail.html#results" if request.htmx else "recommendations/campaign_detail.html"
    return render(request, template, context)


@require_POST
@login_required
@permission_required("recommendations.manage_campaigns", raise_exception=True)
def campaign_assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Assign the ticked recommendations, or every one matching the page's filters."""
    campaign = get_object_or_404(Campaign, pk=pk)
    form = AssignForm(request.POST, assignees=selectors.assignable_people(), viewer=request.user)
    filters = AssignmentFilter(request.POST)
    if form.is_valid() and filters.is_valid():
        if form.cleaned_data["scope"] == AssignForm.MATCHING:
            chosen = selectors.campaign_recommendations(
                campaign=campaign,
                theme_id=filters.cleaned_data["theme"].pk if filters.cleaned_data.get("theme") else None,
                department_id=filters.cleaned_data["department"].pk if filters.cleaned_data.get("department") else None,
                assignment=filters.cleaned_data.get("assignment", ""),
            )
        else:
            chosen = Recommendation.objects.filter(pk__in=form.cleaned_data["recommendations"])
        assignee = form.cleaned_data["assignee"]
        try:
            count = services.campaign_assign(actor=request.user, campaign=campaign, recommendations=chosen, assignee=assignee)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext("%(count)s recommandation attribuée à %(name)s.", "%(count)s recommandations attribuées à %(name)s.", count)
                % {"count": count, "name": person_shown(assignee, request.user).name},
            )
            query = urlencode({k: str(v) for k, v in request.POST.items() if k in filters.fields and v})
            return redirect(reverse("recommendations:campaign_detail", args=[campaign.pk]) + (f"?{query}" if query else ""))
    for name, errors in filters.errors.items():
        form.add_error(None, [f"{filters.fields[name].label} : {error}" for error in errors])
    context = _campaign_page_context(request, campaign, assign_form=form)
    # Sent back by the people picker's "Chercher" button (no JavaScript): not a refusal.
    return render(request, "recommendations/campaign_detail.html", context, status=200 if form.searching_people else 400)


@require_POST
@login_required
@permission_required("recommendations.manage_campaigns", raise_exception=True)
def campaign_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    if services.campaign_close(actor=request.user, campaign=campaign):
        messages.success(request, _("La campagne est clôturée. Les propositions déjà faites peuvent encore être relues."))
    else:
        messages.info(request, _("Cette campagne était déjà clôturée."))
    return redirect("recommendations:campaign_detail", pk=campaign.pk)


@login_required
@permission_required("recommendations.publish_assessment", raise_exception=True)
def campaign_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The proposals waiting for review: publish them (one, or many at once) or send one back."""
    campaign = get_object_or_404(Campaign, pk=pk)
    page = Paginator(selectors.proposals_awaiting_review(campaign=campaign), REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "recommendations/campaign_review.html",
        {"campaign": campaign, "page_obj": page, "status_tones": STATUS_TONES, "bulk_form": BulkPublishForm()},
    )


@require_POST
@login_required
@permission_required("recommendations.publish_assessment", raise_exception=True)
def campaign_review_decide(request: AuthenticatedHttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    assessment = selectors.campaign_proposal(campaign=campaign, pk=assessment_pk)
    if assessment is None:
        raise Http404
    form = ReviewForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("note", form.errors.get("decision", [])):
            messages.error(request, str(error))
        return redirect("recommendations:campaign_review", pk=campaign.pk)
    reference = assessment.recommendation.reference
    if form.cleaned_data["decision"] == ReviewForm.PUBLISH:
        if assessment_publish(actor=request.user, assessments=[assessment]):
            messages.success(request, _("%(reference)s : la proposition est publiée.") % {"reference": reference})
        else:
            messages.info(request, _("%(reference)s : cette proposition avait déjà été traitée.") % {"reference": reference})
    elif services.assessment_return(actor=request.user, assessment=assessment, note=form.cleaned_data["note"]):
        messages.success(request, _("%(reference)s : la proposition est renvoyée à son auteur·rice.") % {"reference": reference})
    else:
        messages.info(request, _("%(reference)s : cette proposition avait déjà été traitée.") % {"reference": reference})
    return redirect("recommendations:campaign_review", pk=campaign.pk)


@require_POST
@login_required
@permission_required("recommendations.publish_assessment", raise_exception=True)
def campaign_publish_many(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    form = BulkPublishForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("assessments", []):
            messages.error(request, str(error))
        return redirect("recommendations:campaign_review", pk=campaign.pk)
    chosen = selectors.chosen_proposals(campaign=campaign, ids=form.cleaned_data["assessments"])
    count = assessment_publish(actor=request.user, assessments=chosen)
    if count:
        messages.success(request, ngettext("%(count)s proposition publiée.", "%(count)s propositions publiées.", count) % {"count": count})
    else:
        messages.info(request, _("Aucune proposition publiée : celles cochées avaient déjà été traitées."))
    return redirect("recommendations:campaign_review", pk=campaign.pk)


@login_required
@permission_required("recommendations.propose_assessment", raise_exception=True)
def my_todo(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the signed-in interviewer or department lead has to assess, in open campaigns."""
    items = selectors.assignee_todo(user=request.user)
    groups = {
        state: [item for item in items if item.campaign_state == state]  # type: ignore[attr-defined]
        for state in (selectors.TO_DO, selectors.RETURNED, selectors.AWAITING_REVIEW, selectors.ASSESSED)
    }
    return render(request, "recommendations/my_todo.html", {"items": items, "groups": groups})


@login_required
@permission_required("recommendations.propose_assessment", raise_exception=True)
def proposal(request: AuthenticatedHttpRequest, pk: int, recommendation_pk: int) -> HttpResponse:
    """Record an interview and propose a status for one assigned recommendation; its author
    edits the proposal here until a coordinator publishes it."""
    assignment = selectors.assignment_for_proposal(user=request.user, campaign_id=pk, recommendation_id=recommendation_pk)
    if assignment is None:  # out of the user's scope looks exactly like a missing page
        raise Http404
    current = Assessment.objects.filter(pk=assignment.proposal_id).first() if assignment.proposal_id else None  # type: ignore[attr-defined]
    editable = current is None or current.assessed_by_id == request.user.pk
    is_open = assignment.campaign.state == Campaign.State.OPEN
    form = AssessmentForm(request.POST or None, instance=current)
    if request.method == "POST":
        if not editable or not (is_open or current is not None):
            raise PermissionDenied
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in services.PROPOSAL_FIELDS}
            try:
                if current is None:
                    services.assessment_propose(actor=request.user, assignment=assignment, **data)
                else:
                    services.assessment_proposal_update(actor=request.user, assessment=current, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(reference)s : votre proposition est enregistrée. Un·e coordinateur·rice la relira avant publication.")
                    % {"reference": assignment.recommendation.reference},
                )
                return redirect("recommendations:my_todo")
    context = {
        "assignment": assignment,
        "recommendation": assignment.recommendation,
        "current": current,
        "editable": editable and (is_open or current is not None),
        "form": form,
        "status_tones": STATUS_TONES,
        "current_status": selectors.current_status(recommendation_id=assignment.recommendation_id),
    }
    return form_page(request, "recommendations/proposal.html", context)
