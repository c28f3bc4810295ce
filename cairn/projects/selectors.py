"""Named reads of projects: composed queries shared by pages, the recommendation page's
section and the notifications; each owns its joins, so every page has a constant number
of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Prefetch, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.translation import get_language

from cairn.accounts.models import User
from cairn.core.sections import ShownSection, shown_sections
from cairn.core.stamps import cached
from cairn.projects.models import (
    Project,
    ProjectAttachment,
    ProjectKind,
    ProjectQuerySet,
    ProjectRecommendation,
    ProjectStatus,
    ProjectUpdate,
    UpdateRequest,
)
from cairn.recommendations.models import CHRONOLOGICAL_ORDER, Recommendation, RecommendationQuerySet, Status


@dataclass(frozen=True)
class ProjectFilters:
    kind: str = ""
    status: str = ""
    department: int | None = None
    category: int | None = None
    cycle: int | None = None


def _answers_with(**conditions: Any) -> Exists:
    return Exists(ProjectRecommendation.objects.filter(project=OuterRef("pk"), **conditions))


def project_list(*, viewer: User | AnonymousUser, filters: ProjectFilters) -> ProjectQuerySet:
    """The projects the viewer may see, filtered, with what the list shows joined: the
    department, the coordinator's profile, and how many recommendations each answers."""
    projects = Project.objects.visible_to(viewer)
    if filters.kind:
        projects = projects.filter(kind=filters.kind)
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.department:
        projects = projects.filter(department_id=filters.department)
    if filters.category:
        projects = projects.filter(_answers_with(recommendation__theme__category_id=filters.category))
    if filters.cycle:
        projects = projects.filter(_answers_with(recommendation__cycle_id=filters.cycle))
    return projects.select_related("department").annotate(answer_count=Count("answers", distinct=True)).order_by("-updated_at", "-pk")


@dataclass
class ProjectPage:
    project: Project
    answers: list[ProjectRecommendation]
    updates: list[ProjectUpdate]
    pending_requests: list[UpdateRequest]
    sections: list[ShownSection]


