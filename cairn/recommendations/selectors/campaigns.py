"""Reads of the assessment campaigns: progress, to-do lists, proposals awaiting review, who may be assigned."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import get_language

from cairn.accounts.models import Role, User
from cairn.recommendations.models import Assessment, Campaign, CampaignAssignment, Recommendation, Status

#: Where a recommendation stands within a campaign, in the order a to-do list shows them.
TO_DO, RETURNED, AWAITING_REVIEW, ASSESSED = "to_do", "returned", "awaiting_review", "assessed"


def _campaign_conditions(campaign_ref: Any, recommendation_ref: Any) -> dict[str, Exists]:
    """The three facts that place an assigned recommendation in its campaign, as SQL."""
    in_campaign = Assessment.objects.filter(campaign=campaign_ref, recommendation=recommendation_ref)
    return {
        "published": Exists(in_campaign.published()),
        "awaiting": Exists(in_campaign.awaiting_review()),
        "returned": Exists(in_campaign.proposals().filter(returned_at__isnull=False)),
    }


def _progress_counts(campaign_ref: Any, recommendation_ref: Any) -> dict[str, Count]:
    """``total``, ``assessed`` (a published assessment in the campaign), ``awaiting`` (a
    proposal waiting for review), ``returned`` (sent back to its author) and ``to_do``."""
    c = _campaign_conditions(campaign_ref, recommendation_ref)
    return {
        "total": Count("pk", distinct=True),
        "assessed": Count("pk", filter=Q(c["published"]), distinct=True),
        "awaiting": Count("pk", filter=Q(c["awaiting"]) & ~Q(c["published"]), distinct=True),
        "returned": Count("pk", filter=Q(c["returned"]) & ~Q(c["published"]) & ~Q(c["awaiting"]), distinct=True),
        "to_do": Count("pk", filter=~Q(c["published"]) & ~Q(c["awaiting"]) & ~Q(c["returned"]), distinct=True),
    }


@dataclass
class ProgressRow:
    label: str
    total: int = 0
    assessed: int = 0
    awaiting: int = 0
    returned: int = 0
    to_do: int = 0
    key: Any = None

    @property
    def percent_assessed(self) -> int:
        return round(100 * self.assessed / self.total) if self.total else 0


@dataclass
class CampaignProgress:
    overall: ProgressRow
    by_assignee: list[ProgressRow] = field(default_factory=list)
    by_department: list[ProgressRow] = field(default_factory=list)


COUNT_NAMES = ("total", "assessed", "awaiting", "returned", "to_do")


def campaign_progress(*, campaign: Campaign, no_department_label: str = "") -> CampaignProgress:
    """Assessed / awaiting review / sent back / to do among the campaign's assigned
    recommendations, overall, per assignee and per department: two queries, grouped in SQL.

    A recommendation under two departments counts in both department rows (and once in the
    overall row); one without a department is counted under ``no_department_label``.
    """
    counts = _progress_counts(OuterRef("campaign"), OuterRef("recommendation"))
    assignments = CampaignAssignment.objects.filter(campaign=campaign)
    per_assignee = (
        assignments.values("assignee", "assignee__email", "assignee__profile__display_name")
        .annotate(**counts)
        .order_by("assignee__profile__display_name", "assignee__email")
    )
    language = (get_language() or "fr")[:2]
    name_field = f"recommendation__departments__name_{language}" if language in ("nl", "en") else "recommendation__departments__name_fr"
    per_department = (
        assignments.values("recommendation__departments", "recommendation__departments__name_fr", name_field)
        .annotate(**counts)
        .order_by("recommendation__departments__name_fr")
    )
    assignee_rows = cast("list[dict[str, Any]]", list(per_assignee))
    department_rows = cast("list[dict[str, Any]]", list(per_department))
    by_assignee = [
        ProgressRow(
            label=row["assignee__profile__display_name"] or row["assignee__email"],
            key=row["assignee"],
            **{name: row[name] for name in COUNT_NAMES},
        )
        for row in assignee_rows
    ]
    by_department = [
        ProgressRow(
            label=(row[name_field] or row["recommendation__departments__name_fr"])
            if row["recommendation__departments"]
            else no_department_label,
            key=row["recommendation__departments"],
            **{name: row[name] for name in COUNT_NAMES},
        )
        for row in department_rows
    ]
    # Each recommendation has exactly one assignment per campaign, so the assignee rows
    # partition the campaign: their sums are the overall figures.
    overall = ProgressRow(label="", **{name: sum(getattr(r, name) for r in by_assignee) for name in COUNT_NAMES})
    return CampaignProgress(overall=overall, by_assignee=by_assignee, by_department=by_department)


def campaigns_overview() -> QuerySet[Campaign]:
    """Every campaign with its figures (assigned, assessed, awaiting review), one query."""

    def count_of(queryset: QuerySet) -> Coalesce:
        return Coalesce(
            Subquery(queryset.order_by().values("campaign").annotate(n=Count("recommendation", distinct=True)).values("n")[:1]),
            Value(0),
            output_field=IntegerField(),
        )

    return Campaign.objects.select_related("opened_by__profile").annotate(
        assigned_count=count_of(CampaignAssignment.objects.filter(campaign=OuterRef("pk"))),
        assessed_count=count_of(Assessment.objects.published().filter(campaign=OuterRef("pk"))),
        awaiting_count=count_of(Assessment.objects.awaiting_review().filter(campaign=OuterRef("pk"))),
    )


def _with_campaign_state(assignments: QuerySet[CampaignAssignment]) -> QuerySet[CampaignAssignment]:
    c = _campaign_conditions(OuterRef("campaign"), OuterRef("recommendation"))
    proposal = Assessment.objects.proposals().filter(campaign=OuterRef("campaign"), recommendation=OuterRef("recommendation"))
    return assignments.annotate(
        is_assessed=c["published"],
        is_awaiting=c["awaiting"],
        is_returned=c["returned"],
        proposal_id=Subquery(proposal.order_by("-pk").values("pk")[:1]),
    )


def campaign_state_of(assignment: Any) -> str:
    """TO_DO, RETURNED, AWAITING_REVIEW or ASSESSED for an assignment annotated by
    ``_with_campaign_state``."""
    if assignment.is_assessed:
        return ASSESSED
    if assignment.is_awaiting:
        return AWAITING_REVIEW
    if assignment.is_returned:
        return RETURNED
    return TO_DO


def assignee_todo(*, user: User | AnonymousUser) -> list[CampaignAssignment]:
    """What is on ``user``'s list in open campaigns (``CampaignAssignment.objects.to_do_of``),
    each with ``campaign_state`` set; what still needs them first (to do, sent back), then
    what waits for review, then what is published. One query."""
    assignments = _with_campaign_state(
        CampaignAssignment.objects.in_open_campaigns()
        .to_do_of(user)
        .select_related("campaign", "recommendation__theme", "recommendation__cycle", "assignee__profile")
    ).order_by("campaign__created_at", "recommendation__cycle__starts_on", "recommendation__theme__title", "recommendation__position", "pk")
    order = {TO_DO: 0, RETURNED: 0, AWAITING_REVIEW: 1, ASSESSED: 2}
    items = list(assignments)
    for item in items:
        item.campaign_state = campaign_state_of(item)  # type: ignore[attr-defined]
    return sorted(items, key=lambda item: order[item.campaign_state])  # type: ignore[attr-defined]


def assignment_for_proposal(*, user: User | AnonymousUser, campaign_id: int, recommendation_id: int) -> CampaignAssignment | None:
    """The assignment behind the proposal page, if ``user`` may propose for it; with the
    current proposal (``proposal_id``) and the campaign state."""
    return (
        _with_campaign_state(
            CampaignAssignment.objects.proposable_by(user).select_related(
                "campaign", "recommendation__theme", "recommendation__cycle", "assignee__profile"
            )
        )
        .filter(campaign_id=campaign_id, recommendation_id=recommendation_id)
        .first()
    )


def current_status(*, recommendation_id: int) -> str:
    """Today's published status of one recommendation (``with_status``, one query)."""
    annotated = Recommendation.objects.with_status().filter(pk=recommendation_id)
    return annotated.values_list("status", flat=True).first() or Status.NOT_ASSESSED.value  # type: ignore[misc]  # an annotation


