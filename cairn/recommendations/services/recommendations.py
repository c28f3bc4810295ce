"""Writes of recommendations themselves: create (one, or many at once), correct, and keep
their search text. Each is audited."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cairn.accounts.models import Department, Language
from cairn.core.audit import audit_entry, record_change, record_changes, snapshot
from cairn.core.editing import refuse_stale
from cairn.core.search import normalise
from cairn.recommendations.models import ASSIGNED_NUMBER_PREFIX, Kind, Recommendation, Theme, WorkingGroup
from cairn.recommendations.selectors.registry import registry_stamp

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


@dataclass
class NewRecommendation:
    """A recommendation for ``recommendation_create_many`` to write; its ``parent`` may be
    one already in the registry or another of the same batch."""

    theme: Theme
    number: str
    title: str
    groups: Sequence[WorkingGroup] = ()
    departments: Sequence[Department] = ()
    section: str = ""
    text: str = ""
    kind: str = Kind.RECOMMENDATION
    language: str = Language.FR
    parent: Recommendation | NewRecommendation | None = None
    is_internal: bool = False
    number_assigned: bool = False  # the number is one Cairn gave (« C3 »): the theme's counter follows it


def recommendation_create(
    *, actor: Any, theme: Any, number: str, title: str, groups: Iterable[Any] = (), departments: Iterable[Any] = (), **fields: Any
) -> Recommendation:
    """One new recommendation (``recommendation_create_many`` of one)."""
    unknown = set(fields) - set(RECOMMENDATION_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    item = NewRecommendation(theme=theme, number=number, title=title, groups=list(groups), departments=list(departments), **fields)
    [recommendation] = recommendation_create_many(actor=actor, recommendations=[item])
    return recommendation


def _depth(item: NewRecommendation) -> int:
    depth = 0
    parent = item.parent
    while isinstance(parent, NewRecommendation):
        depth += 1
        parent = parent.parent
    return depth


def _refuse_duplicates(recommendations: list[Recommendation]) -> None:
    """The uniqueness ``full_clean`` checks row by row, in a query per 2,000 recommendations:
    a number once per theme, a reference once in the registry."""
    seen_numbers: set[tuple[int, str]] = set()
    seen_references: set[str] = set()
    for start in range(0, len(recommendations), 2000):  # bounded query parameters, whatever the batch
        chunk = recommendations[start : start + 2000]
        taken = Recommendation.objects.filter(
            Q(reference__in=[r.reference for r in chunk])
            | Q(theme_id__in={r.theme_id for r in chunk}, number__in={r.number for r in chunk})
        ).values_list("theme_id", "number", "reference")
        for theme_id, number, reference in taken:
            seen_numbers.add((theme_id, number))
            seen_references.add(reference)
    for recommendation in recommendations:
        if (recommendation.theme_id, recommendation.number) in seen_numbers:
            raise ValidationError({NON_FIELD_ERRORS: [recommendation.unique_error_message(Recommendation, ("theme", "number"))]})
        if recommendation.reference in seen_references:
            raise ValidationError({"reference": [recommendation.unique_error_message(Recommendation, ("reference",))]})
        seen_numbers.add((recommendation.theme_id, recommendation.number))
        seen_references.add(recommendation.reference)


def recommendation_create_many(*, actor: Any, recommendations: Sequence[NewRecommendation]) -> list[Recommendation]:
    """Create recommendations in bulk — the registry import and the demo seed write hundreds
    at once: a few queries whatever their number, parents before their sub-items. Each is
    validated as ``full_clean`` would (field values, a number once per theme, a reference
    once), stored with its sort key, reference, groups, departments and search text, and
    audited as created. Returns them in the order given."""
    items = list(recommendations)
    with transaction.atomic():
        built: dict[int, Recommendation] = {}
        for item in items:
            if item.theme.pk is None:
                raise ValueError("A recommendation's theme must be saved first.")
            recommendation = Recommendation(
                cycle=item.theme.cycle,
                theme=item.theme,
                number=item.number,
                position=number_position(item.number),
                title=item.title,
                reference=recommendation_reference(cycle_code=item.theme.cycle.code, theme_code=item.theme.code, number=item.number),
                section=item.section,
                text=item.text,
                kind=item.kind,
                language=item.language,
                is_internal=item.is_internal,
                number_assigned=item.number_assigned,
            )
            if isinstance(item.parent, Recommendation):
                recommendation.parent = item.parent
            # The theme, cycle and parent are saved instances: no query to check them.
            recommendation.full_clean(exclude=["cycle", "theme", "parent"], validate_unique=False, validate_constraints=False)
            recommendation.search_text = recommendation_search_text(recommendation, sorted(group.name for group in item.groups))
            built[id(item)] = recommendation
        _refuse_duplicates(list(built.values()))

        # Parents before their sub-items, so that each sub-item has its parent's id.
        for depth in sorted({_depth(item) for item in items}):
            wave = [item for item in items if _depth(item) == depth]
            for item in wave:
                if isinstance(item.parent, NewRecommendation):
                    built[id(item)].parent = built[id(item.parent)]
            Recommendation.objects.bulk_create([built[id(item)] for item in wave], batch_size=1000)
        created = [built[id(item)] for item in items]

        Recommendation.groups.through.objects.bulk_create(
            [
                Recommendation.groups.through(recommendation_id=recommendation.pk, workinggroup_id=group.pk)
                for item, recommendation in zip(items, created, strict=True)
                for group in item.groups
            ],
            batch_size=2000,
        )
        Recommendation.departments.through.objects.bulk_create(
            [
                Recommendation.departments.through(recommendation_id=recommendation.pk, department_id=department.pk)
                for item, recommendation in zip(items, created, strict=True)
                for department in item.departments
            ],
            batch_size=2000,
        )
        record_changes(
            audit_entry(
                actor=actor,
                instance=recommendation,
                action="create",
                # A number Cairn gave is said so in the trail; a number as written needs no mention.
                after=snapshot(recommendation, RECOMMENDATION_FIELDS + ["number_assigned"] * recommendation.number_assigned),
            )
            for recommendation in created
        )
        _follow_assigned_numbers(items)
        registry_stamp.forget()  # bulk inserts send no signal
    return created


def _follow_assigned_numbers(items: list[NewRecommendation]) -> None:
    """Move each theme's counter of numbers given by Cairn past the ones just used, so that
    none is ever given twice (a conditional update: it only ever goes up)."""
    highest: dict[int, int] = {}
    for item in items:
        if item.number_assigned:
            value = int(item.number.removeprefix(ASSIGNED_NUMBER_PREFIX))
            highest[item.theme.pk] = max(value, highest.get(item.theme.pk, 0))
    for theme_id, value in highest.items():
        Theme.objects.filter(pk=theme_id, last_assigned_number__lt=value).update(last_assigned_number=value)


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
        if {"title", "text", "language"} & set(changes):
            from cairn.recommendations.services.suggestions import suggestions_refresh_later

            suggestions_refresh_later([current.pk])
        record_change(actor=actor, instance=current, action="update", before=before, after=after)
    return current


#: The recommendation's own fields that ``search_text`` holds (with its theme's title in
#: every language and its groups' names).
SEARCHED_FIELDS = {"number", "title", "section", "text"}


def recommendation_search_text(recommendation: Recommendation, group_names: Iterable[str]) -> str:
    parts = [
        recommendation.reference,
        recommendation.number,
        recommendation.title,
        recommendation.section,
        recommendation.text,
        recommendation.theme.title,
        recommendation.theme.title_nl,
        recommendation.theme.title_en,
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


# --- translations ---------------------------------------------------------------------------


def recommendation_translate(*, actor: Any, recommendation: Recommendation, language: str, title: str, text: str = "") -> Any:
    """Give ``recommendation`` its title and text in ``language`` (another than its
    original), or change them; audited. A title past 300 characters, an unknown language
    or the original's own language raise ``ValidationError`` and nothing is stored."""
    from cairn.recommendations.models import RecommendationTranslation

    if language == recommendation.language:
        raise ValidationError({"language": [_("La recommandation est déjà dans cette langue : une traduction est dans une autre langue.")]})
    with transaction.atomic():
        current = RecommendationTranslation.objects.select_for_update().filter(recommendation=recommendation, language=language).first()
        translation = current or RecommendationTranslation(recommendation=recommendation, language=language)
        before = snapshot(translation, ["title", "text"]) if current else None
        if current and (current.title, current.text) == (title, text):
            return current
        translation.title, translation.text = title, text
        translation.full_clean(exclude=["recommendation"], validate_unique=False)
        translation.save()
        # A translation is part of the recommendation: its change time moves, so the
        # registry's stamp and the pages kept under it show the new title and text.
        recommendation.save(update_fields=["updated_at"])
        record_change(
            actor=actor,
            instance=translation,
            action="update" if current else "create",
            before=before,
            after=snapshot(translation, ["language", "title", "text"]),
        )
    return translation


