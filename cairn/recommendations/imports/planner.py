"""Compare rows read from a file with the registry and fill the plan, with a fixed number
of queries per cycle and theme."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from django.db.models import Prefetch
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cairn.accounts.models import Department
from cairn.recommendations.imports.plan import (
    AssessmentPlan,
    CategoryPlan,
    CyclePlan,
    GroupPlan,
    NewCycle,
    Problem,
    RecommendationPlan,
    RegistryPlan,
    ThemePlan,
    _fold,
    cycle_code_for,
    cycle_start_for,
    theme_code_for,
)
from cairn.recommendations.models import (
    ASSIGNED_NUMBER_PREFIX,
    Cycle,
    CycleCountry,
    GroupPerson,
    Kind,
    Recommendation,
    Status,
    Theme,
    ThemeCategory,
    WorkingGroup,
)

_COUNTRY_WORDS = {
    "be": CycleCountry.BE, "belgique": CycleCountry.BE, "belgie": CycleCountry.BE, "belgium": CycleCountry.BE,
    "fr": CycleCountry.FR, "france": CycleCountry.FR, "frankrijk": CycleCountry.FR,
    "bi": CycleCountry.BINATIONAL, "binational": CycleCountry.BINATIONAL, "binationaal": CycleCountry.BINATIONAL,
    "be+fr": CycleCountry.BINATIONAL, "be/fr": CycleCountry.BINATIONAL, "be-fr": CycleCountry.BINATIONAL,
}  # fmt: skip

#: How alike (0–1, ``difflib``) an unnumbered row's title and a recommendation Cairn numbered
#: must be to count as the same one renamed.
RENAMED_RATIO = 0.8


@dataclass
class Row:
    """A recommendation as read from a row or a pad item, before it meets the registry."""

    line: int
    cycle: CyclePlan
    theme_title: str
    number: str
    title: str
    text: str = ""
    section: str = ""
    kind: str = Kind.RECOMMENDATION
    language: str | None = None
    parent_number: str | None = None
    category: CategoryPlan | None = None
    theme_code: str = ""
    groups: list[str] | None = None
    departments: list[Department] | None = None
    status: str = ""
    status_date: datetime.date | None = None
    public_comment: str = ""
    translations: dict[str, tuple[str, str]] | None = None  # language → (title, text): a bilingual pad's other half


class Planner:
    """Compares rows with the registry, with a fixed number of queries per cycle and theme."""

    def __init__(self, plan: RegistryPlan) -> None:
        self.plan = plan
        self.cycles: dict[str, CyclePlan] = {}
        self.categories: dict[str, CategoryPlan] = {}
        self.themes: dict[tuple[str, str], ThemePlan] = {}
        self.groups: dict[tuple[tuple[str, str], str], GroupPlan] = {}
        self._codes_taken: dict[str, set[str]] = {}
        self._existing_themes: dict[str, dict[str, Theme]] = {}
        self._existing_groups: dict[tuple[str, str], dict[str, WorkingGroup]] = {}
        self._all_cycles = list(Cycle.objects.all())
        self._all_categories = list(ThemeCategory.objects.all())

    def error(self, line: int, column: str, message: str) -> None:
        self.plan.errors.append(Problem(line, column, message))

    # cycles ---------------------------------------------------------------------------
    def cycle_plan_for(self, cycle: Cycle) -> CyclePlan:
        if cycle.slug not in self.cycles:
            self.cycles[cycle.slug] = CyclePlan(cycle.name, cycle.slug, cycle.code, cycle.country, cycle.starts_on, cycle)
            self.plan.cycles.append(self.cycles[cycle.slug])
        return self.cycles[cycle.slug]

    def resolve_cycle(self, line: int, value: str, country_value: str) -> CyclePlan | None:
        country = ""
        if country_value:
            country = _COUNTRY_WORDS.get(_fold(country_value).replace(" ", ""), "")
            if not country:
                self.error(line, "country", _("Pays inconnu « %(value)s » : BE, FR ou binational.") % {"value": country_value})
                return None
        folded = value.casefold()
        matches = [c for c in self._all_cycles if folded in {c.slug.casefold(), c.code.casefold(), c.name.casefold()}]
        if country:
            matches = [c for c in matches if c.country == country]
        if len(matches) == 1:
            return self.cycle_plan_for(matches[0])
        if len(matches) > 1:
            self.error(
                line, "cycle", _("Plusieurs cycles s’appellent « %(value)s » : précisez le pays (colonne country).") % {"value": value}
            )
            return None
        return self._new_cycle(line, value, country, None)

    def plan_new_cycle(self, line: int, new: NewCycle) -> CyclePlan | None:
        """A cycle the coordinator asked to create, unless one of that name and country exists."""
        country = _COUNTRY_WORDS.get(_fold(new.country).replace(" ", ""), "") if new.country else ""
        folded = new.name.strip().casefold()
        for existing in self._all_cycles:
            if folded in {existing.slug.casefold(), existing.code.casefold(), existing.name.casefold()} and (
                not country or existing.country == country
            ):
                return self.cycle_plan_for(existing)
        return self._new_cycle(line, new.name.strip(), country, new.starts_on)

    def _new_cycle(self, line: int, value: str, country: str, starts_on: datetime.date | None) -> CyclePlan | None:
        slug = slugify(f"{value}-{country}" if country else value)[:40]
        if slug in self.cycles:
            return self.cycles[slug]
        starts_on = starts_on or cycle_start_for(value)
        if not value:
            self.error(
                line,
                "cycle",
                _(
                    "Le document ne dit pas à quel cycle il appartient : choisissez le cycle, ou nommez-le dans son en-tête (cycle : 2022-2023)."
                ),
            )
            return None
        if not country or starts_on is None:
            self.error(
                line,
                "cycle" if starts_on is None else "country",
                _(
                    "Cycle inconnu « %(value)s » : pour le créer, donnez un nom avec ses années (« 2019-2020 ») et le pays (colonne country d’un tableau, « pays : » dans l’en-tête d’un pad, ou le formulaire)."
                )
                % {"value": value},
            )
            return None
        code = cycle_code_for(value)
        codes = {c.code for c in self._all_cycles} | {c.code for c in self.cycles.values()}
        if code in codes:
            code = f"{code}-{country}"[:12]
        if code in codes or Cycle.objects.filter(slug=slug).exists():
            self.error(
                line,
                "cycle",
                _("Impossible de créer le cycle « %(value)s » : son code %(code)s existe déjà.") % {"value": value, "code": code},
            )
            return None
        plan = CyclePlan(value[:40], slug, code, country, starts_on)
        self.cycles[slug] = plan
        self.plan.cycles.append(plan)
        return plan

    # categories -----------------------------------------------------------------------
    def resolve_category(self, value: str) -> CategoryPlan:
        key = value.casefold()
        if key in self.categories:
            return self.categories[key]
        for category in self._all_categories:
            if key in {category.slug.casefold(), category.name_fr.casefold(), category.name_nl.casefold(), category.name_en.casefold()}:
                plan = CategoryPlan(category.name_fr, category.slug, category)
                break
        else:
            base = slugify(value)[:55] or "categorie"
            slug, n = base, 2
            taken = {c.slug for c in self._all_categories} | {c.slug for c in self.categories.values()}
            while slug in taken:
                slug, n = f"{base}-{n}", n + 1
            plan = CategoryPlan(value[:200], slug)
        self.categories[key] = plan
        if plan not in self.plan.categories:
            self.plan.categories.append(plan)
        return plan

    def category_plan_for(self, category: ThemeCategory) -> CategoryPlan:
        return self.resolve_category(category.slug)

    # themes ---------------------------------------------------------------------------
    def _load_themes(self, cycle: CyclePlan) -> dict[str, Theme]:
        if cycle.slug not in self._existing_themes:
            themes = list(Theme.objects.filter(cycle=cycle.instance).select_related("category")) if cycle.instance else []
            self._existing_themes[cycle.slug] = {t.title.casefold(): t for t in themes}
            self._codes_taken[cycle.slug] = {t.code for t in themes}
        return self._existing_themes[cycle.slug]

    def resolve_theme(
        self, line: int, cycle: CyclePlan, title: str, *, category: CategoryPlan | None, code: str = "", introduction: str = ""
    ) -> ThemePlan | None:
        key = (cycle.slug, title.casefold())
        if key in self.themes:
            return self.themes[key]
        existing = self._load_themes(cycle).get(title.casefold())
        taken = self._codes_taken[cycle.slug]
        if existing is not None:
            plan = ThemePlan(cycle, existing.title, existing.code, category, existing.introduction, existing)
            if category is not None and existing.category_id != (category.instance.pk if category.instance else None):
                plan.changes["category"] = (existing.category.name_fr if existing.category else "", category.name)
            if introduction and introduction != existing.introduction:
                plan.changes["introduction"] = (existing.introduction, introduction)
                plan.introduction = introduction
        else:
            code = code.strip().upper()
            if code and (code in taken or not re.fullmatch(r"[A-Z0-9-]{1,12}", code)):
                self.error(line, "theme_code", _("Code de thématique « %(code)s » invalide ou déjà pris dans ce cycle.") % {"code": code})
                return None
            code = code or theme_code_for(title, taken)
            taken.add(code)
            plan = ThemePlan(cycle, title[:200], code, category, introduction)
        self.themes[key] = plan
        self.plan.themes.append(plan)
        return plan

    # groups ---------------------------------------------------------------------------
    def resolve_groups(self, theme: ThemePlan, names: list[str], languages: list[str] | None = None) -> list[GroupPlan]:
        if theme.key not in self._existing_groups:
            groups = theme.instance.groups.all() if theme.instance else []
            self._existing_groups[theme.key] = {g.name.casefold(): g for g in groups}
        existing = self._existing_groups[theme.key]
        plans = []
        for name in names:
            key = (theme.key, name.casefold())
            if key not in self.groups:
                group = existing.get(name.casefold())
                plan = GroupPlan(theme, group.name if group else name[:200], list(languages or []), group)
                self.groups[key] = plan
                self.plan.groups.append(plan)
            plans.append(self.groups[key])
        return plans

    # recommendations ------------------------------------------------------------------
    def plan_rows(self, rows: list[Row]) -> None:
        seen: dict[tuple[tuple[str, str], str], int] = {}
        by_theme: dict[tuple[str, str], list[tuple[Row, ThemePlan]]] = defaultdict(list)
        for row in rows:
            theme = self.resolve_theme(row.line, row.cycle, row.theme_title, category=row.category, code=row.theme_code)
            if theme is None:
                continue
            key = (theme.key, row.number or f"title:{_fold(row.title)}")
            if key in seen:
                self.error(
                    row.line,
                    "number",
                    _("Le numéro %(number)s de cette thématique figure déjà à la ligne %(row)s.") % {"number": row.number, "row": seen[key]}
                    if row.number
                    else _("Une recommandation sans numéro du même titre figure déjà à la ligne %(row)s.") % {"row": seen[key]},
                )
                continue
            seen[key] = row.line
            by_theme[theme.key].append((row, theme))

        existing_themes = [t.instance for t in self.themes.values() if t.instance is not None]
        existing: dict[tuple[int, str], Recommendation] = {}
        if existing_themes:
            queryset = (
                Recommendation.objects.filter(theme__in=existing_themes)
                .select_related("parent")
                .prefetch_related(
                    Prefetch("groups", queryset=WorkingGroup.objects.only("pk", "name")),
                    Prefetch("departments", queryset=Department.objects.only("pk")),
                    "translations",
                )
            )
            existing = {(r.theme_id, r.number): r for r in queryset}

        planned: list[RecommendationPlan] = []
        for entries in by_theme.values():
            assigned = self._assign_numbers(entries, existing)
            numbers_in_file = {row.number for row, _theme in entries}
            for row, theme in entries:
                if not row.number:
                    continue  # an unnumbered row that cannot be matched: its error is listed
                instance = existing.get((theme.instance.pk, row.number)) if theme.instance else None
                if row.parent_number is None and "." in row.number:
                    # "4.1" is a sub-item of "4" when the theme has a 4 (in the file or already).
                    candidate = row.number.rsplit(".", 1)[0]
                    if candidate in numbers_in_file or (theme.instance and (theme.instance.pk, candidate) in existing):
                        row.parent_number = candidate
                if row.parent_number:
                    known = row.parent_number in numbers_in_file or (theme.instance and (theme.instance.pk, row.parent_number) in existing)
                    if not known:
                        self.error(
                            row.line,
                            "parent",
                            _("La recommandation parente %(number)s n’existe pas dans cette thématique.") % {"number": row.parent_number},
                        )
                        continue
                    if row.parent_number == row.number:
                        self.error(row.line, "parent", _("Une recommandation ne peut pas être sa propre parente."))
                        continue
                groups = self.resolve_groups(theme, row.groups) if row.groups is not None else None
                plan = RecommendationPlan(
                    row.line,
                    theme,
                    row.number,
                    row.title,
                    row.text,
                    row.section,
                    row.kind,
                    row.language,
                    row.parent_number,
                    groups,
                    row.departments,
                    instance,
                    number_assigned=id(row) in assigned,
                )
                if row.translations:
                    plan.translations = self._new_translations(instance, row.translations)
                if instance is not None:
                    plan.changes = self._changes(instance, plan)
                planned.append(plan)
                if row.status and row.status != Status.NOT_ASSESSED and row.status_date is not None:
                    self.plan.assessments.append(AssessmentPlan(row.line, plan, row.status, row.status_date, row.public_comment))
        self.plan.recommendations.extend(planned)
        self._drop_unchanged_assessments()

    def _assign_numbers(self, entries: list[tuple[Row, ThemePlan]], existing: dict[tuple[int, str], Recommendation]) -> set[int]:
        """Number the rows of one theme that came without a number. One of the same title as
        a recommendation Cairn numbered before is that one again; a new one gets the theme's
        next number (« C4 »), never one given before. A title close to one Cairn numbered
        that no row of the file matches is a renamed recommendation: an error, since nothing
        says which it is. Returns the ids of the rows numbered anew."""
        theme = entries[0][1]
        known = [r for (theme_id, _n), r in existing.items() if theme.instance and theme_id == theme.instance.pk and r.number_assigned]
        by_title = {_fold(r.title): r for r in known}
        unnumbered = [row for row, _theme in entries if not row.number]
        if not unnumbered:
            return set()
        titles_in_file = {_fold(row.title) for row, _theme in entries}
        unmatched = [r for r in known if _fold(r.title) not in titles_in_file and r.number not in {row.number for row, _t in entries}]
        counter = theme.instance.last_assigned_number if theme.instance else 0
        fresh: set[int] = set()
        for row in unnumbered:
            folded = _fold(row.title)
            if folded in by_title:
                row.number = by_title[folded].number
                continue
            renamed = next((r for r in unmatched if SequenceMatcher(None, folded, _fold(r.title)).ratio() >= RENAMED_RATIO), None)
            if renamed is not None:
                self.error(
                    row.line,
                    "title",
                    _(
                        "Cette recommandation sans numéro ressemble à %(number)s « %(title)s », dont le titre aurait changé : "
                        "écrivez son numéro %(number)s pour la mettre à jour, ou un titre bien distinct pour en créer une nouvelle."
                    )
                    % {"number": renamed.number, "title": renamed.title},
                )
                continue
            counter += 1
            row.number = f"{ASSIGNED_NUMBER_PREFIX}{counter}"
            fresh.add(id(row))
        return fresh

    @staticmethod
    def _new_translations(instance: Recommendation | None, translations: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
        """The translations a row brings that the recommendation does not have as they are."""
        existing = {t.language: (t.title, _same_text(t.text)) for t in instance.translations.all()} if instance else {}
        return {
            language: (title, text)
            for language, (title, text) in translations.items()
            if existing.get(language) != (title, _same_text(text))
        }

    def _changes(self, instance: Recommendation, plan: RecommendationPlan) -> dict[str, tuple[Any, Any]]:
        changes: dict[str, tuple[Any, Any]] = {}
        for name in ("title", "text", "section", "kind"):
            before, after = getattr(instance, name), getattr(plan, name)
            if _same_text(before) != _same_text(after):
                changes[name] = (before, after)
        if plan.language is not None and plan.language != instance.language:
            changes["language"] = (instance.language, plan.language)
        parent_before = instance.parent.number if instance.parent else None
        if plan.parent_number != parent_before:
            changes["parent"] = (parent_before, plan.parent_number)
        if plan.groups is not None:
            before_groups = sorted(g.name for g in instance.groups.all())
            after_groups = sorted({g.instance.name if g.instance else g.name for g in plan.groups} | set(before_groups))
            if before_groups != after_groups:
                changes["groups"] = (", ".join(before_groups), ", ".join(after_groups))
        if plan.departments is not None:
            before_ids = {d.pk for d in instance.departments.all()}
            if before_ids != {d.pk for d in plan.departments}:
                changes["departments"] = (len(before_ids), ", ".join(d.name_fr for d in plan.departments))
        return changes

    def _drop_unchanged_assessments(self) -> None:
        """Keep an assessment only if it differs from the status at its date."""
        by_date: dict[datetime.date, list[AssessmentPlan]] = defaultdict(list)
        for assessment in self.plan.assessments:
            if assessment.recommendation.instance is not None:
                by_date[assessment.effective_date].append(assessment)
        unchanged: set[int] = set()
        for date, assessments in by_date.items():
            ids = [a.recommendation.instance.pk for a in assessments if a.recommendation.instance]
            # "status" is with_status()'s annotation, which django-stubs cannot see.
            statuses = dict(Recommendation.objects.filter(pk__in=ids).with_status(as_of=date).values_list("pk", "status"))  # type: ignore[misc]
            for assessment in assessments:
                instance = assessment.recommendation.instance
                if instance is not None and statuses.get(instance.pk) == assessment.status:
                    unchanged.add(id(assessment))
        self.plan.assessments = [a for a in self.plan.assessments if id(a) not in unchanged]

    # people ---------------------------------------------------------------------------
    def plan_people(self, groups: list[GroupPlan], people: list[tuple[str, str, str]]) -> None:
        existing: set[tuple[int, str, str]] = set()
        group_ids = [g.instance.pk for g in groups if g.instance]
        if group_ids:
            existing = {
                (group_id, role, name.casefold())
                for group_id, role, name in GroupPerson.objects.filter(group_id__in=group_ids).values_list("group_id", "role", "name")
            }
        for role, name, hint in people:
            targets = [g for g in groups if hint and (hint.casefold() in g.name.casefold() or g.name.casefold() in hint.casefold())]
            for group in targets or groups:
                if group.instance and (group.instance.pk, role, name.casefold()) in existing:
                    continue
                if (role, name) not in group.new_people:
                    group.new_people.append((role, name))


def _same_text(value: str) -> str:
    return "\n".join(line.rstrip() for line in str(value or "").replace("\r\n", "\n").strip().split("\n"))


def _split_list(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"\s*[;|,\n]\s*", value) if part.strip()]


def _parse_date(value: str) -> datetime.date:
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?", value):
        return datetime.date.fromisoformat(value[:10])
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007 — a date, no time of day
        except ValueError:
            continue
    raise ValueError(value)