def proposals_awaiting_review(*, campaign: Campaign) -> QuerySet[Assessment]:
    """The campaign's proposals waiting for a coordinator, in the registry's order, with
    everything the review page shows joined (one query per page)."""
    return (
        Assessment.objects.awaiting_review()
        .filter(campaign=campaign)
        .select_related("recommendation__theme", "recommendation__cycle", "assessed_by__profile", "interviewee_department")
        .order_by("recommendation__cycle__starts_on", "recommendation__theme__title", "recommendation__position", "pk")
    )


def campaign_recommendations(
    *, campaign: Campaign, theme_id: int | None = None, department_id: int | None = None, assignment: str = ""
) -> QuerySet[Recommendation]:
    """Recommendations to assign in a campaign, filtered, each with its assignee's name in
    this campaign (``assignee_name``, ``assignee_id_in_campaign``) and its current status.

    ``assignment`` is "" (all), "unassigned" or "assigned".
    """
    in_campaign = CampaignAssignment.objects.filter(campaign=campaign, recommendation=OuterRef("pk"))
    qs = Recommendation.objects.select_related("theme", "cycle").with_status()
    if theme_id:
        qs = qs.filter(theme_id=theme_id)
    if department_id:
        qs = qs.filter(Exists(Recommendation.departments.through.objects.filter(recommendation=OuterRef("pk"), department=department_id)))
    if assignment == "unassigned":
        qs = qs.filter(~Exists(in_campaign))
    elif assignment == "assigned":
        qs = qs.filter(Exists(in_campaign))
    return (
        qs.annotate(
            assignee_id_in_campaign=Subquery(in_campaign.values("assignee")[:1]),
            assignee_name=Subquery(in_campaign.values("assignee__profile__display_name")[:1]),
        )
        .in_chronological_order()
        .prefetch_related("departments")
    )


