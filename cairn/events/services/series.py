"""Recurring series (ADR 0011): their dates are ``Event`` rows, created ahead by
``series_materialise``; editing the series changes every upcoming date not edited alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from cairn.core.audit import record_change, snapshot
from cairn.core.editing import refuse_stale
from cairn.events import recurrence
from cairn.events.models import ACTIVE_STATUSES, Event, EventStatus, Series
from cairn.events.services.events import DETAIL_FIELDS, event_cancel, event_update, set_links, validate_event

#: The fields ``series_update`` may change: the details its dates share, and its schedule.
SERIES_FIELDS = [*DETAIL_FIELDS, "rule", "first_start", "duration", "exceptions"]


def _occurrence_fields(series: Series) -> dict[str, Any]:
    return {name: getattr(series, name) for name in DETAIL_FIELDS}


def series_materialise(*, series: Series, until: dt.datetime | None = None) -> list[Event]:
    """Create the occurrences the rule generates up to ``until`` (a year ahead by default)
    that do not exist yet. Running it again creates nothing twice (UNIQUE series +
    occurrence key)."""
    until_local = recurrence.to_local(until or timezone.now() + recurrence.HORIZON)
    starts = recurrence.local_starts(series.rule, series.first_start, _exceptions(series), until_local)
    existing = set(Event.objects.filter(series=series).values_list("occurrence_key", flat=True))
    organisers = list(series.organisers.all())
    recommendations = list(series.recommendations.all())
    categories = list(series.categories.all())
    projects = list(series.projects.all())
    created = []
    for local_start in starts:
        start = recurrence.to_aware(local_start)
        if start in existing:
            continue
        event = Event(
            series=series,
            occurrence_key=start,
            starts_at=start,
            ends_at=recurrence.to_aware(local_start + series.duration),
            created_by=series.created_by,
            **_occurrence_fields(series),
        )
        event.save()
        set_links(event, organisers, recommendations, categories, projects)
        created.append(event)
    return created


def _exceptions(series: Series) -> list[dt.datetime]:
    return [dt.datetime.fromisoformat(value) for value in series.exceptions]


def _validate_series(series: Series) -> None:
    recurrence.parse_rule(series.rule, series.first_start)
    probe = Event(starts_at=timezone.now(), ends_at=timezone.now() + series.duration, **_occurrence_fields(series))
    probe.office_id = series.office_id
    probe.sector_id = series.sector_id
    validate_event(probe)
    series.meetup_format = probe.meetup_format


def series_create(
    *,
    actor: Any,
    organisers: Iterable[Any] | None = None,
    recommendations: Iterable[Any] | None = None,
    categories: Iterable[Any] | None = None,
    projects: Iterable[Any] | None = None,
    until: dt.datetime | None = None,
    **fields: Any,
) -> Series:
    """A recurring series and its occurrences. ``first_start`` is naive local time."""
    first_start = fields.pop("first_start")
    series = Series(
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        first_start=first_start if timezone.is_aware(first_start) else recurrence.to_aware(first_start),
        **fields,
    )
    _validate_series(series)
    with transaction.atomic():
        series.save()
        set_links(series, organisers if organisers is not None else ([actor] if actor else []), recommendations, categories, projects)
        series_materialise(series=series, until=until)
        record_change(actor=actor, instance=series, action="series_create", after={"title": series.title, "rule": series.rule})
    return series


def series_update(
    *,
    actor: Any,
    series: Series,
    organisers: Iterable[Any] | None = None,
    recommendations: Iterable[Any] | None = None,
    categories: Iterable[Any] | None = None,
    projects: Iterable[Any] | None = None,
    expected_updated_at: dt.datetime | None = None,
    **fields: Any,
) -> Series:
    """Change the series and every upcoming occurrence not edited on its own. A changed rule
    or new exceptions remove the occurrences that no longer fall on it (cancelled instead
    when people registered), and add the new ones. A stale edit (the series changed since
    the version ``expected_updated_at``) raises ``StaleEdit`` and writes nothing."""
    unknown = set(fields) - set(SERIES_FIELDS)
    if unknown:
        raise TypeError(f"Unknown series fields: {sorted(unknown)}")
    if "first_start" in fields and not timezone.is_aware(fields["first_start"]):
        fields["first_start"] = recurrence.to_aware(fields["first_start"])
    with transaction.atomic():
        series = Series.objects.select_for_update().get(pk=series.pk)
        refuse_stale(series, expected_updated_at)
        before = snapshot(series, sorted(fields))
        for name, value in fields.items():
            setattr(series, name, value)
        _validate_series(series)
        series.save(update_fields=[*fields, "updated_at"])
        set_links(series, organisers, recommendations, categories, projects)
        now = timezone.now()
        upcoming = Event.objects.filter(series=series, starts_at__gt=now, detached=False, status=EventStatus.SCHEDULED)
        # Which occurrence keys the rule still generates.
        horizon_local = recurrence.to_local(now + recurrence.HORIZON)
        keys = {
            recurrence.to_aware(start)
            for start in recurrence.local_starts(series.rule, series.first_start, _exceptions(series), horizon_local)
        }
        detail_changes = {name: value for name, value in fields.items() if name in DETAIL_FIELDS}
        # A date whose time changed (18:00 → 19:00) keeps its event and its registrations:
        # it moves to the new key of the same day rather than being cancelled and recreated.
        taken = set(Event.objects.filter(series=series).values_list("occurrence_key", flat=True))
        free_key_of_day = {recurrence.to_local(key).date(): key for key in keys if key not in taken}
        for event in upcoming:
            moved_to = free_key_of_day.pop(recurrence.to_local(event.occurrence_key).date(), None)  # type: ignore[arg-type]
            if event.occurrence_key not in keys and moved_to is not None:
                event.occurrence_key = moved_to
                event.save(update_fields=["occurrence_key", "updated_at"])
            if event.occurrence_key not in keys:
                if event.registrations.filter(status__in=ACTIVE_STATUSES).exists():
                    event_cancel(actor=actor, event=event)
                else:
                    event.delete()
                continue
            local_key = recurrence.to_local(event.occurrence_key)  # type: ignore[arg-type]
            changes = dict(detail_changes)
            changes["starts_at"] = event.occurrence_key
            changes["ends_at"] = recurrence.to_aware(local_key + series.duration)
            event_update(
                actor=actor,
                event=event,
                detach=False,
                organisers=organisers,
                recommendations=recommendations,
                categories=categories,
                projects=projects,
                **changes,
            )
        series_materialise(series=series)
        record_change(actor=actor, instance=series, action="series_update", before=before, after=snapshot(series, sorted(fields)))
    return series
