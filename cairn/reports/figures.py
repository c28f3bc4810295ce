"""Every figure of the state of play, computed in one place (DESIGN.md §4).

Pages, charts, the PDF, the exports, the command line and the API all read ``figures``
(or ``figures_for``, its cached form), so the same question always gets the same number.

What is counted is exactly what the registry lists for the same filters
(``cairn.recommendations.selectors.registry.filtered_recommendations``): the recommendations the
viewer may see (the public ones for visitors), their status the latest *published*
assessment effective on or before the date, and — on a past date — only those of cycles
that had started by then.

- Completion and engagement rates come from ``cairn.recommendations.rates.StatusCounts``,
  their one definition, which the registry's pages use too.
- Breakdowns by category, cycle, theme and country *partition* the recommendations (their
  totals add up to the whole; a recommendation without a category has its own row).
  Working groups, cities and departments do not: a recommendation written by two groups,
  or carried by two departments, counts in each row (once per row), and one without any
  has a row of its own.

Every count is a grouped ``COUNT`` in SQL; ``figures`` runs the same number of queries
whatever the volume (see its docstring).
"""

from __future__ import annotations

import calendar
import datetime
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cairn.accounts.models import User
from cairn.core.stamps import cached
from cairn.core.translation import translation_values, value_in
from cairn.recommendations.models import Assessment, Cycle, CycleCountry, Recommendation, RecommendationQuerySet, Status, WorkingGroup
from cairn.recommendations.rates import StatusCounts
from cairn.recommendations.rules import can_see_internal, registry_audience
from cairn.recommendations.selectors.registry import RegistryFilters, filtered_recommendations, registry_stamp, visible_city_groups

#: The breakdowns, in the order of the JSON and the spreadsheets.
BREAKDOWNS: tuple[str, ...] = ("category", "cycle", "theme", "group", "city", "country", "department")
#: Those whose rows partition the recommendations (their totals add up to the whole).
PARTITIONS: frozenset[str] = frozenset({"category", "cycle", "theme", "country"})
BREAKDOWN_LABELS = {
    "category": _("Par grande thématique"),
    "cycle": _("Par cycle"),
    "theme": _("Par thématique"),
    "group": _("Par groupe de travail"),
    "city": _("Par ville ou bureau"),
    "country": _("Par pays"),
    "department": _("Par direction"),
}
NO_FILTERS = RegistryFilters()
#: The trend has one point per month; a registry older than this shows its last months.
TREND_MONTHS_MAX = 240


def _language() -> str:
    language = (get_language() or "fr")[:2]
    return language if language in ("fr", "nl", "en") else "fr"


@dataclass(frozen=True)
class Row:
    """One line of a breakdown. ``key`` is stable across runs and editions (a slug, a code,
    an id); ``params`` are the registry's filters that list the recommendations behind it
    (empty when the registry cannot filter on it, e.g. "without a department")."""

    key: str
    label: str
    counts: StatusCounts
    params: Mapping[str, str] = field(default_factory=dict)
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        data = {"key": self.key, "label": self.label, **self.counts.as_dict()}
        if self.detail:
            data["detail"] = self.detail
        return data


@dataclass(frozen=True)
class TrendPoint:
    on: datetime.date
    counts: StatusCounts


