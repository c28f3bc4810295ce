"""Named reads of the registry: composed queries shared by pages, API and reports."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast

import rules
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Exists, F, IntegerField, Model, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import get_language, gettext_lazy

from cairn.accounts.models import Department, Role, User
from cairn.core.audit import history_of
from cairn.core.models import AuditEntry
from cairn.core.pagination import count_cache_key
from cairn.core.search import normalise, search_filter
from cairn.core.sections import SectionRegistry, ShownSection
from cairn.core.stamps import stamp
from cairn.recommendations.models import (
    CHRONOLOGICAL_ORDER,
    STATUS_TONES,
    Assessment,
    Campaign,
    CampaignAssignment,
    Cycle,
    CycleCountry,
    GroupPerson,
    GroupRole,
    Kind,
    LinkKind,
    Recommendation,
    RecommendationLink,
    RecommendationQuerySet,
    Status,
    Theme,
    ThemeCategory,
    WorkingGroup,
)
from cairn.recommendations.rules import can_see_internal

# --- Assessment campaigns --------------------------------------------------------------

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
    return qs.annotate(
        assignee_id_in_campaign=Subquery(in_campaign.values("assignee")[:1]),
        assignee_name=Subquery(in_campaign.values("assignee__profile__display_name")[:1]),
    ).in_chronological_order()


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


# --- The public registry ---------------------------------------------------------------
#
# ``registry`` answers the registry list: the page of recommendations and, next to every
# filter, how many recommendations each option would give with all the *other* filters
# applied (facet counts). Every count is one grouped query in SQL; the list's total comes
# from the status facet (every recommendation has exactly one status), so paginating
# costs no extra COUNT. The counts are cached under the registry's stamp, which any write
# changes (docs/decisions/0003-registry-search.md).

REGISTRY_PAGE_SIZE = 25
SORT_CHRONOLOGICAL = "chronologique"
SORT_RECENT = "recent"
#: What separates the cities in a working group's ``cities`` ("Charleroi–Mons–Eupen").
_CITY_SEPARATORS = re.compile(r"\s*[–—,;/+]\s*|\s+-\s+|\s+et\s+|\s+en\s+")
FACET_NAMES = ("cycle", "country", "theme", "category", "group", "city", "department", "status", "kind")


@dataclass(frozen=True)
class RegistryFilters:
    """What the registry is narrowed to; empty values filter nothing."""

    q: str = ""
    cycle: int | None = None
    country: str = ""
    theme: int | None = None
    category: int | None = None
    group: int | None = None
    city: str = ""
    department: int | None = None
    status: str = ""
    kind: str = ""
    #: The registry as it stood on that date (statuses then; cycles started by then).
    as_of: datetime.date | None = None

    def value_of(self, name: str) -> str:
        value = getattr(self, name)
        return "" if value is None else str(value)


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class RegistryResult:
    recommendations: QuerySet[Recommendation]
    facets: dict[str, list[FacetOption]]
    total: int
    #: Filters whose value names no option the viewer may see (unknown or hidden): the
    #: list is narrowed by them all the same (to nothing), and the form says so.
    unknown: list[str] = field(default_factory=list)


class KnownCountPaginator(Paginator):
    """A paginator told its total (the registry knows it from its facet counts)."""

    def __init__(self, object_list: Any, per_page: int, *, count: int, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def split_cities(text: str) -> list[str]:
    """The cities of a group's ``cities`` text: "Charleroi–Mons–Eupen" → three names
    (a hyphen inside a name, as in "Louvain-la-Neuve", does not split)."""
    return [name for name in (" ".join(part.split()) for part in _CITY_SEPARATORS.split(text)) if name]


def _visible_cycles(viewer: User | AnonymousUser) -> QuerySet[Cycle]:
    return Cycle.objects.all() if can_see_internal(viewer) else Cycle.objects.public()


def _visible_themes(viewer: User | AnonymousUser) -> QuerySet[Theme]:
    return Theme.objects.all() if can_see_internal(viewer) else Theme.objects.filter(is_internal=False, cycle__is_internal=False)


def _visible_groups(viewer: User | AnonymousUser) -> QuerySet[WorkingGroup]:
    groups = WorkingGroup.objects.all()
    return groups if can_see_internal(viewer) else groups.filter(theme__is_internal=False, theme__cycle__is_internal=False)


def _in_groups(group_ids: Iterable[int]) -> Exists:
    return Exists(Recommendation.groups.through.objects.filter(recommendation=OuterRef("pk"), workinggroup_id__in=list(group_ids)))


def _city_groups(viewer: User | AnonymousUser) -> dict[str, tuple[str, set[int]]]:
    """Each city (by its normalised name) → its label and the visible groups in it, from
    the groups' ``cities`` text and their offices' cities. One query."""
    cities: dict[str, tuple[str, set[int]]] = {}
    for group_id, text, office_city in _visible_groups(viewer).values_list("pk", "cities", "offices__city"):
        for name in [*split_cities(text or ""), *([office_city] if office_city else [])]:
            _label, ids = cities.setdefault(normalise(name), (name, set()))
            ids.add(group_id)
    return cities


def _conditions(filters: RegistryFilters, city_groups: dict[str, tuple[str, set[int]]]) -> dict[str, Q]:
    """One condition per active filter. Many-to-many filters are ``EXISTS`` subqueries, so
    a recommendation is never listed (or counted) twice."""
    conditions: dict[str, Q] = {}
    if filters.cycle is not None:
        conditions["cycle"] = Q(cycle_id=filters.cycle)
    if filters.country:
        conditions["country"] = Q(cycle__country=filters.country)
    if filters.theme is not None:
        conditions["theme"] = Q(theme_id=filters.theme)
    if filters.category is not None:
        conditions["category"] = Q(theme__category_id=filters.category)
    if filters.group is not None:
        conditions["group"] = Q(_in_groups([filters.group]))
    if filters.city:
        conditions["city"] = Q(_in_groups(city_groups.get(normalise(filters.city), ("", set()))[1]))
    if filters.department is not None:
        conditions["department"] = Q(
            Exists(Recommendation.departments.through.objects.filter(recommendation=OuterRef("pk"), department_id=filters.department))
        )
    if filters.status:
        conditions["status"] = Q(status=filters.status)
    if filters.kind:
        conditions["kind"] = Q(kind=filters.kind)
    return conditions


def _counted(options: Iterable[tuple[Any, str, int]], selected: str) -> list[FacetOption]:
    """Options that would give something, and the selected one even when it would not."""
    return [
        FacetOption(value=str(value), label=label, count=count, selected=str(value) == selected)
        for value, label, count in options
        if count or str(value) == selected
    ]


def registry(
    *, viewer: User | AnonymousUser, filters: RegistryFilters = RegistryFilters(), sort: str = SORT_CHRONOLOGICAL
) -> RegistryResult:
    """The registry as ``viewer`` may see it, filtered, sorted, with its facet counts.

    Queries, whatever the volume: the registry's stamp (1, see ``registry_stamp``, unless
    it is cached); unless the facets of these filters are cached for that stamp, the cities of the visible
    groups (1) and one grouped COUNT per facet (9); then, when the page is read, the page
    of recommendations with cycle and theme joined (1) and their groups (1 prefetch).
    """
    base = search_filter(registry_base(viewer=viewer, as_of=filters.as_of), filters.q)
    key = count_cache_key(
        "registry-facets", "internal" if can_see_internal(viewer) else "public", get_language(), filters, registry_stamp()
    )
    cached = cache.get(key)
    if cached is None:
        cached = _facets(viewer, base, filters)
        cache.set(key, cached, REGISTRY_FACETS_TTL)
    city_groups, facets, total, unknown = cached
    recommendations = (
        base.filter(*_conditions(filters, city_groups).values())
        .select_related("cycle", "theme")
        .prefetch_related(Prefetch("groups", queryset=WorkingGroup.objects.order_by("name")))
    )
    if sort == SORT_RECENT:
        recommendations = recommendations.order_by(F("status_date").desc(nulls_last=True), *CHRONOLOGICAL_ORDER)
    else:
        recommendations = recommendations.in_chronological_order()
    return RegistryResult(recommendations=recommendations, facets=facets, total=total, unknown=unknown)


def registry_base(*, viewer: User | AnonymousUser, as_of: datetime.date | None = None) -> RecommendationQuerySet:
    """What the registry (and every figure of the state of play) counts: the recommendations
    ``viewer`` may see, with their status as of ``as_of``; on a past date, only those of
    cycles that had started by then."""
    base = Recommendation.objects.visible_to(viewer).with_status(as_of)
    if as_of is not None:
        base = base.filter(cycle__starts_on__lte=as_of)
    return base


def filtered_recommendations(
    *,
    viewer: User | AnonymousUser,
    filters: RegistryFilters,
    city_groups: dict[str, tuple[str, set[int]]] | None = None,
) -> RecommendationQuerySet:
    """The registry's recommendations narrowed by ``filters`` exactly as the registry list
    narrows them (for the state of play's figures). With a city filter and no
    ``city_groups`` (``visible_city_groups``), one query for the cities."""
    if city_groups is None:
        city_groups = visible_city_groups(viewer) if filters.city else {}
    base = search_filter(registry_base(viewer=viewer, as_of=filters.as_of), filters.q)
    return base.filter(*_conditions(filters, city_groups).values())


def visible_city_groups(viewer: User | AnonymousUser) -> dict[str, tuple[str, set[int]]]:
    """Each city (normalised) → its label and the ids of the visible groups in it (one query)."""
    return _city_groups(viewer)


#: How long facet counts are kept; ``registry_stamp`` makes any change show at once, the
#: timeout only bounds what a change the stamp does not see (a renamed department) keeps.
REGISTRY_FACETS_TTL = 600


@stamp("registry")
def registry_stamp() -> tuple[str, ...]:
    """What changes when the registry's facet counts may: the row counts and latest change
    of recommendations, cycles, themes, groups and published assessments, and the row
    counts of their links. One query of small aggregates over tables of thousands of rows,
    written in SQL because it reads eight tables at once; kept in the cache between writes
    (``cairn.core.stamps``, watched in ``RecommendationsConfig.ready``)."""
    quote = connection.ops.quote_name
    parts = []
    tables: list[tuple[type[Model], str, str]] = [
        (Recommendation, "updated_at", ""),
        (Cycle, "updated_at", ""),
        (Theme, "updated_at", ""),
        (WorkingGroup, "updated_at", ""),
        (Assessment, "published_at", " WHERE published_at IS NOT NULL"),
        (Recommendation.groups.through, "", ""),
        (Recommendation.departments.through, "", ""),
        (WorkingGroup.offices.through, "", ""),
    ]
    for model, changed_at, where in tables:
        # Table and column names come from the models, never from the request.
        table = quote(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table}{where})")  # noqa: S608
        if changed_at:
            parts.append(f"(SELECT MAX({quote(changed_at)}) FROM {table}{where})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return tuple(str(value) for value in row)


def _facets(
    viewer: User | AnonymousUser, base: RecommendationQuerySet, filters: RegistryFilters
) -> tuple[dict[str, tuple[str, set[int]]], dict[str, list[FacetOption]], int, list[str]]:
    """The cities of the visible groups, the facets, the total and the unknown values."""
    city_groups = _city_groups(viewer)
    conditions = _conditions(filters, city_groups)

    def narrowed(*, but: str) -> RecommendationQuerySet:
        return base.filter(*[condition for name, condition in conditions.items() if name != but])

    def among(name: str, relation: str = "recommendations") -> Q:
        """The recommendations, seen from a facet's model, that the other filters keep."""
        return Q(**{f"{relation}__in": narrowed(but=name).values("pk")})

    facets: dict[str, list[FacetOption]] = {}
    cycles = _visible_cycles(viewer).annotate(n=Count("recommendations", filter=among("cycle")))
    facets["cycle"] = _counted(((c.pk, str(c), c.n) for c in cycles.order_by("starts_on", "name")), filters.value_of("cycle"))
    themes = (
        _visible_themes(viewer)
        .select_related("cycle")
        .annotate(n=Count("recommendations", filter=among("theme")))
        .order_by("cycle__starts_on", "cycle__name", "title")
    )
    facets["theme"] = _counted(((t.pk, f"{t.title} ({t.cycle.name})", t.n) for t in themes), filters.value_of("theme"))
    categories = ThemeCategory.objects.annotate(n=Count("themes__recommendations", filter=among("category", "themes__recommendations")))
    facets["category"] = _counted(((c.pk, c.name, c.n) for c in categories), filters.value_of("category"))
    groups = (
        _visible_groups(viewer)
        .select_related("theme__cycle")
        .annotate(n=Count("recommendations", filter=among("group")))
        .order_by("theme__cycle__starts_on", "theme__title", "name")
    )
    facets["group"] = _counted(
        ((g.pk, f"{g.name} — {g.theme.title} ({g.theme.cycle.name})", g.n) for g in groups), filters.value_of("group")
    )
    departments = Department.objects.annotate(n=Count("recommendations", filter=among("department")))
    facets["department"] = _counted(((d.pk, d.name, d.n) for d in departments), filters.value_of("department"))
    facets["country"] = _grouped(narrowed(but="country"), "cycle__country", CycleCountry.choices, filters.country)
    facets["status"] = _grouped(narrowed(but="status"), "status", Status.choices, filters.status)
    facets["kind"] = _grouped(narrowed(but="kind"), "kind", Kind.choices, filters.kind)
    facets["city"] = _city_facet(narrowed(but="city"), city_groups, filters.city)

    # Every recommendation has one status: the status facet's counts add up to the total.
    total = sum(option.count for option in facets["status"] if not filters.status or option.selected)
    unknown = [name for name in FACET_NAMES if filters.value_of(name) and not any(option.selected for option in facets[name])]
    return city_groups, facets, total, unknown


def _grouped(queryset: QuerySet[Recommendation], column: str, choices: list[tuple[str, Any]], selected: str) -> list[FacetOption]:
    counts = dict(queryset.order_by().values_list(column).annotate(n=Count("pk")).values_list(column, "n"))
    return _counted(((value, str(label), counts.get(value, 0)) for value, label in choices), selected)


def _city_facet(queryset: QuerySet[Recommendation], city_groups: dict[str, tuple[str, set[int]]], selected: str) -> list[FacetOption]:
    """One query over the recommendation–group links of ``queryset``: per city, the
    distinct recommendations linked to one of its groups (in two groups of the same city,
    a recommendation counts once)."""
    ordered = sorted(city_groups.items(), key=lambda item: item[0])
    links = Recommendation.groups.through.objects.filter(recommendation__in=queryset.values("pk")).order_by()
    counts = (
        links.aggregate(
            **{
                f"city_{index}": Count("recommendation", distinct=True, filter=Q(workinggroup_id__in=ids))
                for index, (_key, (_label, ids)) in enumerate(ordered)
            }
        )
        if ordered
        else {}
    )
    selected_key = normalise(selected)
    return [
        FacetOption(value=label, label=label, count=counts[f"city_{index}"], selected=bool(selected) and key == selected_key)
        for index, (key, (label, _ids)) in enumerate(ordered)
        if counts[f"city_{index}"] or (selected and key == selected_key)
    ]


def registry_page(result: RegistryResult, number: Any) -> Page:
    """The page ``number`` (anything a URL may hold: a bad one gives the first or last page)."""
    return KnownCountPaginator(result.recommendations, REGISTRY_PAGE_SIZE, count=result.total).get_page(number)


# --- Status summaries ------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    tone: str
    count: int


@dataclass(frozen=True)
class StatusSummary:
    """How many recommendations have each status. Completion rate = done ÷ assessed
    (DESIGN.md §4), shown with its counts."""

    counts: list[StatusCount]

    @property
    def total(self) -> int:
        return sum(c.count for c in self.counts)

    @property
    def assessed(self) -> int:
        return sum(c.count for c in self.counts if c.status != Status.NOT_ASSESSED)

    @property
    def done(self) -> int:
        return sum(c.count for c in self.counts if c.status == Status.DONE)

    @property
    def completion_percent(self) -> int | None:
        return round(100 * self.done / self.assessed) if self.assessed else None


def status_summary(recommendations: QuerySet[Recommendation]) -> StatusSummary:
    """Counts per status of ``recommendations`` (annotated ``with_status``): one grouped COUNT."""
    # ``status`` is an annotation (``with_status``), which the type checker cannot see.
    counts = dict(recommendations.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))  # type: ignore[misc]
    return StatusSummary(
        [
            StatusCount(status=value, label=str(label), tone=STATUS_TONES[Status(value)], count=counts.get(value, 0))
            for value, label in Status.choices
        ]
    )


