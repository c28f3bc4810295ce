"""What the staff pages that keep the registry's structure read."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from cairn.recommendations.models import Cycle, Theme, ThemeCategory, WorkingGroup


@dataclass
class StructureOverview:
    cycles: list[Cycle]
    categories: list[ThemeCategory]


def structure_overview() -> StructureOverview:
    """Every cycle with its themes (category, recommendation count) and their groups, and
    every theme category. Queries: cycles (1), their themes with category and count (2),
    the themes' groups (3), the categories (4) — whatever their number."""
    groups = WorkingGroup.objects.order_by("name").only("pk", "name", "theme_id")
    themes = (
        Theme.objects.select_related("category")
        .annotate(recommendation_count=Count("recommendations"))
        .prefetch_related(Prefetch("groups", queryset=groups))
        .order_by("title")
    )
    cycles = list(Cycle.objects.order_by("-starts_on", "name").prefetch_related(Prefetch("themes", queryset=themes)))
    return StructureOverview(cycles=cycles, categories=list(ThemeCategory.objects.order_by("position", "name_fr")))


def theme_for_staff() -> QuerySet[Theme]:
    """Themes as their staff page edits them: with their cycle (its start bounds what they may prolong)."""
    return Theme.objects.select_related("cycle")


def group_for_staff() -> QuerySet[WorkingGroup]:
    """Working groups as their staff page edits them: with their theme."""
    return WorkingGroup.objects.select_related("theme")
