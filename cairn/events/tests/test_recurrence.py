"""Recurrence rules, checked with hypothesis: occurrences never repeat, respect the
exceptions and the rule's bounds, and keep their Brussels wall-clock time across the
daylight-saving changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from cairn.events.recurrence import BRUSSELS, describe, local_starts, to_aware


def wall(*parts: int) -> dt.datetime:
    """A Brussels wall-clock time: naive on purpose, as recurrence rules read them."""
    return dt.datetime(*parts)  # noqa: DTZ001


RULES = st.sampled_from(
    [
        "FREQ=WEEKLY",
        "FREQ=WEEKLY;INTERVAL=2",
        "FREQ=WEEKLY;BYDAY=TU,TH",
        "FREQ=MONTHLY;BYDAY=1TH",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=MONTHLY;BYMONTHDAY=15",
        "FREQ=DAILY;INTERVAL=3",
    ]
)
STARTS = st.datetimes(min_value=wall(2024, 1, 1), max_value=wall(2030, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0, minute=d.minute - d.minute % 15)
)


@settings(max_examples=150, deadline=None)
@given(
    rule=RULES,
    first=STARTS,
    count=st.integers(min_value=1, max_value=40),
    drop=st.lists(st.integers(min_value=0, max_value=39), max_size=8),
)
def test_occurrences_are_unique_ordered_bounded_and_skip_exceptions(rule: str, first: dt.datetime, count: int, drop: list[int]) -> None:
    bounded = f"{rule};COUNT={count}"
    everything = local_starts(bounded, first, [], wall(2100, 1, 1))
    exceptions = [everything[i] for i in drop if i < len(everything)]

    starts = local_starts(bounded, first, exceptions, wall(2100, 1, 1))

    assert len(everything) == count  # COUNT is respected
    assert starts == sorted(set(starts))  # ordered, never twice
    assert not set(starts) & set(exceptions)
    assert set(starts) | set(exceptions) == set(everything)
    assert all(start >= first for start in starts)  # nothing before the first date
    assert all(start.time() == first.time() for start in starts)  # same wall-clock time


@settings(max_examples=100, deadline=None)
@given(rule=RULES, first=STARTS, days=st.integers(min_value=1, max_value=800))
def test_until_bounds_the_occurrences(rule: str, first: dt.datetime, days: int) -> None:
    until = first + dt.timedelta(days=days)
    starts = local_starts(rule, first, [], until)
    assert all(first <= start <= until for start in starts)
    assert starts == sorted(set(starts))


@settings(max_examples=100, deadline=None)
@given(first=STARTS.filter(lambda d: d.hour not in (2,)), weeks=st.integers(min_value=53, max_value=70))
def test_wall_clock_time_is_kept_across_daylight_saving(first: dt.datetime, weeks: int) -> None:
    """A weekly series over a year crosses both DST changes: the local time
    stays, so the UTC offset changes (+01:00 in winter, +02:00 in summer)."""
    starts = [to_aware(s) for s in local_starts(f"FREQ=WEEKLY;COUNT={weeks}", first, [], wall(2100, 1, 1))]

    assert {s.astimezone(BRUSSELS).time() for s in starts} == {first.time()}
    assert {s.utcoffset() for s in starts} == {dt.timedelta(hours=1), dt.timedelta(hours=2)}


def test_a_monthly_afterwork_keeps_18_00_through_the_march_change() -> None:
    starts = [to_aware(s) for s in local_starts("FREQ=MONTHLY;BYDAY=1TH;COUNT=4", wall(2027, 2, 4, 18, 0), [], wall(2100, 1, 1))]
    assert [s.isoformat() for s in starts] == [
        "2027-02-04T18:00:00+01:00",
        "2027-03-04T18:00:00+01:00",
        "2027-04-01T18:00:00+02:00",
        "2027-05-06T18:00:00+02:00",
    ]


def test_a_time_skipped_by_the_spring_change_moves_forward() -> None:
    assert to_aware(wall(2027, 3, 28, 2, 30)).isoformat() == "2027-03-28T03:30:00+02:00"


@pytest.mark.parametrize("rule", ["", "FREQ=SOMETIMES", "DTSTART:20200101T000000\nRRULE:FREQ=DAILY", "BYDAY=XX"])
def test_a_bad_rule_is_a_validation_error(rule: str) -> None:
    with pytest.raises(ValidationError):
        local_starts(rule, wall(2027, 1, 1, 18), [], wall(2028, 1, 1))


def test_common_rules_read_as_words() -> None:
    assert describe("FREQ=MONTHLY;BYDAY=1TH") == "Chaque mois, le premier jeudi"
    assert describe("FREQ=WEEKLY;INTERVAL=2") == "Toutes les deux semaines"
    assert describe("FREQ=MONTHLY;BYDAY=-1FR") == "Chaque mois, le dernier vendredi"