# --- One recommendation ----------------------------------------------------------------


@dataclass(frozen=True)
class PersonShown:
    """Someone of a working group as the viewer may see them: a member's name only when
    the viewer may see their profile, a historical name as written, else the role alone."""

    role: str
    role_label: str
    name: str = ""
    profile_id: int | None = None


@dataclass
class GroupShown:
    group: WorkingGroup
    people: list[PersonShown]


@dataclass
class RelatedShown:
    recommendation: Recommendation
    relation: str


@dataclass
class RecommendationPage:
    recommendation: Recommendation
    parent: Recommendation | None
    groups: list[GroupShown]
    sub_items: list[Recommendation]
    timeline: list[Assessment]
    related: list[RelatedShown]
    history: list[AuditEntry] | None
    shows_internal: bool
    sections: list[ShownSection] = field(default_factory=list)


# --- Sections later apps add to the recommendation page ---------------------------------

# The projects that followed from a recommendation, the stories that tell of it…
# (cairn/core/sections.py). ``load(recommendation, viewer)``; templates get ``items``,
# ``rec`` and ``viewer``.
RECOMMENDATION_SECTIONS = SectionRegistry()
register_recommendation_section = RECOMMENDATION_SECTIONS.register


def recommendation_sections(recommendation: Recommendation, viewer: User | AnonymousUser) -> list[ShownSection]:
    return RECOMMENDATION_SECTIONS.shown(recommendation, viewer)