@dataclass(frozen=True)
class Figures:
    as_of: datetime.date
    live: bool
    filters: RegistryFilters
    overall: StatusCounts
    breakdowns: Mapping[str, list[Row]]
    trend: list[TrendPoint]

    @property
    def total(self) -> int:
        return self.overall.total

    def as_dict(self) -> dict[str, Any]:
        """The JSON of ``cairn report figures`` and of the open-data download (docs/figures.md)."""
        return {
            "as_of": self.as_of.isoformat(),
            "filters": {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in asdict(self.filters).items() if v},
            **self.overall.as_dict(),
            **{f"by_{name}": [row.as_dict() for row in self.breakdowns[name]] for name in BREAKDOWNS},
            "trend": [{"on": point.on.isoformat(), **point.counts.as_dict()} for point in self.trend],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Figures:
        """The figures of ``as_dict`` again (an edition's frozen figures), without registry
        links: those describe the live registry, not the edition."""
        return cls(
            as_of=datetime.date.fromisoformat(data["as_of"]),
            live=False,
            filters=NO_FILTERS,
            overall=StatusCounts.of(data["by_status"]),
            breakdowns={
                name: [
                    Row(key=item["key"], label=item["label"], counts=StatusCounts.of(item["by_status"]), detail=item.get("detail", ""))
                    for item in data.get(f"by_{name}", [])
                ]
                for name in BREAKDOWNS
            },
            trend=[
                TrendPoint(on=datetime.date.fromisoformat(p["on"]), counts=StatusCounts.of(p["by_status"])) for p in data.get("trend", [])
            ],
        )


# --- Computing ---------------------------------------------------------------------------


def _counts_by(queryset: RecommendationQuerySet, *columns: str, distinct: bool = False, **expressions: Any) -> list[dict[str, Any]]:
    """One grouped COUNT: a row per value of ``columns`` (and ``expressions``) and status."""
    # ``status`` is an annotation (``with_status``); the type checker cannot see it.
    return list(queryset.order_by().values(*columns, "status", **expressions).annotate(n=Count("pk", distinct=distinct)))  # type: ignore[misc]


def _rows(
    grouped: Iterable[dict[str, Any]],
    column: str,
    describe: Any,
) -> list[Row]:
    """Fold (value, status, n) rows into one ``Row`` per value; ``describe(first_row)`` gives
    (sort key, key, label, params, detail)."""
    counts: dict[Any, dict[str, int]] = defaultdict(dict)
    first: dict[Any, dict[str, Any]] = {}
    for item in grouped:
        value = item[column]
        counts[value][item["status"]] = counts[value].get(item["status"], 0) + item["n"]
        first.setdefault(value, item)
    described = [(describe(first[value]), value) for value in counts]
    described.sort(key=lambda pair: pair[0][0])
    return [
        Row(key=key, label=str(label), counts=StatusCounts.of(counts[value]), params=params, detail=detail)
        for (_sort, key, label, params, detail), value in described
    ]


def _translated(item: dict[str, Any], prefix: str, language: str) -> str:
    return item.get(f"{prefix}_{language}") or item.get(f"{prefix}_fr") or ""


def figures(*, viewer: User | AnonymousUser, filters: RegistryFilters = NO_FILTERS) -> Figures:
    """All the figures of the recommendations ``viewer`` may see, narrowed by ``filters``
    (the registry's filters, ``as_of`` included), computed now.

    Queries, whatever the volume and the filters: the visible groups' cities (1); the
    overall counts (1); one grouped COUNT per breakdown — category, cycle, theme, group,
    country, department (6); one COUNT per city and status in a single aggregate (1); the trend's
    recommendations per cycle start (1) and published assessment history (1). Eleven.
    """
    language = _language()
    city_groups = visible_city_groups(viewer)
    recommendations = filtered_recommendations(viewer=viewer, filters=filters, city_groups=city_groups)
    live = filters.as_of is None
    as_of = timezone.localdate() if live else filters.as_of
    assert as_of is not None  # noqa: S101  # for the type checker: resolved just above

    overall = StatusCounts.of({item["status"]: item["n"] for item in _counts_by(recommendations)})
    none_label = str(_("Sans grande thématique"))

    breakdowns: dict[str, list[Row]] = {}
    category_columns = ("theme__category", "theme__category__slug", "theme__category__position", *_names("theme__category"))
    breakdowns["category"] = _rows(
        _counts_by(recommendations, *category_columns),
        "theme__category",
        lambda i: (
            (i["theme__category"] is None, i["theme__category__position"] or 0, i["theme__category__name_fr"] or ""),
            i["theme__category__slug"] or "",
            _translated(i, "theme__category__name", language) or none_label,
            {"category": str(i["theme__category"])} if i["theme__category"] else {},
            "",
        ),
    )
    breakdowns["cycle"] = _rows(
        _counts_by(recommendations, "cycle", "cycle__slug", "cycle__name", "cycle__starts_on", "cycle__country"),
        "cycle",
        lambda i: (
            (i["cycle__starts_on"], i["cycle__name"]),
            i["cycle__slug"],
            i["cycle__name"],
            {"cycle": str(i["cycle"])},
            str(CycleCountry(i["cycle__country"]).label),
        ),
    )
    breakdowns["theme"] = _rows(
        _counts_by(
            recommendations,
            "theme",
            "theme__code",
            "theme__title",
            *translation_values("theme__title"),
            "cycle__code",
            "cycle__name",
            "cycle__starts_on",
        ),
        "theme",
        lambda i: (
            (i["cycle__starts_on"], i["cycle__name"], i["theme__title"]),
            f"{i['cycle__code']}/{i['theme__code']}",
            value_in(i, "theme__title"),
            {"theme": str(i["theme"])},
            i["cycle__name"],
        ),
    )
    no_group = str(_("Sans groupe de travail"))
    group_counts = _counts_by(
        recommendations,
        "groups",
        "groups__name",
        "groups__theme__title",
        *translation_values("groups__theme__title"),
        "groups__theme__cycle__name",
        "groups__theme__cycle__starts_on",
        distinct=True,
        # In the same values(), so that it reads the same join to the groups.
        group_is_public=Case(When(WorkingGroup.public_q("groups__"), then=Value(True)), default=Value(False), output_field=BooleanField()),
    )
    if not can_see_internal(viewer):
        # A public recommendation may name a group of an internal theme: that group is not
        # shown (as the registry's group filter does not offer it).
        group_counts = [i for i in group_counts if i["groups"] is None or i["group_is_public"]]
    breakdowns["group"] = _rows(
        group_counts,
        "groups",
        lambda i: (
            (
                i["groups"] is None,
                i["groups__theme__cycle__starts_on"] or datetime.date.min,
                i["groups__theme__title"] or "",
                i["groups__name"] or "",
            ),
            str(i["groups"] or ""),
            i["groups__name"] or no_group,
            {"group": str(i["groups"])} if i["groups"] else {},
            f"{value_in(i, 'groups__theme__title')} ({i['groups__theme__cycle__name']})" if i["groups"] else "",
        ),
    )
    breakdowns["city"] = _city_rows(city_groups, recommendations)
    breakdowns["country"] = _rows(
        _counts_by(recommendations, "cycle__country"),
        "cycle__country",
        lambda i: (
            CycleCountry.values.index(i["cycle__country"]),
            i["cycle__country"],
            str(CycleCountry(i["cycle__country"]).label),
            {"country": i["cycle__country"]},
            "",
        ),
    )
    no_department = str(_("Sans direction"))
    breakdowns["department"] = _rows(
        _counts_by(recommendations, "departments", "departments__code", *_names("departments"), distinct=True),
        "departments",
        lambda i: (
            (i["departments"] is None, i["departments__name_fr"] or ""),
            i["departments__code"] or "",
            _translated(i, "departments__name", language) or no_department,
            {"department": str(i["departments"])} if i["departments"] else {},
            "",
        ),
    )
    trend = _trend(recommendations, as_of=as_of)
    return Figures(as_of=as_of, live=live, filters=filters, overall=overall, breakdowns=breakdowns, trend=trend)


def _names(prefix: str) -> tuple[str, str, str]:
    return (f"{prefix}__name_fr", f"{prefix}__name_nl", f"{prefix}__name_en")


def _city_rows(city_groups: dict[str, tuple[str, set[int]]], recommendations: RecommendationQuerySet) -> list[Row]:
    """Per city (from the groups' cities and their offices' cities, as the registry's city
    filter reads them): the distinct recommendations of one of its groups, by status. One
    aggregate for every city and status."""
    cities = sorted(city_groups.items(), key=lambda item: item[0])
    if not cities:
        return []
    links = Recommendation.groups.through.objects
    aggregates = {}
    for index, (_key, (_label, ids)) in enumerate(cities):
        in_city = links.filter(recommendation=OuterRef("pk"), workinggroup_id__in=sorted(ids))
        aggregates[f"city_{index}"] = Count("pk", filter=Q(Exists(in_city)))
    grouped = list(recommendations.order_by().values("status").annotate(**aggregates))  # type: ignore[misc]
    rows = []
    for index, (_key, (label, _ids)) in enumerate(cities):
        counts = {item["status"]: item[f"city_{index}"] for item in grouped}
        if sum(counts.values()):
            rows.append(Row(key=label, label=label, counts=StatusCounts.of(counts), params={"city": label}))
    return rows


def month_ends(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The last day of every month from ``start``'s to ``end``'s, the last one being ``end``."""
    points = []
    year, month = start.year, start.month
    while (year, month) < (end.year, end.month):
        points.append(datetime.date(year, month, calendar.monthrange(year, month)[1]))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    points.append(end)
    return points[-TREND_MONTHS_MAX:]


def _trend(recommendations: RecommendationQuerySet, *, as_of: datetime.date) -> list[TrendPoint]:
    """Counts by status at the end of every month, from the first published assessment to
    ``as_of``: each point is what ``figures`` gives with ``as_of`` at that date (statuses
    then, cycles started by then). Two queries: recommendations per cycle start, and the
    published assessment history (the one place figures are computed from rows, because a
    status per recommendation and month is not a grouped count)."""
    ids = recommendations.values("pk")
    starts = list(Recommendation.objects.filter(pk__in=ids).order_by().values_list("cycle__starts_on").annotate(n=Count("pk")))
    history = (
        Assessment.objects.published()
        .filter(recommendation__in=ids, effective_date__lte=as_of)
        .order_by("recommendation_id", "effective_date", "published_at", "pk")
        .values_list("recommendation_id", "recommendation__cycle__starts_on", "effective_date", "status")
    )
    per_recommendation: dict[int, tuple[datetime.date, list[tuple[datetime.date, str]]]] = {}
    for rec_id, starts_on, effective, status in history:
        per_recommendation.setdefault(rec_id, (starts_on, []))[1].append((effective, status))
    if not per_recommendation:
        return []
    first = min(changes[0][0] for _starts, changes in per_recommendation.values())
    points = month_ends(first, as_of)
    # Recommendations that exist at each point (their cycle has started).
    started = sorted(starts)
    existing = [sum(n for starts_on, n in started if starts_on <= point) for point in points]
    counts: list[dict[str, int]] = [defaultdict(int) for _ in points]
    for starts_on, changes in per_recommendation.values():
        dates = [effective for effective, _status in changes]
        for index, point in enumerate(points):
            if starts_on > point:
                continue
            latest = bisect_right(dates, point)
            if latest:
                counts[index][changes[latest - 1][1]] += 1
    trend = []
    for index, point in enumerate(points):
        assessed = sum(counts[index].values())
        trend.append(TrendPoint(on=point, counts=StatusCounts.of({**counts[index], Status.NOT_ASSESSED: existing[index] - assessed})))
    return trend


# --- Cached, for pages -------------------------------------------------------------------

#: ``registry_stamp`` changes with any write the figures read; the timeout bounds the rest.
FIGURES_TTL = 600


def change_dates() -> list[datetime.date]:
    """Every date on which figures as of a date may change: the effective dates of the
    published assessments and the cycles' starts, in order (two queries, cached on the
    registry's stamp in the shared cache)."""

    def compute() -> list[datetime.date]:
        effective = Assessment.objects.published().order_by().values_list("effective_date", flat=True).distinct()
        return sorted({*effective, *Cycle.objects.values_list("starts_on", flat=True)})

    return cached("report-change-dates", stamps=[registry_stamp], ttl=FIGURES_TTL, compute=compute, shared=True)


def as_of_anchor(as_of: datetime.date) -> datetime.date:
    """The date of the last change on or before ``as_of`` (``date.min`` before the first):
    the figures as of any date from it to the next change are the same."""
    dates = change_dates()
    index = bisect_right(dates, as_of)
    return dates[index - 1] if index else datetime.date.min


def _moved_to(data: Figures, *, as_of: datetime.date, filters: RegistryFilters) -> Figures:
    """``data``, computed as of an anchor, said as of ``as_of`` (no change in between):
    the same counts, and the trend carried on with the anchor's counts to the month ends
    up to ``as_of``."""
    trend = data.trend
    if trend:
        last = trend[-1]
        trend = [*trend[:-1], *(TrendPoint(on=on, counts=last.counts) for on in month_ends(last.on, as_of))][-TREND_MONTHS_MAX:]
    return replace(data, as_of=as_of, filters=filters, trend=trend)


def figures_for(*, viewer: User | AnonymousUser, filters: RegistryFilters = NO_FILTERS) -> Figures:
    """``figures``, cached under the registry's stamp (no query when cached), in the shared
    cache too (a restart or another worker computes nothing again): publishing an
    assessment or editing the registry changes the stamp, so a page never shows stale
    figures. Live figures also key on today's date (the trend's last point); figures as of
    a date key on the date of the last change on or before it (``as_of_anchor``), so every
    date between two changes reads the same entry."""
    audience = registry_audience(viewer)
    asked = filters.as_of
    keyed = filters if asked is None else replace(filters, as_of=as_of_anchor(asked))
    data = cached(
        "report-figures",
        audience,
        _language(),
        keyed,
        timezone.localdate() if asked is None else None,
        stamps=[registry_stamp],
        ttl=FIGURES_TTL,
        compute=lambda: figures(viewer=viewer, filters=keyed),
        shared=True,
    )
    return data if asked is None or keyed.as_of == asked else _moved_to(data, as_of=asked, filters=filters)
