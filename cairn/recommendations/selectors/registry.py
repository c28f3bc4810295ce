"""The public registry's list: filters, facet counts, the registry's stamp, and the
recommendations a viewer may see as of a date (shared with the state of play's figures)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Count, DateField, Exists, FloatField, Model, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils.translation import get_language

from cairn.accounts.models import Department, User
from cairn.core.pagination import KeysetPage, KeysetPaginator, SortKey, keyset_order
from cairn.core.search import normalise, query_words, search_filter, with_relevance
from cairn.core.stamps import cached, stamp
from cairn.recommendations.models import (
    CHRONOLOGICAL_ORDER,
    Assessment,
    Cycle,
    CycleCountry,
    Kind,
    Recommendation,
    RecommendationQuerySet,
    Status,
    Theme,
    ThemeCategory,
    WorkingGroup,
)
from cairn.recommendations.rules import registry_audience

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
#: With a search, the default order: the best matches first (``core.search.with_relevance``).
SORT_RELEVANCE = "pertinence"
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
    #: The search as typed, when it found nothing and the closest words of the registry
    #: were searched instead (``filters.q`` is then the corrected search).
    corrected_from: str = ""
    corrected_to: str = ""
    #: The list's order, as its keyset pages read it (``registry_page``).
    ordering: tuple[str | SortKey, ...] = CHRONOLOGICAL_ORDER


def split_cities(text: str) -> list[str]:
    """The cities of a group's ``cities`` text: "Charleroi–Mons–Eupen" → three names
    (a hyphen inside a name, as in "Louvain-la-Neuve", does not split)."""
    return [name for name in (" ".join(part.split()) for part in _CITY_SEPARATORS.split(text)) if name]


def _in_groups(group_ids: Iterable[int]) -> Exists:
    return Exists(Recommendation.groups.through.objects.filter(recommendation=OuterRef("pk"), workinggroup_id__in=list(group_ids)))


def _city_groups(viewer: User | AnonymousUser) -> dict[str, tuple[str, set[int]]]:
    """Each city (by its normalised name) → its label and the visible groups in it, from
    the groups' ``cities`` text and their offices' cities. One query."""
    cities: dict[str, tuple[str, set[int]]] = {}
    for group_id, text, office_city in WorkingGroup.objects.visible_to(viewer).values_list("pk", "cities", "offices__city"):
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
    *, viewer: User | AnonymousUser, filters: RegistryFilters = RegistryFilters(), sort: str = SORT_CHRONOLOGICAL, correcting: bool = False
) -> RegistryResult:
    """The registry as ``viewer`` may see it, filtered, sorted, with its facet counts.

    Queries, whatever the volume: the registry's stamp (1, see ``registry_stamp``, unless
    it is cached); unless the facets of these filters are cached for that stamp, the cities of the visible
    groups (1) and one grouped COUNT per facet (9); then, when the page is read, the page
    of recommendations with cycle and theme joined (1) and their groups (1 prefetch).
    A search that finds nothing is tried again once with the registry's closest words
    (``corrected_query``: the vocabulary, cached under the stamp, then the same queries).
    """
    base = search_filter(registry_base(viewer=viewer, as_of=filters.as_of), filters.q)
    city_groups, facets, total, unknown = cached(
        "registry-facets",
        registry_audience(viewer),
        get_language(),
        filters,
        stamps=[registry_stamp],
        ttl=REGISTRY_FACETS_TTL,
        compute=lambda: _facets(viewer, base, filters),
    )
    recommendations = (
        base.filter(*_conditions(filters, city_groups).values())
        .select_related("cycle", "theme")
        .prefetch_related(Prefetch("groups", queryset=WorkingGroup.objects.order_by("name")))
    )
    ordering: tuple[str | SortKey, ...] = CHRONOLOGICAL_ORDER
    if sort == SORT_RECENT:
        # Never assessed last: the keyset pages need a value in every row.
        recommendations = recommendations.annotate(status_key=Coalesce("status_date", Value(datetime.date.min), output_field=DateField()))
        ordering = (SortKey("status_key", DateField(), descending=True), *CHRONOLOGICAL_ORDER)
    elif sort == SORT_RELEVANCE and query_words(filters.q):
        recommendations = with_relevance(recommendations, filters.q)
        ordering = (SortKey("relevance", FloatField(), descending=True), *CHRONOLOGICAL_ORDER)
    recommendations = recommendations.order_by(*keyset_order(ordering))
    if total == 0 and filters.q and not correcting:
        corrected = corrected_query(viewer, filters.q)
        if corrected and corrected != " ".join(query_words(filters.q)):
            again = registry(viewer=viewer, filters=replace(filters, q=corrected), sort=sort, correcting=True)
            if again.total:
                again.corrected_from, again.corrected_to = filters.q, corrected
                return again
    return RegistryResult(recommendations=recommendations, facets=facets, total=total, unknown=unknown, ordering=ordering)


#: How alike a mistyped word and a registry word must be to replace it. On PostgreSQL,
#: pg_trgm's trigram similarity: « tresorie » → « tresorerie » (0.67), « cooperatve » →
#: « cooperative » (0.64). On SQLite, its documented equivalent, ``difflib``'s ratio:
#: 0.89 and 0.95 for the same pairs.
CLOSE_WORD_TRIGRAMS = 0.5
CLOSE_WORD_RATIO = 0.8


def search_vocabulary(viewer: User | AnonymousUser) -> frozenset[str]:
    """Every word of the recommendations ``viewer`` may see, as search stores them (lower
    case, no accents); cached under the registry's stamp (one query when it changed)."""

    def compute() -> frozenset[str]:
        words: set[str] = set()
        for text in Recommendation.objects.visible_to(viewer).values_list("search_text", flat=True).iterator(chunk_size=2000):
            words.update(word for word in re.findall(r"\w+", text) if len(word) > 2 and not word.isdigit())
        return frozenset(words)

    return cached(
        "registry-vocabulary",
        registry_audience(viewer),
        stamps=[registry_stamp],
        ttl=REGISTRY_FACETS_TTL,
        compute=compute,
    )