_ROLE_ORDER = {role: index for index, role in enumerate(GroupRole.values)}


def people_shown(people: Iterable[GroupPerson], viewer: User | AnonymousUser) -> list[PersonShown]:
    """Needs ``user__profile`` joined (no query here)."""
    shown = []
    for person in sorted(people, key=lambda p: (_ROLE_ORDER.get(p.role, 99), p.pk)):
        role_label = str(GroupRole(person.role).label) if person.role in GroupRole.values else person.role
        if person.user_id is None:
            shown.append(PersonShown(role=person.role, role_label=role_label, name=person.name))
            continue
        profile = getattr(person.user, "profile", None)
        # The rule itself, not ``viewer.has_perm``, which lets superusers see erased profiles.
        if profile is not None and rules.has_perm("accounts.view_profile", viewer, profile):
            shown.append(PersonShown(role=person.role, role_label=role_label, name=profile.display_name, profile_id=profile.pk))
        else:
            shown.append(PersonShown(role=person.role, role_label=role_label))
    return shown


def _people_prefetch() -> Prefetch:
    return Prefetch("people", queryset=GroupPerson.objects.select_related("user__profile").order_by("pk"))


def recommendation_page(*, viewer: User | AnonymousUser, reference: str) -> RecommendationPage | None:
    """Everything the recommendation page shows, or None when the viewer may not see it.

    Queries: the recommendation with cycle, theme, category and parent (1); its groups (2)
    and their people with account and profile (3); its departments (4); its visible
    sub-items with their status (5); its status history (6); related recommendations in
    both directions with their status (7); for staff, the audit history (8); then the
    queries of the sections later apps registered (``register_recommendation_section``).
    """
    shows_internal = bool(can_see_internal(viewer))
    visible = Recommendation.objects.visible_to(viewer)
    timeline = Assessment.objects.select_related("interviewee_department").order_by("effective_date", "published_at", "pk")
    if not shows_internal:
        timeline = timeline.filter(published_at__isnull=False)
    else:
        timeline = timeline.select_related("assessed_by__profile", "campaign")
    recommendation = (
        visible.with_status()
        .select_related("cycle", "theme__category", "parent")
        .prefetch_related(
            Prefetch("groups", queryset=WorkingGroup.objects.order_by("name").prefetch_related(_people_prefetch())),
            "departments",
            Prefetch("sub_items", queryset=visible.with_status().order_by("position", "pk"), to_attr="visible_sub_items"),
            Prefetch("assessments", queryset=timeline, to_attr="timeline"),
        )
        .filter(reference=reference)
        .first()
    )
    if recommendation is None:
        return None
    parent = recommendation.parent
    if parent is not None and parent.is_internal and not shows_internal:
        parent = None
    links_to = RecommendationLink.objects.filter(source=recommendation, target=OuterRef("pk"))
    links_from = RecommendationLink.objects.filter(source=OuterRef("pk"), target=recommendation)
    related_rows = (
        visible.with_status()
        .filter(Q(Exists(links_to)) | Q(Exists(links_from)))
        .annotate(kind_to=Subquery(links_to.values("kind")[:1]), kind_from=Subquery(links_from.values("kind")[:1]))
        .select_related("cycle")
        .order_by("cycle__starts_on", "reference")
    )
    related = [RelatedShown(row, _relation(row.kind_to, row.kind_from)) for row in related_rows]  # type: ignore[attr-defined]
    history = None
    if rules.has_perm("recommendations.view_audit", viewer):
        history = describe_audit_entries(list(history_of(recommendation).select_related("actor__profile")[:HISTORY_SHOWN]))
    return RecommendationPage(
        recommendation=recommendation,
        parent=parent,
        groups=[GroupShown(group, people_shown(group.people.all(), viewer)) for group in recommendation.groups.all()],
        sub_items=recommendation.visible_sub_items,  # type: ignore[attr-defined]
        timeline=recommendation.timeline,  # type: ignore[attr-defined]
        related=related,
        history=history,
        shows_internal=shows_internal,
        sections=recommendation_sections(recommendation, viewer),
    )


