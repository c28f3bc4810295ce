"""A pad's document compared with the registry: the plan of its import."""

from __future__ import annotations

from cairn.recommendations.imports.pad_markdown import PadDocument
from cairn.recommendations.imports.plan import CyclePlan, NewCycle, Problem, RegistryPlan
from cairn.recommendations.imports.planner import Planner, Row
from cairn.recommendations.models import Cycle, ThemeCategory


def plan_pad_import(
    document: PadDocument, *, cycle: Cycle | None = None, category: ThemeCategory | None = None, new_cycle: NewCycle | None = None
) -> RegistryPlan:
    """The plan of a pad's import into ``cycle``; without one, into the cycle to create
    (``new_cycle``) or the one the document names (front matter or title), created when the
    registry does not know it and the document gives its country."""
    plan = RegistryPlan(source="pad", unplaced=list(document.unplaced), ignored=list(document.ignored), structure=document.structure)
    plan.errors.extend(Problem(e.line, "", e.reason, e.text) for e in document.errors)
    if plan.errors:
        return plan
    planner = Planner(plan)
    if cycle is not None:
        cycle_plan: CyclePlan | None = planner.cycle_plan_for(cycle)
    elif new_cycle is not None:
        cycle_plan = planner.plan_new_cycle(0, new_cycle)
    else:
        cycle_plan = planner.resolve_cycle(document.cycle_line, document.cycle_name, document.cycle_country)
    if cycle_plan is None:
        return plan
    category_plan = planner.category_plan_for(category) if category else None
    theme = planner.resolve_theme(
        document.title_line, cycle_plan, document.title, category=category_plan, introduction=document.introduction
    )
    if theme is None:
        return plan
    groups = planner.resolve_groups(theme, document.groups, document.languages)
    planner.plan_people(groups, document.people)
    rows = [
        Row(
            item.line, cycle_plan, theme.title, item.number, item.title, item.text, item.section, item.kind,
            item.language or document.language, item.parent_number, category_plan, groups=list(document.groups),
            translations={language: (t.title, t.text) for language, t in item.translations.items()} or None,
        )
        for item in document.items
    ]  # fmt: skip
    planner.plan_rows(rows)
    return plan