def project_page(*, viewer: User | AnonymousUser, pk: int) -> ProjectPage | None:
    """Everything the project page shows, or None when the viewer may not see it.

    Queries: the project with department and coordinator's profile (1); its team with
    their profiles (2); its links (3); its attachments (4); its timeline with authors'
    profiles (5); the recommendations it answers that the viewer may see, with their
    current status (6); for staff, its pending update requests (7); then the queries of the
    sections later apps registered under the ``project_page_sections`` hook (its stories, its
    events; cairn/core/sections.py): ``load(project, viewer)``."""
    from cairn.projects.rules import can_manage_projects

    visible_recommendations = Recommendation.objects.visible_to(viewer).with_status().select_related("cycle", "theme")
    project = (
        Project.objects.visible_to(viewer)
        .select_related("department", "coordinator__profile")
        .prefetch_related(
            Prefetch("team", queryset=User.objects.select_related("profile").order_by("pk")),
            "links",
            "attachments",
            Prefetch("updates", queryset=ProjectUpdate.objects.select_related("author__profile"), to_attr="timeline"),
            Prefetch(
                "answers",
                queryset=ProjectRecommendation.objects.filter(recommendation__in=Recommendation.objects.visible_to(viewer))
                .prefetch_related(Prefetch("recommendation", queryset=visible_recommendations))
                .order_by("recommendation__reference"),
                to_attr="visible_answers",
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if project is None:
        return None
    pending: list[UpdateRequest] = []
    if can_manage_projects(viewer):
        pending = list(project.update_requests.pending().select_related("recipient__profile"))
    return ProjectPage(
        project=project,
        answers=project.visible_answers,  # type: ignore[attr-defined]
        updates=project.timeline,  # type: ignore[attr-defined]
        pending_requests=pending,
        sections=shown_sections("project_page_sections", project, viewer),
    )


def followed_from_section(recommendation: Recommendation, viewer: User | AnonymousUser) -> list[ProjectRecommendation]:
    """The projects that followed from a recommendation (its page's section): one query."""
    return list(
        ProjectRecommendation.objects.filter(recommendation=recommendation, project__in=Project.objects.visible_to(viewer))
        .select_related("project")
        .order_by("project__title", "pk")
    )


def pending_update_requests() -> QuerySet[UpdateRequest]:
    """The requests still waiting for an answer, oldest first, for the coordination team."""
    return (
        UpdateRequest.objects.pending()
        .select_related("project", "recipient__profile", "requested_by__profile")
        .order_by("created_at", "pk")
    )


# --- "Still to carry out" -------------------------------------------------------------------

CARRIED_BY_PRIORITY = "priority"
CARRIED_BY_DEPARTMENT = "department"
CARRIED_BY_EXPERIMENT = "experiment"
CARRIED_BY_NOTHING = "nothing"
#: Statuses of what is still to carry out (DESIGN.md §4).
STILL_TO_DO = (Status.IN_PROGRESS, Status.NOT_DONE)


#: How many recommendations of each group the overview shows; the rest are a link away.
CARRIED_PREVIEW = 10
CARRIED_PAGE_SIZE = 50


def carried_labels() -> dict[str, Any]:
    """Each group's heading, in the order the page shows them."""
    from django.utils.translation import gettext_lazy as _

    return {
        CARRIED_BY_PRIORITY: _("Portées par un projet prioritaire"),
        CARRIED_BY_DEPARTMENT: _("Portées par une direction"),
        CARRIED_BY_EXPERIMENT: _("Portées par une expérimentation"),
        CARRIED_BY_NOTHING: _("Rien ne les porte encore"),
    }


@dataclass
class CarriedGroup:
    key: str
    label: Any
    count: int
    #: The group's first ``CARRIED_PREVIEW`` recommendations (the overview).
    recommendations: list[Recommendation]


def _still_to_do(viewer: User | AnonymousUser) -> tuple[RecommendationQuerySet, QuerySet[Project]]:
    """The recommendations in progress or not done, each with ``carried_by``: a priority
    project, a department (its own work or a department-work project), a member experiment
    (or a hackathon's outcome), or nothing yet — the first that applies, in that order,
    computed in SQL. Also the live projects the viewer may see (the carriers)."""
    live = Project.objects.visible_to(viewer).exclude(status=ProjectStatus.STOPPED)

    def carried(*kinds: str) -> Exists:
        return Exists(ProjectRecommendation.objects.filter(recommendation=OuterRef("pk"), project__in=live.filter(kind__in=kinds)))

    departments = Recommendation.departments.through.objects.filter(recommendation=OuterRef("pk"))
    rows = (
        Recommendation.objects.visible_to(viewer)
        .with_status()
        .filter(status__in=[s.value for s in STILL_TO_DO])  # type: ignore[misc]  # an annotation
        .annotate(
            carried_by=Case(
                When(carried(ProjectKind.PRIORITY), then=Value(CARRIED_BY_PRIORITY)),
                When(carried(ProjectKind.DEPARTMENT) | Exists(departments), then=Value(CARRIED_BY_DEPARTMENT)),
                When(carried(ProjectKind.EXPERIMENT, ProjectKind.HACKATHON), then=Value(CARRIED_BY_EXPERIMENT)),
                default=Value(CARRIED_BY_NOTHING),
                output_field=CharField(),
            )
        )
    )
    return rows, live


def _with_carriers(rows: RecommendationQuerySet, live: QuerySet[Project]) -> RecommendationQuerySet:
    return rows.select_related("cycle", "theme").prefetch_related(
        Prefetch(
            "project_answers",
            queryset=ProjectRecommendation.objects.filter(project__in=live).select_related("project").order_by("project__title"),
            to_attr="carrying",
        )
    )


#: How long the overview of what is still to carry out is kept; the registry's and the
#: projects' stamps make any change show at once.
STILL_TO_CARRY_OUT_TTL = 600


def still_to_carry_out(*, viewer: User | AnonymousUser) -> list[CarriedGroup]:
    """The overview: every group with its count and its first ``CARRIED_PREVIEW``
    recommendations in chronological order (DESIGN.md §4).

    It reads every recommendation still to do (two queries of 10–30 ms at 2,700
    recommendations) and depends on the viewer only through what they may see — the
    internal recommendations and projects, which the coordination team sees — so it is
    kept per audience and language under the registry's and the projects' stamps
    (``cairn.core.stamps``). Queries when it is built, whatever the volume: the count of
    each group (1, grouped); the first of each group (1, a window function numbering the
    rows of each group); the projects that carry them (1 prefetch)."""
    from cairn.projects.rules import can_manage_projects
    from cairn.projects.stamps import projects_stamp
    from cairn.recommendations.rules import registry_audience
    from cairn.recommendations.selectors.registry import registry_stamp

    audience = (registry_audience(viewer), bool(can_manage_projects(viewer)))
    return cached(
        "still-to-carry-out",
        *audience,
        get_language(),
        stamps=[registry_stamp, projects_stamp],
        ttl=STILL_TO_CARRY_OUT_TTL,
        compute=lambda: _overview(viewer),
    )


def _overview(viewer: User | AnonymousUser) -> list[CarriedGroup]:
    rows, live = _still_to_do(viewer)
    counts = _counts(rows)
    numbered = rows.annotate(
        row=Window(
            RowNumber(),
            partition_by=[F("carried_by")],
            order_by=[F(field) for field in CHRONOLOGICAL_ORDER],
        )
    ).filter(row__lte=CARRIED_PREVIEW)
    first: dict[str, list[Recommendation]] = {key: [] for key in carried_labels()}
    for rec in _with_carriers(numbered, live).in_chronological_order():
        first[rec.carried_by].append(rec)  # type: ignore[attr-defined]
    return [CarriedGroup(key, label, counts[key], first[key]) for key, label in carried_labels().items()]


def still_to_carry_out_counts(*, viewer: User | AnonymousUser) -> dict[str, int]:
    """Each group's count, every key included (one grouped query)."""
    return _counts(_still_to_do(viewer)[0])


def _counts(rows: RecommendationQuerySet) -> dict[str, int]:
    counts = dict(rows.order_by().values_list("carried_by").annotate(n=Count("pk")))  # type: ignore[misc]  # an annotation
    return {key: counts.get(key, 0) for key in carried_labels()}


def still_carried_by(*, viewer: User | AnonymousUser, key: str) -> RecommendationQuerySet:
    """One group's recommendations in chronological order, with the projects that carry
    them (to paginate: the page, then one prefetch)."""
    rows, live = _still_to_do(viewer)
    return _with_carriers(rows.filter(carried_by=key), live).in_chronological_order()  # type: ignore[misc]  # an annotation


def recommendations_answered(*, project: Project, viewer: User | AnonymousUser) -> list[ProjectRecommendation]:
    """A project's links with their recommendation and its current status (for the
    assessment offer after a project is finished)."""
    return list(
        ProjectRecommendation.objects.filter(project=project, recommendation__in=Recommendation.objects.visible_to(viewer))
        .prefetch_related(Prefetch("recommendation", queryset=Recommendation.objects.with_status().select_related("cycle")))
        .order_by("recommendation__reference")
    )


def project_filter_choices() -> dict[str, Any]:
    """Options of the project list's filters."""
    from cairn.accounts.models import Department
    from cairn.recommendations.models import Cycle, ThemeCategory

    return {
        "departments": list(Department.objects.order_by("name_fr")),
        "categories": list(ThemeCategory.objects.order_by("position", "name_fr")),
        "cycles": list(Cycle.objects.public().order_by("starts_on")),
    }


# --- "Our recommendations" ---------------------------------------------------------------


def our_recommendations(*, user: User | AnonymousUser) -> list[Recommendation]:
    """Every recommendation of the working groups the member took part in (as a facilitator,
    secretary or participant with their account), across the years, with its current status,
    the evidence behind it and the projects that followed.

    Queries: the recommendations with status, cycle and theme (1); their groups the member
    was in (2); their published assessments, newest first (3); the projects (4)."""
    from cairn.recommendations.models import Assessment, GroupPerson, WorkingGroup

    if not getattr(user, "is_authenticated", False):
        return []
    my_groups = GroupPerson.objects.filter(user_id=cast("int", user.pk)).values("group_id")
    return list(
        Recommendation.objects.visible_to(user)
        .filter(Exists(Recommendation.groups.through.objects.filter(recommendation=OuterRef("pk"), workinggroup_id__in=my_groups)))
        .with_status()
        .select_related("cycle", "theme")
        .prefetch_related(
            Prefetch("groups", queryset=WorkingGroup.objects.filter(pk__in=my_groups).order_by("name"), to_attr="my_groups"),
            Prefetch(
                "assessments",
                queryset=Assessment.objects.published()
                .select_related("interviewee_department")
                .order_by("-effective_date", "-published_at", "-pk"),
                to_attr="published_assessments",
            ),
            Prefetch(
                "project_answers",
                queryset=ProjectRecommendation.objects.filter(project__in=Project.objects.visible_to(user))
                .select_related("project")
                .order_by("project__title"),
                to_attr="follow_ups",
            ),
        )
        .order_by("-cycle__starts_on", "theme__title", "position", "pk")
    )


def visible_project(*, viewer: User | AnonymousUser, pk: int) -> Project | None:
    """The project if ``viewer`` may see it (with its department and coordinator), else None:
    a hidden project answers 404 like a missing one."""
    return Project.objects.visible_to(viewer).select_related("department", "coordinator").filter(pk=pk).first()


def answered_recommendation(*, viewer: User | AnonymousUser, project: Project, recommendation_id: int) -> tuple[Any, Recommendation] | None:
    """The link of ``project`` to a recommendation ``viewer`` may see, and that
    recommendation with its cycle, theme and status; None when there is no such link."""
    link = (
        project.answers.filter(recommendation__in=Recommendation.objects.visible_to(viewer), recommendation_id=recommendation_id)
        .select_related("recommendation")
        .first()
    )
    if link is None:
        return None
    return link, Recommendation.objects.with_status().select_related("cycle", "theme").get(pk=link.recommendation_id)


def personal_data(*, user: Any) -> dict[str, Any]:
    """A member's part of projects in their data export: the projects they coordinate or
    are in the team of, the updates they wrote, the files they attached, and the requests
    for news they received or sent."""

    def project_row(project: Project) -> dict[str, Any]:
        return {"id": project.pk, "title": project.title, "status": project.status}

    def request_row(request: UpdateRequest) -> dict[str, Any]:
        return {
            "id": request.pk,
            "project_id": request.project_id,
            "message": request.message,
            "at": request.created_at.isoformat(),
            "answered_at": request.answered_at.isoformat() if request.answered_at else None,
        }

    requests = UpdateRequest.objects.order_by("created_at", "pk")
    return {
        "coordinated": [project_row(p) for p in Project.objects.filter(coordinator=user).order_by("pk")],
        "teams": [project_row(p) for p in Project.objects.filter(team=user).order_by("pk")],
        "updates": [
            {"id": u.pk, "project_id": u.project_id, "posted_on": u.posted_on.isoformat(), "text": u.text}
            for u in ProjectUpdate.objects.filter(author=user).order_by("posted_on", "pk")
        ],
        "attachments": [
            {"id": a.pk, "project_id": a.project_id, "name": a.name, "at": a.created_at.isoformat()}
            for a in ProjectAttachment.objects.filter(uploaded_by=user).order_by("created_at", "pk")
        ],
        "update_requests_received": [request_row(r) for r in requests.filter(recipient=user)],
        "update_requests_sent": [request_row(r) for r in requests.filter(requested_by=user)],
    }