#: The latest audit entries the recommendation page shows staff (the history page has them all).
HISTORY_SHOWN = 20

RELATION_SAME = "same_as"
RELATION_CONTINUES = "continues"  # this recommendation continues the other one
RELATION_CONTINUED_BY = "continued_by"  # the other one continues this recommendation


def _relation(kind_to: str | None, kind_from: str | None) -> str:
    if LinkKind.SAME_AS in (kind_to, kind_from):
        return RELATION_SAME
    return RELATION_CONTINUES if kind_to == LinkKind.CONTINUES else RELATION_CONTINUED_BY


# --- Cycle, theme and working-group pages ----------------------------------------------


@dataclass
class ListingPage:
    """A cycle, theme or group page: the object, one page of its recommendations in the
    registry's order (each with ``status``), and the status summary of them all."""

    obj: Any
    recommendations: Page
    summary: StatusSummary
    themes: list[Theme] = field(default_factory=list)
    groups: list[WorkingGroup] = field(default_factory=list)
    people: list[PersonShown] = field(default_factory=list)


#: A cycle lists a few dozen recommendations (hundreds at ten times the cooperative's size).
LISTING_PAGE_SIZE = 50


def _listed(recommendations: RecommendationQuerySet, summary: StatusSummary, page: Any) -> Page:
    """A page of ``recommendations``; the summary's total is their count (no extra COUNT)."""
    ordered = recommendations.select_related("theme").in_chronological_order()
    return KnownCountPaginator(ordered, LISTING_PAGE_SIZE, count=summary.total).get_page(page)


