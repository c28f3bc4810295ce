"""The figures of the state of play (DESIGN.md §4): exact numbers on the registry's
hand-built fixture (its table is in ``registry_fixtures``), then hypothesis properties on
generated registries."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cairn.accounts.factories import DepartmentFactory
from cairn.accounts.tests.helpers import make_user
from cairn.recommendations.factories import CycleFactory, RecommendationFactory, ThemeCategoryFactory, ThemeFactory, WorkingGroupFactory
from cairn.recommendations.models import Assessment, CycleCountry, Recommendation, Status
from cairn.recommendations.rates import STATUS_KEYS
from cairn.recommendations.selectors.registry import RegistryFilters
from cairn.recommendations.tests.registry_fixtures import Registry, add_volume, build_registry
from cairn.reports.chronology import chronology
from cairn.reports.figures import BREAKDOWNS, PARTITIONS, figures, month_ends

pytestmark = pytest.mark.django_db

ANONYMOUS = AnonymousUser()


def statuses(**counts: int) -> dict[str, int]:
    return {key: counts.get(key, 0) for key in STATUS_KEYS}


def row_of(rows: list, key: str) -> dict:
    return next(row.as_dict() for row in rows if row.key == key)


@pytest.fixture
def reg() -> Registry:
    return build_registry()


# --- Exact, on the hand-built registry ------------------------------------------------------


def test_public_figures_count_the_six_public_recommendations(reg: Registry) -> None:
    data = figures(viewer=ANONYMOUS).as_dict()
    assert data["total"] == 6
    assert data["by_status"] == statuses(not_assessed=1, done=2, in_progress=1, rejected=1, postponed=1)
    # done ÷ assessed and (done + in progress) ÷ assessed, with their counts.
    assert (data["assessed"], data["done"], data["engaged"]) == (5, 2, 3)
    assert data["completion_rate"] == 0.4
    assert data["engagement_rate"] == 0.6


def test_the_coordination_team_counts_the_internal_recommendation_too(reg: Registry) -> None:
    data = figures(viewer=make_user("coordination")).as_dict()
    assert data["total"] == 7
    assert data["by_status"] == statuses(not_assessed=1, done=3, in_progress=1, rejected=1, postponed=1)
    assert data["completion_rate"] == 0.5


def test_breakdowns_by_category_cycle_theme_and_country(reg: Registry) -> None:
    data = figures(viewer=ANONYMOUS)
    eco = row_of(data.breakdowns["category"], "economie")
    assert (eco["label"], eco["total"]) == ("Économie", 4)
    assert eco["by_status"] == statuses(not_assessed=1, done=1, in_progress=1, postponed=1)
    assert (eco["completion_rate"], eco["engagement_rate"]) == (0.3333, 0.6667)
    assert row_of(data.breakdowns["category"], "vie-cooperative")["by_status"] == statuses(done=1, rejected=1)
    assert [(r.key, r.counts.total) for r in data.breakdowns["cycle"]] == [("2019-2020", 5), ("2020-2021", 1)]
    assert [(r.key, r.counts.total) for r in data.breakdowns["theme"]] == [("2019-20/ACC", 3), ("2019-20/GOV", 2), ("2020-21/NUM", 1)]
    assert [(r.key, r.counts.total) for r in data.breakdowns["country"]] == [("BE", 5), ("FR", 1)]
    # Each row says how the registry lists the recommendations behind it.
    assert data.breakdowns["category"][0].params == {"category": str(reg.categories["eco"].pk)}


def test_groups_cities_and_departments_count_a_shared_recommendation_in_each_row(reg: Registry) -> None:
    data = figures(viewer=ANONYMOUS)
    groups = {r.label: r.counts.by_status for r in data.breakdowns["group"]}
    assert groups == {
        "Bruxelles": statuses(done=1, in_progress=1),  # acc1, acc2
        "Charleroi–Mons": statuses(in_progress=1, not_assessed=1),  # acc2 (shared), acc3
        "Liège": statuses(rejected=1, done=1),
        "Nord": statuses(postponed=1),  # num2 is internal: not counted
    }
    cities = {r.label: r.counts.total for r in data.breakdowns["city"]}
    assert cities == {"Bruxelles": 2, "Charleroi": 2, "Liège": 2, "Lille": 1, "Mons": 2}
    departments = {r.label: r.counts.by_status for r in data.breakdowns["department"]}
    assert departments == {
        "Finances": statuses(done=1),
        "Informatique": statuses(postponed=1),
        "Sans direction": statuses(in_progress=1, not_assessed=1, rejected=1, done=1),
    }
    # "Without a department" cannot be listed by the registry: no link.
    assert data.breakdowns["department"][-1].params == {}


def test_figures_as_of_a_past_date_use_only_what_was_known_then(reg: Registry) -> None:
    data = figures(viewer=ANONYMOUS, filters=RegistryFilters(as_of=datetime.date(2023, 1, 1))).as_dict()
    assert data["as_of"] == "2023-01-01"
    # acc1 done (2022-03), gov1 rejected (2022-06); acc2 (2023-01-10), num1 (2023-05) and gov2 (2024) later.
    assert data["by_status"] == statuses(not_assessed=4, done=1, rejected=1)
    assert (data["completion_rate"], data["engagement_rate"]) == (0.5, 0.5)


def test_before_a_cycle_started_its_recommendations_are_not_counted(reg: Registry) -> None:
    data = figures(viewer=ANONYMOUS, filters=RegistryFilters(as_of=datetime.date(2020, 1, 1))).as_dict()
    assert data["total"] == 5  # the 2020-2021 cycle starts in June 2020
    assert data["by_status"] == statuses(not_assessed=5)
    # Nothing assessed: no rate rather than a misleading 0 %.
    assert data["completion_rate"] is None
    assert data["engagement_rate"] is None


def test_figures_follow_the_registry_filters(reg: Registry) -> None:
    belgium = figures(viewer=ANONYMOUS, filters=RegistryFilters(country=CycleCountry.BE)).as_dict()
    assert belgium["total"] == 5
    done_in_economy = figures(viewer=ANONYMOUS, filters=RegistryFilters(category=reg.categories["eco"].pk, status=Status.DONE))
    assert done_in_economy.total == 1
    in_lille = figures(viewer=ANONYMOUS, filters=RegistryFilters(city="lille"))
    assert in_lille.overall.by_status == statuses(postponed=1)


def test_trend_counts_each_month_end_from_the_first_assessment(reg: Registry) -> None:
    data = figures(viewer=ANONYMOUS, filters=RegistryFilters(as_of=datetime.date(2023, 5, 31)))
    points = {point.on: dict(point.counts.by_status) for point in data.trend}
    assert data.trend[0].on == datetime.date(2022, 3, 31)
    assert data.trend[-1].on == datetime.date(2023, 5, 31)
    assert len(data.trend) == 15
    assert points[datetime.date(2022, 3, 31)] == statuses(not_assessed=5, done=1)
    assert points[datetime.date(2023, 1, 31)] == statuses(not_assessed=3, done=1, in_progress=1, rejected=1)
    assert points[datetime.date(2023, 5, 31)] == statuses(not_assessed=2, done=1, in_progress=1, rejected=1, postponed=1)


def test_month_ends_end_on_the_date_itself() -> None:
    assert month_ends(datetime.date(2022, 11, 5), datetime.date(2023, 2, 14)) == [
        datetime.date(2022, 11, 30),
        datetime.date(2022, 12, 31),
        datetime.date(2023, 1, 31),
        datetime.date(2023, 2, 14),
    ]


def test_chronology_lists_cycle_theme_group_then_recommendations(reg: Registry) -> None:
    cycles = chronology(viewer=ANONYMOUS)
    outline = [
        (c.cycle.name, [(t.theme.code, [(g.label, [r.number for r in g.recommendations]) for g in t.groups]) for t in c.themes])
        for c in cycles
    ]
    assert outline == [
        (
            "2019-2020",
            [
                ("ACC", [("Bruxelles", ["1"]), ("Bruxelles, Charleroi–Mons", ["2"]), ("Charleroi–Mons", ["3"])]),
                ("GOV", [("Liège", ["1", "2"])]),
            ],
        ),
        ("2020-2021", [("NUM", [("Nord", ["1"])])]),
    ]
    gov1 = cycles[0].themes[1].groups[0].recommendations[0]
    assert (gov1.status, gov1.public_comment) == (Status.REJECTED, "Expliqué en assemblée générale.")


@pytest.mark.parametrize("volume", [6, 60])
def test_figures_run_eleven_queries_whatever_the_volume(reg: Registry, volume: int) -> None:
    add_volume(volume)
    with CaptureQueriesContext(connection) as queries:
        data = figures(viewer=ANONYMOUS)
    assert data.total == 6 + volume
    # overall (1), category, cycle, theme, group, country, department (6), cities (2), trend (2)
    assert len(queries) == 11


# --- Properties, on generated registries ------------------------------------------------------

DAY0 = datetime.date(2020, 1, 1)
PUBLISHED = datetime.datetime(2025, 1, 1, 12, tzinfo=datetime.UTC)
ASSESSABLE = [s for s in Status.values if s != Status.NOT_ASSESSED]

recommendation_specs = st.lists(
    st.fixed_dictionaries(
        {
            "cycle": st.integers(0, 2),
            "category": st.integers(0, 2),  # 2: none
            "groups": st.sets(st.integers(0, 2), max_size=2),
            "departments": st.sets(st.integers(0, 1), max_size=2),
            "internal": st.booleans(),
            "history": st.lists(
                st.tuples(st.integers(0, 1200), st.sampled_from(ASSESSABLE), st.booleans()), max_size=4, unique_by=lambda e: e[0]
            ),
        }
    ),
    max_size=8,
)


@contextmanager
def rolled_back() -> Iterator[None]:
    """One hypothesis example in its own transaction, undone afterwards."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def build(specs: list[dict]) -> None:
    cycles = [CycleFactory(starts_on=DAY0 + datetime.timedelta(days=300 * n), country=["BE", "FR", "BI"][n]) for n in range(3)]
    categories = [ThemeCategoryFactory(), ThemeCategoryFactory(), None]
    themes = {(c, k): ThemeFactory(cycle=cycles[c], category=categories[k]) for c in range(3) for k in range(3)}
    groups = [WorkingGroupFactory(theme=themes[(0, 0)], cities=city) for city in ("Bruxelles", "Liège–Namur", "Lille")]
    departments = [DepartmentFactory(), DepartmentFactory()]
    for spec in specs:
        rec = RecommendationFactory(
            theme=themes[(spec["cycle"], spec["category"])], is_internal=spec["internal"], groups=[groups[g] for g in spec["groups"]]
        )
        rec.departments.add(*[departments[d] for d in spec["departments"]])
        for day, status, published in spec["history"]:
            Assessment.objects.create(
                recommendation=rec,
                status=status,
                effective_date=DAY0 + datetime.timedelta(days=day),
                public_comment="Expliqué.",
                published_at=PUBLISHED if published else None,
            )