# --- links between cycles ---------------------------------------------------------------------


def recommendation_link_add(*, actor: Any, source: Recommendation, target: Recommendation, kind: str) -> Any:
    """Link ``source`` to a recommendation of another cycle: the same demand made again,
    a continuation, or a merger into it; audited on ``source``. A link to itself, within one
    cycle, or between two recommendations already linked raises ``ValidationError``."""
    from cairn.recommendations.models import LinkKind, RecommendationLink

    if kind not in LinkKind.values:
        raise ValidationError({"kind": [_("Type de lien inconnu.")]})
    if source.pk == target.pk:
        raise ValidationError({"target": [_("Une recommandation ne peut pas être liée à elle-même.")]})
    if source.cycle_id == target.cycle_id:
        raise ValidationError({"target": [_("Un lien relie deux recommandations de cycles différents.")]})
    with transaction.atomic():
        pair = Q(source=source, target=target) | Q(source=target, target=source)
        if RecommendationLink.objects.select_for_update().filter(pair).exists():
            raise ValidationError({"target": [_("Ces deux recommandations sont déjà liées.")]})
        link = RecommendationLink(source=source, target=target, kind=kind)
        link.full_clean(validate_unique=False, validate_constraints=False)
        link.save()
        record_change(actor=actor, instance=source, action="link_added", after={"link": f"{kind} {target.reference}"})
    registry_stamp.forget()
    return link


def recommendation_link_remove(*, actor: Any, link: Any) -> None:
    """Remove a link between two recommendations; audited on its source."""
    with transaction.atomic():
        source, target, kind = link.source, link.target, link.kind
        link.delete()
        record_change(actor=actor, instance=source, action="link_removed", before={"link": f"{kind} {target.reference}"})
    registry_stamp.forget()