def cycle_page(*, viewer: User | AnonymousUser, slug: str, page: Any = 1) -> ListingPage | None:
    """Queries: the cycle (1), its themes (2), its recommendations with their theme (3),
    the status summary (4)."""
    cycle = _visible_cycles(viewer).filter(slug=slug).first()
    if cycle is None:
        return None
    recommendations = Recommendation.objects.visible_to(viewer).with_status().filter(cycle=cycle)
    themes = list(_visible_themes(viewer).filter(cycle=cycle).select_related("category").order_by("title"))
    summary = status_summary(recommendations)
    return ListingPage(obj=cycle, recommendations=_listed(recommendations, summary, page), summary=summary, themes=themes)


def theme_page(*, viewer: User | AnonymousUser, theme_id: int, page: Any = 1) -> ListingPage | None:
    """Queries: the theme with cycle, category and the theme it prolongs (1), its groups (2),
    its recommendations (3), the status summary (4)."""
    theme = _visible_themes(viewer).select_related("cycle", "category", "prolongs__cycle").filter(pk=theme_id).first()
    if theme is None:
        return None
    recommendations = Recommendation.objects.visible_to(viewer).with_status().filter(theme=theme)
    groups = list(theme.groups.order_by("name"))
    summary = status_summary(recommendations)
    return ListingPage(obj=theme, recommendations=_listed(recommendations, summary, page), summary=summary, groups=groups)


