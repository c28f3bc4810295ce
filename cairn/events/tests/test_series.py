"""Recurring series: materialised occurrences, each registered for, edited and cancelled
on its own or together."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.events.models import Event, EventStatus, Registration, Series
from cairn.events.recurrence import BRUSSELS
from cairn.events.services.events import event_cancel, event_update
from cairn.events.services.registrations import registration_register
from cairn.events.services.series import series_create, series_materialise, series_update

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.now().year + 1


def first_thursday(month: int) -> dt.datetime:
    day = dt.date(NEXT_YEAR, month, 1)
    day += dt.timedelta(days=(3 - day.weekday()) % 7)
    return dt.datetime.combine(day, dt.time(18, 0))


def afterworks(actor, **extra) -> Series:
    fields = {
        "title": "Afterwork à Lyon",
        "kind": "meetup",
        "meetup_format": "afterwork",
        "scope": "local",
        "city": "Lyon",
        "address": "Place Bellecour",
        "capacity": 10,
        "rule": "FREQ=MONTHLY;BYDAY=1TH;COUNT=6",
        "first_start": first_thursday(1),
        "duration": dt.timedelta(hours=2),
        **extra,
    }
    return series_create(actor=actor, **fields)


def local(event: Event) -> str:
    return event.starts_at.astimezone(BRUSSELS).strftime("%Y-%m-%d %H:%M")


def test_a_series_materialises_its_occurrences_once() -> None:
    organiser = UserFactory()
    series = afterworks(organiser, exceptions=[first_thursday(2).isoformat()])

    again = series_materialise(series=series)

    occurrences = list(series.occurrences.order_by("starts_at"))
    assert again == []
    assert [local(e) for e in occurrences] == [f"{first_thursday(m):%Y-%m-%d %H:%M}" for m in (1, 3, 4, 5, 6)]
    assert {e.title for e in occurrences} == {"Afterwork à Lyon"}
    assert all(list(e.organisers.all()) == [organiser] for e in occurrences)


def test_each_occurrence_has_its_own_registrations() -> None:
    series = afterworks(UserFactory())
    first, second = series.occurrences.order_by("starts_at")[:2]
    member = UserFactory()

    registration_register(event=first, user=member)

    assert list(Registration.objects.values_list("event_id", flat=True)) == [first.pk]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.confirmed_count, second.confirmed_count) == (1, 0)


def test_editing_one_occurrence_leaves_the_others_and_the_series_edit_skips_it() -> None:
    organiser = UserFactory()
    series = afterworks(organiser)
    first, second, third = series.occurrences.order_by("starts_at")[:3]

    event_update(actor=organiser, event=second, title="Afterwork spécial été", capacity=30)
    series_update(actor=organiser, series=series, title="Afterwork des sociétaires", address="Rue de la République 1")

    titles = {e.pk: (e.title, e.address, e.capacity) for e in Event.objects.filter(series=series)}
    assert titles[first.pk] == ("Afterwork des sociétaires", "Rue de la République 1", 10)
    assert titles[second.pk] == ("Afterwork spécial été", "Place Bellecour", 30)
    assert titles[third.pk] == ("Afterwork des sociétaires", "Rue de la République 1", 10)


def test_cancelling_one_occurrence_leaves_the_others() -> None:
    organiser = UserFactory()
    series = afterworks(organiser)
    first, second = series.occurrences.order_by("starts_at")[:2]

    event_cancel(actor=organiser, event=second)

    assert dict(Event.objects.filter(series=series).values_list("pk", "status"))[first.pk] == EventStatus.SCHEDULED
    second.refresh_from_db()
    assert second.status == EventStatus.CANCELLED
    assert Event.objects.filter(series=series, status=EventStatus.SCHEDULED).count() == 5
    # A later materialisation does not bring the cancelled date back.
    assert series_materialise(series=series) == []


def test_a_new_exception_removes_an_empty_occurrence_and_cancels_one_with_registrations() -> None:
    organiser = UserFactory()
    series = afterworks(organiser)
    first, second, third = series.occurrences.order_by("starts_at")[:3]
    registration_register(event=third, user=UserFactory())

    series_update(
        actor=organiser,
        series=series,
        exceptions=[first_thursday(2).isoformat(), first_thursday(3).isoformat()],
    )

    assert not Event.objects.filter(pk=second.pk).exists()
    third.refresh_from_db()
    assert third.status == EventStatus.CANCELLED
    assert Event.objects.filter(pk=first.pk, status=EventStatus.SCHEDULED).exists()


def test_a_bad_rule_is_refused_and_nothing_is_created() -> None:
    with pytest.raises(ValidationError):
        afterworks(UserFactory(), rule="FREQ=NEVER")
    assert (Series.objects.count(), Event.objects.count()) == (0, 0)


def test_the_dst_change_keeps_18_00() -> None:
    series = afterworks(UserFactory(), rule="FREQ=WEEKLY;COUNT=10", first_start=dt.datetime(NEXT_YEAR, 3, 1, 18, 0, tzinfo=BRUSSELS))
    times = {e.starts_at.astimezone(BRUSSELS).strftime("%H:%M") for e in series.occurrences.all()}
    offsets = {e.starts_at.astimezone(BRUSSELS).utcoffset() for e in series.occurrences.all()}
    assert times == {"18:00"}
    assert offsets == {dt.timedelta(hours=1), dt.timedelta(hours=2)}


def test_changing_the_series_time_moves_its_dates_and_keeps_their_registrations() -> None:
    organiser = UserFactory()
    series = afterworks(organiser)
    second = series.occurrences.order_by("starts_at")[1]
    registration = registration_register(event=second, user=UserFactory())

    series_update(actor=organiser, series=series, first_start=first_thursday(1) + dt.timedelta(hours=1))

    assert [local(e) for e in series.occurrences.order_by("starts_at")] == [
        f"{first_thursday(m) + dt.timedelta(hours=1):%Y-%m-%d %H:%M}" for m in range(1, 7)
    ]
    second.refresh_from_db()
    registration.refresh_from_db()
    assert (local(second), second.status, registration.status) == (
        f"{first_thursday(2):%Y-%m-%d} 19:00",
        EventStatus.SCHEDULED,
        "confirmed",
    )
