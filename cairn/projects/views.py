"""The projects' pages: thin functions — parse, authorise, call a service or selector, render."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers
from rules.contrib.views import permission_required

from cairn.accounts.selectors import people_stamp
from cairn.accounts.views import AuthenticatedHttpRequest, member_permission_required
from cairn.core.forms import add_service_errors
from cairn.core.http import HtmxHttpRequest, form_page, personal
from cairn.core.pagination import KnownCountPaginator
from cairn.core.sections import sections_stamp
from cairn.core.stamps import built_lazily, for_visitors, kept_list
from cairn.projects import selectors, services
from cairn.projects.forms import (
    AttachmentForm,
    CarriedFilterForm,
    LinkRecommendationForm,
    ProjectFilterForm,
    ProjectForm,
    ProjectUpdateForm,
    UpdateRequestForm,
    UpdateRequestLinkForm,
)
from cairn.projects.models import FINISHED_STATUSES, PROJECT_STATUS_TONES, Answer, Project, ProjectAttachment, ProjectStatus, UpdateRequest
from cairn.projects.rules import can_manage_projects
from cairn.projects.stamps import projects_stamp
from cairn.recommendations.forms import AssessmentForm
from cairn.recommendations.models import STATUS_TONES, Recommendation, Status
from cairn.recommendations.rules import registry_audience
from cairn.recommendations.selectors.registry import registry_stamp
from cairn.recommendations.views.staff import publish_from_form

PAGE_SIZE = 25
#: How long the list's filters and rows are kept: the projects' and the registry's stamps
#: make a change show at once; this bounds what they do not see (a renamed department).
LIST_CACHE_TTL = 300


def _visible_project(request: HttpRequest, pk: int) -> Project:
    """The project if the viewer may see it; a hidden one answers 404 like a missing one."""
    project = selectors.visible_project(viewer=request.user, pk=pk)
    if project is None:
        raise Http404
    return project


def _editable_project(request: HttpRequest, pk: int, perm: str) -> Project:
    project = _visible_project(request, pk)
    if not rules.has_perm(perm, request.user, project):
        raise Http404  # out of the user's scope looks exactly like a missing page
    return project


# --- public pages ---------------------------------------------------------------------------


@vary_on_headers("HX-Request")  # the same URL answers the page or, for htmx, its results partial
def project_list(request: HtmxHttpRequest) -> HttpResponse:
    """The filters and the list differ only between those who see internal projects and
    everyone else, so the template keeps both (Django's ``{% cache %}``) under that audience,
    the address and the projects' and the registry's stamps (the filters' themes and cycles);
    the form and the page are built lazily, only when a block is rendered anew. A renamed
    department, which no stamp sees, shows within ``LIST_CACHE_TTL`` seconds."""

    def listing() -> tuple[ProjectFilterForm, Any]:
        form = ProjectFilterForm(request.GET or None, choices=selectors.project_filter_choices())
        projects = selectors.project_list(viewer=request.user, filters=selectors.ProjectFilters(**form.valid_values()))
        return form, Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))

    audience = bool(can_manage_projects(request.user))
    context = {
        **built_lazily(listing, "form", "page_obj"),
        **kept_list(
            "projects-list", audience, request.path, request.GET.urlencode(), ttl=LIST_CACHE_TTL, stamps=[projects_stamp, registry_stamp]
        ),
        "status_tones": PROJECT_STATUS_TONES,
    }
    template = "projects/project_list.html#results" if request.htmx else "projects/project_list.html"
    return render(request, template, context)


#: How long a visitor's project page is kept at most: what no stamp sees (an event that has
#: started, a renamed department) shows within it.
PROJECT_PAGE_TTL = 60


def _project_page_stamps() -> list[Callable[[], Any]]:
    """What a visitor's project page is made of: the project, its links, attachments, posts
    and the recommendations it answers (the projects' stamp; its services move the
    project's change time), those recommendations' titles and statuses (the registry's),
    how its team and authors are named (the people's) and the sections other apps add."""
    return [projects_stamp, registry_stamp, people_stamp, partial(sections_stamp, "project_page_sections")]


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A project's page. Every visitor sees the same public project, so what the page shows
    is kept (``cairn.core.stamps.for_visitors``) per language and project under the stamps of all
    it shows — None for a project a visitor may not see: 404 — and rendered from the kept
    values. Everyone signed in gets it built for them (their follow button, the team's
    and the coordination team's actions)."""
    page = for_visitors(
        request,
        "project-page",
        pk,
        ttl=PROJECT_PAGE_TTL,
        stamps=_project_page_stamps(),
        compute=partial(selectors.project_page, viewer=request.user, pk=pk),
    )
    if page is None:
        raise Http404
    return render(
        request,
        "projects/project_detail.html",
        {
            "page": page,
            "project": page.project,
            "status_tones": PROJECT_STATUS_TONES,
            "can_edit": rules.has_perm("projects.edit_project", request.user, page.project),
            "can_post": rules.has_perm("projects.post_update", request.user, page.project),
        },
    )


@personal
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """Attachments are never in a public folder: each download checks the project's rule."""
    project = _visible_project(request, pk)
    attachment = get_object_or_404(ProjectAttachment, pk=attachment_pk, project=project)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.name, content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def still_to_carry_out(request: HttpRequest) -> HttpResponse:
    """Every group's count and first recommendations, or one group (``?carried=``) in
    full, 50 a page. What it shows depends on the viewer only through what they may see
    (the internal recommendations and projects), so the template keeps it (Django's
    ``{% cache %}``) per audience and address (its language prefix too) under the registry's and the
    projects' stamps; the counts and rows are read lazily, only when it is rendered anew."""
    form = CarriedFilterForm(request.GET or None)
    chosen = form.chosen()
    labels = selectors.carried_labels()

    def listing() -> dict[str, Any]:
        shown: dict[str, Any] = {}
        if chosen:
            counts = selectors.still_to_carry_out_counts(viewer=request.user)
            rows = selectors.still_carried_by(viewer=request.user, key=chosen)
            paginator = KnownCountPaginator(rows, selectors.CARRIED_PAGE_SIZE, count=counts[chosen])
            shown["page_obj"] = paginator.get_page(request.GET.get("page"))
        else:
            shown["groups"] = selectors.still_to_carry_out(viewer=request.user)
            counts = {group.key: group.count for group in shown["groups"]}
        shown["tabs"] = [(key, label, counts[key]) for key, label in labels.items()]
        shown["total"] = sum(counts.values())
        return shown

    audience = (registry_audience(request.user), bool(can_manage_projects(request.user)))
    context: dict[str, Any] = {
        "form": form,
        "chosen": chosen,
        "chosen_label": labels.get(chosen, ""),
        "preview": selectors.CARRIED_PREVIEW,
        "listing": SimpleLazyObject(listing),
        **kept_list(
            "still-to-carry-out",
            *audience,
            request.path,
            request.GET.urlencode(),
            ttl=selectors.STILL_TO_CARRY_OUT_TTL,
            stamps=[registry_stamp, projects_stamp],
        ),
    }
    return render(request, "projects/still_to_carry_out.html", context)


@member_permission_required("projects.view_our_recommendations")
def our_recommendations(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What became of the recommendations of the working groups the member took part in."""
    recommendations = selectors.our_recommendations(user=request.user)
    return render(request, "projects/our_recommendations.html", {"recommendations": recommendations})


# --- staff and coordinators -------------------------------------------------------------------


@login_required
@permission_required("projects.manage_projects", raise_exception=True)
def project_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            project = services.project_create(
                actor=request.user, team=form.cleaned_data["team"], links=form.cleaned_data["links_text"], **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Le projet « %(title)s » est créé.") % {"title": project.title})
            return redirect("projects:detail", pk=project.pk)
    return form_page(request, "projects/project_form.html", {"form": form})


@login_required
def project_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = _editable_project(request, pk, "projects.edit_project")
    was_finished = project.status in FINISHED_STATUSES
    form = ProjectForm(
        request.POST or None, instance=project, full=bool(rules.has_perm("projects.manage_projects", request.user)), viewer=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_update(
                actor=request.user,
                project=project,
                team=form.cleaned_data["team"],
                links=form.cleaned_data["links_text"],
                expected_updated_at=form.cleaned_data["version"],
                **form.service_data(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Le projet est enregistré."))
            return _after_change(request, project, was_finished)
    return form_page(request, "projects/project_form.html", {"form": form, "project": project})


def _after_change(request: HttpRequest, project: Project, was_finished: bool) -> HttpResponse:
    """A project just marked done or stopped: offer (never force) the coordination team to
    assess the recommendations it answers."""
    if (
        not was_finished
        and project.status in FINISHED_STATUSES
        and rules.has_perm("recommendations.publish_assessment", request.user)
        and project.answers.exists()
    ):
        return redirect("projects:assess", pk=project.pk)
    return redirect("projects:detail", pk=project.pk)


@login_required
@permission_required("projects.manage_projects", raise_exception=True)
def project_recommendations(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Link the project to the recommendations it answers (fully or partly), or unlink one."""
    project = _visible_project(request, pk)
    form = LinkRecommendationForm(request.POST or None)
    if request.method == "POST" and request.POST.get("unlink"):
        recommendation = get_object_or_404(Recommendation, pk=request.POST["unlink"])
        services.project_unlink_recommendation(actor=request.user, project=project, recommendation=recommendation)
        messages.success(request, _("%(reference)s n’est plus liée à ce projet.") % {"reference": recommendation.reference})
        return redirect("projects:recommendations", pk=project.pk)
    if request.method == "POST" and form.is_valid():
        recommendation = form.cleaned_data["reference"]
        try:
            services.project_link_recommendation(
                actor=request.user,
                project=project,
                recommendation=recommendation,
                answer=form.cleaned_data["answer"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(reference)s est liée à ce projet.") % {"reference": recommendation.reference})
            return redirect("projects:recommendations", pk=project.pk)
    answers = selectors.recommendations_answered(project=project, viewer=request.user)
    return form_page(
        request,
        "projects/project_recommendations.html",
        {"project": project, "form": form, "answers": answers, "status_tones": STATUS_TONES},
    )


@login_required
def project_attachments(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = _editable_project(request, pk, "projects.edit_project")
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and request.POST.get("remove"):
        attachment = get_object_or_404(ProjectAttachment, pk=request.POST["remove"], project=project)
        services.attachment_remove(actor=request.user, attachment=attachment)
        messages.success(request, _("La pièce jointe « %(name)s » est retirée.") % {"name": attachment.name})
        return redirect("projects:attachments", pk=project.pk)
    if request.method == "POST" and form.is_valid():
        try:
            attachment = services.attachment_add(actor=request.user, project=project, upload=form.cleaned_data["file"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("La pièce jointe « %(name)s » est ajoutée.") % {"name": attachment.name})
            return redirect("projects:attachments", pk=project.pk)
    return form_page(
        request, "projects/project_attachments.html", {"project": project, "form": form, "attachments": project.attachments.all()}
    )


@login_required
def post_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Post a dated update; the e-mail of an update request links here (``?demande=``)."""
    project = _editable_project(request, pk, "projects.post_update")
    update_request = None
    if (request_id := UpdateRequestLinkForm(request.GET).request_id()) is not None:
        update_request = UpdateRequest.objects.pending().filter(pk=request_id, project=project).first()
    form = ProjectUpdateForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        was_finished = project.status in FINISHED_STATUSES
        try:
            services.project_post_update(
                actor=request.user,
                project=project,
                posted_on=form.cleaned_data["posted_on"],
                text=form.cleaned_data["text"],
                progress=form.cleaned_data["progress"],
                status=form.cleaned_data["status"],
                stop_reason=form.cleaned_data["stop_reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("L’actualité est publiée sur la page du projet."))
            project.refresh_from_db()
            return _after_change(request, project, was_finished)
    return form_page(
        request,
        "projects/post_update.html",
        {"project": project, "form": form, "update_request": update_request, "status_tones": PROJECT_STATUS_TONES},
    )


@login_required
@permission_required("recommendations.publish_assessment", raise_exception=True)
def project_assess(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The offer after a project is done or stopped: each recommendation it answers, with
    a link to a status assessment prefilled with the project as evidence. Nothing is forced."""
    project = _visible_project(request, pk)
    answers = selectors.recommendations_answered(project=project, viewer=request.user)
    return render(request, "projects/project_assess.html", {"project": project, "answers": answers, "status_tones": STATUS_TONES})


def _prefilled_assessment(project: Project, answer: str) -> dict[str, Any]:
    if project.status == ProjectStatus.DONE:
        status = Status.DONE if answer == Answer.FULLY else Status.IN_PROGRESS
        comment = _("Le projet « %(title)s » est terminé.") % {"title": project.title}
    elif project.status == ProjectStatus.STOPPED:
        status = Status.NOT_DONE
        comment = _("Le projet « %(title)s » a été arrêté : %(reason)s") % {"title": project.title, "reason": project.stop_reason}
    else:
        status, comment = Status.IN_PROGRESS, _("Le projet « %(title)s » est en cours.") % {"title": project.title}
    return {
        "status": status,
        "effective_date": timezone.localdate(),
        "source": (_("Projet : %(title)s") % {"title": project.title})[:300],
        "interviewee_department": project.department,
        "public_comment": comment,
    }


@login_required
@permission_required("recommendations.publish_assessment", raise_exception=True)
def project_assess_recommendation(request: AuthenticatedHttpRequest, pk: int, recommendation_pk: int) -> HttpResponse:
    """The recommendations app's assessment form, prefilled from the project; published
    through the registry's own service."""
    project = _visible_project(request, pk)
    answered = selectors.answered_recommendation(viewer=request.user, project=project, recommendation_id=recommendation_pk)
    if answered is None:
        raise Http404
    link, recommendation = answered
    form = AssessmentForm(request.POST or None, initial=_prefilled_assessment(project, link.answer))
    if request.method == "POST" and form.is_valid() and publish_from_form(request, form, recommendation):
        return redirect("projects:assess", pk=project.pk)
    return form_page(
        request,
        "projects/project_assess_recommendation.html",
        {"project": project, "recommendation": recommendation, "form": form, "status_tones": STATUS_TONES},
    )


@login_required
@permission_required("projects.request_update", raise_exception=True)
def request_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = _visible_project(request, pk)
    recipient = services.update_request_recipient(project)
    form = UpdateRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_request_send(actor=request.user, project=project, message=form.cleaned_data["message"], recipient=recipient)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("La demande d’actualité est envoyée."))
            return redirect("projects:requests")
    return form_page(request, "projects/request_update.html", {"project": project, "form": form, "recipient": recipient})


@login_required
@permission_required("projects.request_update", raise_exception=True)
def update_requests(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.pending_update_requests(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "projects/update_requests.html", {"page_obj": page})