def group_page(*, viewer: User | AnonymousUser, group_id: int, page: Any = 1) -> ListingPage | None:
    """Queries: the group with theme and cycle (1), its people with account and profile (2),
    its recommendations (3), the status summary (4)."""
    group = _visible_groups(viewer).select_related("theme__cycle").filter(pk=group_id).first()
    if group is None:
        return None
    recommendations = (
        Recommendation.objects.visible_to(viewer)
        .with_status()
        .filter(Exists(Recommendation.groups.through.objects.filter(recommendation=OuterRef("pk"), workinggroup=group)))
    )
    people = people_shown(group.people.select_related("user__profile"), viewer)
    summary = status_summary(recommendations)
    return ListingPage(obj=group, recommendations=_listed(recommendations, summary, page), summary=summary, people=people)


AUDIT_ACTIONS = {
    "create": gettext_lazy("Création"),
    "update": gettext_lazy("Modification"),
    "assessment_published": gettext_lazy("Évaluation publiée"),
    "assessment_proposed": gettext_lazy("Évaluation proposée"),
    "assessment_proposal_updated": gettext_lazy("Proposition modifiée"),
    "assessment_returned": gettext_lazy("Proposition renvoyée à son auteur·rice"),
    "groups_added": gettext_lazy("Groupes ajoutés"),
    "admin_create": gettext_lazy("Création (administration)"),
    "admin_update": gettext_lazy("Modification (administration)"),
    "admin_delete": gettext_lazy("Suppression (administration)"),
}


def _audit_value(name: str, value: Any) -> Any:
    """Statuses by their label; other values as recorded."""
    if name == "status" and value in Status.values:
        return Status(value).label
    return value


def describe_audit_entries(entries: Any) -> Any:
    """Give each audit entry a readable ``action_label`` and ``rows`` (field label, before,
    after), for the recommendation page and its full history alike. No query."""
    labels = {
        f.name: f.verbose_name for f in [*Recommendation._meta.get_fields(), *Assessment._meta.get_fields()] if hasattr(f, "verbose_name")
    }
    for entry in entries:
        entry.action_label = AUDIT_ACTIONS.get(entry.action, entry.action)
        entry.rows = [
            {
                "field": labels.get(name, name),
                "before": _audit_value(name, values.get("before")),
                "after": _audit_value(name, values.get("after")),
            }
            for name, values in entry.changes.items()
        ]
    return entries