def campaign_for_page(*, pk: int) -> Campaign | None:
    """A campaign with who opened it, for its page."""
    return Campaign.objects.select_related("opened_by__profile").filter(pk=pk).first()


def campaign_proposal(*, campaign: Campaign, pk: int) -> Assessment | None:
    """One assessment of ``campaign``, with its recommendation (the review's decision)."""
    return Assessment.objects.select_related("recommendation").filter(pk=pk, campaign=campaign).first()


def chosen_proposals(*, campaign: Campaign, ids: list[int]) -> list[Assessment]:
    """The assessments of ``campaign`` among ``ids`` (their keys only: publishing reads them again)."""
    return list(Assessment.objects.filter(campaign=campaign, pk__in=ids).only("pk"))


def awaiting_review_count(*, campaign: Campaign) -> int:
    return Assessment.objects.awaiting_review().filter(campaign=campaign).count()


ASSIGNABLE_ROLES = (Role.COORDINATION, Role.DEPARTMENT_LEAD, Role.FACILITATOR)


def assignable_people() -> QuerySet[User]:
    """Who can be given recommendations to assess: coordinators, department leads and
    facilitators, active, by name."""
    return (
        User.objects.filter(is_active=True, anonymised_at__isnull=True, groups__name__in=ASSIGNABLE_ROLES)
        .distinct()
        .select_related("profile")
        .order_by("profile__display_name", "email")
    )
