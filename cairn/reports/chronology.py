"""The state of play's chronological list: cycle → theme → working group → recommendations,
as of a date, for its page, the PDF and the list exports (``cairn/reports/figures.py`` has
the counts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.utils.translation import gettext_lazy as _

from cairn.accounts.models import User
from cairn.recommendations.models import Assessment, Recommendation, WorkingGroup, is_current
from cairn.recommendations.selectors.registry import RegistryFilters, filtered_recommendations
from cairn.reports.figures import NO_FILTERS


@dataclass
class GroupBlock:
    """The recommendations one working group (or several, together) wrote in a theme."""

    label: str
    recommendations: list[Recommendation] = field(default_factory=list)


@dataclass
class ThemeBlock:
    theme: Any
    groups: list[GroupBlock] = field(default_factory=list)


@dataclass
class CycleBlock:
    cycle: Any
    themes: list[ThemeBlock] = field(default_factory=list)


def chronology(*, viewer: User | AnonymousUser, filters: RegistryFilters = NO_FILTERS) -> list[CycleBlock]:
    """Cycle → theme → working group → recommendations in the registry's order, each with
    its ``status``, ``status_date`` and ``public_comment`` as of ``filters.as_of``, as the
    state of play lists them. A recommendation written by several groups together is listed
    once, under those groups together. Two queries: the recommendations with cycle and
    theme (1), their groups (2)."""
    if is_current(filters.as_of):
        # Today's: the stored current assessment, one join.
        public_comment: Any = F("current_assessment__public_comment")
    else:
        public_comment = Subquery(Assessment.objects.latest_published(OuterRef("pk"), filters.as_of).values("public_comment")[:1])
    recommendations = (
        filtered_recommendations(viewer=viewer, filters=filters)
        .annotate(public_comment=public_comment)
        .select_related("cycle", "theme__category")
        .prefetch_related(Prefetch("groups", queryset=WorkingGroup.objects.order_by("name")))
        .in_chronological_order()
    )
    no_group = str(_("Sans groupe de travail"))
    cycles: list[CycleBlock] = []
    for rec in recommendations:
        if not cycles or cycles[-1].cycle.pk != rec.cycle_id:
            cycles.append(CycleBlock(cycle=rec.cycle))
        themes = cycles[-1].themes
        if not themes or themes[-1].theme.pk != rec.theme_id:
            themes.append(ThemeBlock(theme=rec.theme))
        label = ", ".join(group.name for group in rec.groups.all()) or no_group
        groups = themes[-1].groups
        block = next((g for g in groups if g.label == label), None)
        if block is None:
            block = GroupBlock(label=label)
            groups.append(block)
        block.recommendations.append(rec)
    return cycles