PROPERTY_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
dates = st.one_of(st.none(), st.integers(-10, 1300).map(lambda d: DAY0 + datetime.timedelta(days=d)))


@PROPERTY_SETTINGS
@given(specs=recommendation_specs, as_of=dates)
def test_statuses_sum_to_the_total_and_rates_lie_in_0_1(specs: list[dict], as_of: datetime.date | None) -> None:
    with rolled_back():
        build(specs)
        data = figures(viewer=ANONYMOUS, filters=RegistryFilters(as_of=as_of))
        public = Recommendation.objects.filter(is_internal=False)
        if as_of is not None:
            public = public.filter(cycle__starts_on__lte=as_of)
        assert data.total == public.count()
        for counts in [data.overall, *(row.counts for rows in data.breakdowns.values() for row in rows), *(p.counts for p in data.trend)]:
            assert set(counts.by_status) == set(STATUS_KEYS)
            assert sum(counts.by_status.values()) == counts.total
            assert all(n >= 0 for n in counts.by_status.values())
            for rate in (counts.completion_rate, counts.engagement_rate):
                assert rate is None or 0 <= rate <= 1
            if counts.completion_rate is not None and counts.engagement_rate is not None:
                assert counts.completion_rate <= counts.engagement_rate


@PROPERTY_SETTINGS
@given(specs=recommendation_specs, as_of=dates)
def test_partitions_sum_back_to_the_whole(specs: list[dict], as_of: datetime.date | None) -> None:
    with rolled_back():
        build(specs)
        data = figures(viewer=ANONYMOUS, filters=RegistryFilters(as_of=as_of))
        for name in BREAKDOWNS:
            rows = data.breakdowns[name]
            for key in STATUS_KEYS:
                summed = sum(row.counts.by_status[key] for row in rows)
                if name in PARTITIONS:
                    assert summed == data.overall.by_status[key], (name, key)
                else:  # a recommendation may count in several rows, never in none of group/department
                    assert summed >= data.overall.by_status[key] or name == "city", (name, key)
            # Every row is the figures of its registry filter (when it has one).
            for row in rows[:3]:
                if row.params and name != "city":
                    narrowed = figures(viewer=ANONYMOUS, filters=RegistryFilters(as_of=as_of, **_typed(row.params)))
                    assert narrowed.overall.by_status == row.counts.by_status, (name, row.key)


