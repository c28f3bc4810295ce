"""Writes of recommendations themselves: create, correct, and keep their search text.
Each is audited."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from cairn.core.audit import record_change, snapshot
from cairn.core.editing import refuse_stale
from cairn.core.search import normalise
from cairn.recommendations.models import (
    Recommendation,
)

#: What ``recommendation_update`` may change (and ``recommendation_create`` accepts besides
#: the theme and number): the cycle, theme and public reference never change. The staff's
#: edit form takes its fields from here.
RECOMMENDATION_FIELDS = ["title", "section", "number", "text", "kind", "language", "parent", "is_internal"]


def number_position(number: str) -> str:
    """A sort key for numbers as written: "2" < "2.3" < "10"; letters keep their order."""
    parts = re.findall(r"\d+|[^\d\W]+", number.lower())
    return ".".join(part.zfill(4) if part.isdigit() else part for part in parts)[:60] or "~"


def recommendation_reference(*, cycle_code: str, theme_code: str, number: str) -> str:
    """The stable public reference, e.g. ``2020-21/ACC/04``; it never changes afterwards."""
    cleaned = ".".join(part.zfill(2) if part.isdigit() else part for part in re.findall(r"\w+", number)) or number
    return f"{cycle_code}/{theme_code}/{cleaned}"


def recommendation_create(
    *, actor: Any, theme: Any, number: str, title: str, groups: Iterable[Any] = (), departments: Iterable[Any] = (), **fields: Any
) -> Recommendation:
    with transaction.atomic():
        recommendation = Recommendation(
            cycle=theme.cycle,
            theme=theme,
            number=number,
            position=number_position(number),
            title=title,
            reference=recommendation_reference(cycle_code=theme.cycle.code, theme_code=theme.code, number=number),
            **fields,
        )
        recommendation.full_clean(exclude=["groups", "departments"])
        recommendation.save()
        recommendation.groups.set(list(groups))
        recommendation.departments.set(list(departments))
        recommendation_refresh_search(recommendations=[recommendation])
        record_change(actor=actor, instance=recommendation, action="create", after=snapshot(recommendation, RECOMMENDATION_FIELDS))
    return recommendation


def recommendation_update(
    *,
    actor: Any,
    recommendation: Recommendation,
    departments: Iterable[Any] | None = None,
    expected_updated_at: datetime.datetime | None = None,
    **changes: Any,
) -> Recommendation:
    """Change text fields and the responsible departments; the cycle, theme and public
    reference never change. With ``expected_updated_at`` (the version the editor saw), an
    edit made on a version someone else has since changed raises ``StaleEdit`` (``cairn.core.editing``)."""
    unknown = set(changes) - set(RECOMMENDATION_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    with transaction.atomic():
        current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        refuse_stale(current, expected_updated_at)
        changes = {name: value for name, value in changes.items() if getattr(current, name) != value}
        before = snapshot(current, sorted(changes))
        old_departments = sorted(current.departments.values_list("pk", flat=True))
        new_departments = sorted(d.pk for d in departments) if departments is not None else old_departments
        if not changes and new_departments == old_departments:
            return current
        for name, value in changes.items():
            setattr(current, name, value)
        if "number" in changes:
            current.position = number_position(current.number)
        current.full_clean(exclude=["groups", "departments"])
        current.save(update_fields=[*changes, *(["position"] if "number" in changes else []), "updated_at"])
        after = snapshot(current, sorted(changes))
        if new_departments != old_departments:
            current.departments.set(new_departments)
            before["departments"], after["departments"] = old_departments, new_departments
        if set(changes) & SEARCHED_FIELDS:
            recommendation_refresh_search(recommendations=[current])
        record_change(actor=actor, instance=current, action="update", before=before, after=after)
    return current


#: The recommendation's own fields that ``search_text`` holds (with its theme's title and
#: its groups' names).
SEARCHED_FIELDS = {"number", "title", "section", "text"}


def recommendation_search_text(recommendation: Recommendation, group_names: Iterable[str]) -> str:
    parts = [
        recommendation.reference,
        recommendation.number,
        recommendation.title,
        recommendation.section,
        recommendation.text,
        recommendation.theme.title,
        *group_names,
    ]
    return normalise(" ".join(part for part in parts if part))


def recommendation_refresh_search(*, recommendations: Iterable[Recommendation]) -> int:
    """Rebuild ``search_text`` of these recommendations, e.g. after their groups changed or
    their theme was renamed: two reads, then a bulk UPDATE of the rows whose text changed."""
    recommendations = list(recommendations)
    ids = [r.pk for r in recommendations]
    rows = Recommendation.objects.filter(pk__in=ids).select_related("theme").prefetch_related("groups").order_by("pk")
    changed = []
    for row in rows:
        text = recommendation_search_text(row, sorted(group.name for group in row.groups.all()))
        if text != row.search_text:
            row.search_text = text
            changed.append(row)
    Recommendation.objects.bulk_update(changed, ["search_text"], batch_size=500)
    texts = {row.pk: row.search_text for row in changed}
    for recommendation in recommendations:  # keep the caller's instances in step
        if recommendation.pk in texts:
            recommendation.search_text = texts[recommendation.pk]
    return len(changed)