def corrected_query(viewer: User | AnonymousUser, query: str) -> str:
    """``query`` with each word the registry does not hold replaced by the registry's
    closest word — typos and missing letters (« tresorie » → « tresorerie »); accents and
    case never matter, the search text has none. The same on PostgreSQL and SQLite
    (docs/decisions/0031-search-typos.md)."""
    vocabulary = search_vocabulary(viewer)
    words = []
    for word in query_words(query):
        if word in vocabulary or len(word) <= 3 or any(known.startswith(word) for known in vocabulary):
            words.append(word)
            continue
        words.append(closest_word(word, vocabulary) or word)
    return " ".join(words)


def closest_word(word: str, vocabulary: frozenset[str]) -> str | None:
    """The registry word most like ``word``, if one is alike enough: by trigram similarity
    (pg_trgm, one query) on PostgreSQL, by ``difflib``'s ratio on SQLite; a tie gives the
    same word whatever the order the vocabulary comes in."""
    if not vocabulary:
        return None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT known FROM unnest(%s::text[]) AS known WHERE similarity(known, %s) >= %s "
                "ORDER BY similarity(known, %s) DESC, known LIMIT 1",
                [sorted(vocabulary), word, CLOSE_WORD_TRIGRAMS, word],
            )
            row = cursor.fetchone()
        return row[0] if row else None
    import difflib

    close = difflib.get_close_matches(word, sorted(vocabulary), n=1, cutoff=CLOSE_WORD_RATIO)
    return close[0] if close else None


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
    cycles = Cycle.objects.visible_to(viewer).annotate(n=Count("recommendations", filter=among("cycle")))
    facets["cycle"] = _counted(((c.pk, str(c), c.n) for c in cycles.order_by("starts_on", "name")), filters.value_of("cycle"))
    themes = (
        Theme.objects.visible_to(viewer)
        .select_related("cycle")
        .annotate(n=Count("recommendations", filter=among("theme")))
        .order_by("cycle__starts_on", "cycle__name", "title")
    )
    facets["theme"] = _counted(((t.pk, f"{t.title} ({t.cycle.name})", t.n) for t in themes), filters.value_of("theme"))
    # Explicit orders: a model's Meta.ordering is not applied to a grouped query, and
    # PostgreSQL and SQLite return groups in different orders.
    categories = ThemeCategory.objects.annotate(
        n=Count("themes__recommendations", filter=among("category", "themes__recommendations"))
    ).order_by("position", "name_fr", "pk")
    facets["category"] = _counted(((c.pk, c.name, c.n) for c in categories), filters.value_of("category"))
    groups = (
        WorkingGroup.objects.visible_to(viewer)
        .select_related("theme__cycle")
        .annotate(n=Count("recommendations", filter=among("group")))
        .order_by("theme__cycle__starts_on", "theme__title", "name")
    )
    facets["group"] = _counted(
        ((g.pk, f"{g.name} — {g.theme.title} ({g.theme.cycle.name})", g.n) for g in groups), filters.value_of("group")
    )
    departments = Department.objects.annotate(n=Count("recommendations", filter=among("department"))).order_by("pk")
    # In the reader's language's alphabetical order, not French's.
    in_order = sorted(departments, key=lambda d: (normalise(d.name), d.pk))
    facets["department"] = _counted(((d.pk, d.name, d.n) for d in in_order), filters.value_of("department"))
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


def registry_paginator(result: RegistryResult) -> KeysetPaginator:
    """Keyset pages of the list in its order (``cairn.core.pagination``): every page, the
    last one too, costs what the first does, at any depth."""
    return KeysetPaginator(result.recommendations, REGISTRY_PAGE_SIZE, ordering=result.ordering, count=result.total)


def registry_page(result: RegistryResult, params: Any) -> KeysetPage:
    """The page a query string asks for (``after``, ``before``, ``last``, or the first). A
    page link Cairn did not write gives the first page, said above the list."""
    return registry_paginator(result).get_page(params)