def _typed(params: dict) -> dict:
    return {key: (value if key in ("country", "city", "status") else int(value)) for key, value in params.items()}


@PROPERTY_SETTINGS
@given(specs=recommendation_specs, later=recommendation_specs, as_of=st.integers(0, 1300))
def test_figures_as_of_a_date_never_use_later_assessments(specs: list[dict], later: list[dict], as_of: int) -> None:
    day = DAY0 + datetime.timedelta(days=as_of)
    with rolled_back():
        build(specs)
        before = figures(viewer=ANONYMOUS, filters=RegistryFilters(as_of=day)).as_dict()
        # Anything recorded afterwards about later dates (new assessments of every recommendation).
        for rec in Recommendation.objects.all():
            for offset, entry in enumerate(later[:3]):
                for delta, status, _published in entry["history"][:1]:
                    Assessment.objects.create(
                        recommendation=rec,
                        status=status,
                        effective_date=day + datetime.timedelta(days=1 + delta + offset),
                        public_comment="Plus tard.",
                        published_at=PUBLISHED,
                    )
        after = figures(viewer=ANONYMOUS, filters=RegistryFilters(as_of=day)).as_dict()
        assert after == before


@PROPERTY_SETTINGS
@given(specs=recommendation_specs, as_of=st.integers(0, 1300))
def test_every_trend_point_is_the_figures_as_of_that_date(specs: list[dict], as_of: int) -> None:
    day = DAY0 + datetime.timedelta(days=as_of)
    with rolled_back():
        build(specs)
        trend = figures(viewer=ANONYMOUS, filters=RegistryFilters(as_of=day)).trend
        for point in trend[:: max(1, len(trend) // 4)] + trend[-1:]:
            assert point.counts == figures(viewer=ANONYMOUS, filters=RegistryFilters(as_of=point.on)).overall


def test_a_group_of_an_internal_theme_is_never_named_to_the_public(reg: Registry) -> None:
    hidden = WorkingGroupFactory(theme=ThemeFactory(cycle=reg.cycles["2019"], is_internal=True), name="Groupe confidentiel")
    reg.recs["acc1"].groups.add(hidden)
    public = [row.label for row in figures(viewer=ANONYMOUS).breakdowns["group"]]
    assert "Groupe confidentiel" not in public
    assert "Groupe confidentiel" in [row.label for row in figures(viewer=make_user("coordination")).breakdowns["group"]]
