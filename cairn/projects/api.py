"""The projects' endpoints (``/api/v1/projects/…``): what followed from the
recommendations, read as the project pages read them (``project_list``,
``project_page``; docs/api.md)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field

from cairn.core.api import ObjectId, Paging, api_viewer, conditional, iso, page_url, paginate, parse_query, refuse_unknown_parameters
from cairn.core.translation import text_in, translated_languages
from cairn.projects.forms import ProjectFilterForm
from cairn.projects.models import Project
from cairn.projects.selectors import ProjectFilters, project_filter_choices, project_list, project_page
from cairn.projects.stamps import projects_stamp
from cairn.recommendations.selectors.registry import registry_stamp

router = Router()


class ProjectOut(Schema):
    id: int
    title: str
    summary: str
    text_languages: dict[str, str] = Field(
        description="La langue de chaque texte traduisible : celle de l’appelant, ou fr tant qu’il n’est pas traduit."
    )
    kind: str
    status: str
    progress: int
    starts_on: str | None
    ends_on: str | None
    department: int | None
    internal: bool
    updated_at: str
    url: str


class ProjectPage(Schema):
    items: list[ProjectOut]
    next: str | None


class AnswerOut(Schema):
    recommendation: int
    reference: str
    answer: str
    note: str


class UpdateOut(Schema):
    posted_on: str
    text: str
    progress: int | None
    status: str


class ProjectDetail(ProjectOut):
    text: str
    stop_reason: str
    answers: list[AnswerOut]
    updates: list[UpdateOut]


class ProjectQuery(Schema):
    kind: str | None = Field(None, description="Nature du projet.")
    status: str | None = Field(None, description="État du projet.")
    department: str | None = Field(None, description="Id d’une direction.")
    category: str | None = Field(None, description="Id d’une grande thématique des recommandations auxquelles il répond.")
    cycle: str | None = Field(None, description="Id du cycle des recommandations auxquelles il répond.")


class _ProjectFilterForm(ProjectFilterForm):
    def __init__(self, data: Any) -> None:
        super().__init__(data, choices=project_filter_choices())


def _project(request: HttpRequest, project: Project) -> dict[str, Any]:
    return {
        "id": project.pk,
        "title": text_in(project, "title"),
        "summary": text_in(project, "summary"),
        "text_languages": translated_languages(project),
        "kind": project.kind,
        "status": project.status,
        "progress": project.progress,
        "starts_on": iso(project.starts_on),
        "ends_on": iso(project.ends_on),
        "department": project.department_id,
        "internal": project.is_internal,
        "updated_at": iso(project.updated_at),
        "url": page_url(request, reverse("projects:detail", args=[project.pk])),
    }


@router.get("/", response=ProjectPage, summary="Projets")
def projects(request: HttpRequest, filters: Query[ProjectQuery], paging: Query[Paging]) -> dict[str, Any]:
    """The projects the caller may see, with the project list's filters."""
    # The filters by broad theme and cycle read the registry. Before the filters are checked,
    # which reads their choices: a kept answer was made from valid ones.
    conditional(request, stamps=[projects_stamp, registry_stamp])
    form = parse_query(request, _ProjectFilterForm)
    values = {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}
    queryset = project_list(viewer=api_viewer(request), filters=ProjectFilters(**values))
    return paginate(request, queryset, serialise=lambda rows: [_project(request, p) for p in rows])


@router.get("/{project_id}", response=ProjectDetail, summary="Un projet")
def project(request: HttpRequest, project_id: ObjectId) -> dict[str, Any]:
    """A project with the recommendations it answers (those the caller may see) and its updates."""
    refuse_unknown_parameters(request)
    page = project_page(viewer=api_viewer(request), pk=project_id)
    if page is None:
        raise Http404
    return {
        **_project(request, page.project),
        "text": page.project.text,
        "stop_reason": page.project.stop_reason,
        "answers": [
            {"recommendation": a.recommendation_id, "reference": a.recommendation.reference, "answer": a.answer, "note": a.note}
            for a in page.answers
        ],
        "updates": [{"posted_on": iso(u.posted_on), "text": u.text, "progress": u.progress, "status": u.status} for u in page.updates],
    }
