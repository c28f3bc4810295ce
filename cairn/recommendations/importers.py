"""Registry import: read a CSV/XLSX file or a working group's pad, and plan the changes.

Nothing here writes. ``read_registry_file`` returns a ``RegistryPlan`` that lists exactly
what would be created, updated or left unchanged, and every error (row and column, or
line) — ``services.registry_import`` applies a plan without errors in one transaction.
The same plan feeds the staff page's preview and ``cairn import recommendations``.

Idempotent on cycle + theme + number: importing the same file twice plans no change the
second time. The columns and the pad format are documented in ``docs/registry-import.md``.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cairn.accounts.models import Department, Language
from cairn.core.tabular import Table, TabularError, normalise_header, read_table
from cairn.recommendations.models import (
    STATUSES_NEEDING_RATIONALE,
    Cycle,
    CycleCountry,
    GroupPerson,
    GroupRole,
    Kind,
    Recommendation,
    Status,
    Theme,
    ThemeCategory,
    WorkingGroup,
)
from cairn.recommendations.pads import PadDocument, SetAside, parse_pad
from cairn.recommendations.services import recommendation_reference

COLUMNS = [
    "cycle", "country", "theme", "theme_category", "groups", "section", "number", "title", "text", "kind",
    "departments", "status", "status_date", "public_comment", "parent", "language", "theme_code",
]  # fmt: skip
REQUIRED = ["cycle", "theme", "number", "title"]
ALIASES = {
    normalise_header(alias): key
    for key, names in {
        "cycle": ["cycle", "cyclus"],
        "country": ["country", "pays", "land"],
        "theme": ["theme", "thème", "thématique", "thema"],
        "theme_category": ["theme category", "category", "grande thématique", "catégorie", "hoofdthema", "categorie"],
        "groups": ["groups", "group", "groupes", "groupe", "groupes de travail", "werkgroepen", "werkgroep"],
        "section": ["section", "sous-thème", "sectie", "onderdeel"],
        "number": ["number", "numéro", "n°", "no", "nummer", "nr"],
        "title": ["title", "titre", "intitulé", "titel"],
        "text": ["text", "texte", "tekst", "description"],
        "kind": ["kind", "nature", "type", "soort"],
        "departments": ["departments", "department", "directions", "direction", "directies", "directie"],
        "status": ["status", "état", "état d'avancement", "état d’avancement", "statut", "stand van zaken"],
        "status_date": ["status date", "date", "date d'effet", "date d’effet", "date de l'état", "date du statut", "datum"],
        "public_comment": ["public comment", "comment", "commentaire public", "commentaire", "publieke opmerking", "opmerking"],
        "parent": ["parent", "recommandation parente", "parent number", "numéro parent", "hoofdaanbeveling"],
        "language": ["language", "langue", "taal"],
        "theme_code": ["theme code", "code thématique", "code", "themacode"],
    }.items()
    for alias in names
}
PAD_SUFFIXES = (".md", ".markdown")
TABLE_SUFFIXES = (".csv", ".xlsx", ".txt")

_STATUS_WORDS = {
    **{value: value for value in Status.values},
    "realisee": Status.DONE, "realise": Status.DONE, "faite": Status.DONE, "gerealiseerd": Status.DONE,
    "en cours": Status.IN_PROGRESS, "lopend": Status.IN_PROGRESS, "in progress": Status.IN_PROGRESS, "bezig": Status.IN_PROGRESS,
    "non realisee": Status.NOT_DONE, "non realise": Status.NOT_DONE, "niet gerealiseerd": Status.NOT_DONE, "not done": Status.NOT_DONE,
    "rejetee": Status.REJECTED, "rejete": Status.REJECTED, "verworpen": Status.REJECTED,
    "reportee": Status.POSTPONED, "reporte": Status.POSTPONED, "uitgesteld": Status.POSTPONED,
    "non evaluee": Status.NOT_ASSESSED, "niet beoordeeld": Status.NOT_ASSESSED, "not assessed": Status.NOT_ASSESSED,
}  # fmt: skip
_KIND_WORDS = {
    "": Kind.RECOMMENDATION, "recommendation": Kind.RECOMMENDATION, "recommandation": Kind.RECOMMENDATION,
    "aanbeveling": Kind.RECOMMENDATION, "line of thought": Kind.LINE_OF_THOUGHT, "line_of_thought": Kind.LINE_OF_THOUGHT,
    "piste de reflexion": Kind.LINE_OF_THOUGHT, "piste": Kind.LINE_OF_THOUGHT, "denkpiste": Kind.LINE_OF_THOUGHT,
}  # fmt: skip
_COUNTRY_WORDS = {
    "be": CycleCountry.BE, "belgique": CycleCountry.BE, "belgie": CycleCountry.BE, "belgium": CycleCountry.BE,
    "fr": CycleCountry.FR, "france": CycleCountry.FR, "frankrijk": CycleCountry.FR,
    "bi": CycleCountry.BINATIONAL, "binational": CycleCountry.BINATIONAL, "binationaal": CycleCountry.BINATIONAL,
    "be+fr": CycleCountry.BINATIONAL, "be/fr": CycleCountry.BINATIONAL, "be-fr": CycleCountry.BINATIONAL,
}  # fmt: skip
_LANGUAGE_WORDS = {"fr": "fr", "francais": "fr", "nl": "nl", "nederlands": "nl", "neerlandais": "nl", "en": "en", "english": "en"}
_STOPWORDS = {
    "le", "la", "les", "l", "de", "des", "du", "d", "et", "en", "a", "au", "aux", "un", "une", "pour", "par", "sur",
    "dans", "avec", "ou", "the", "of", "and", "to", "for", "in", "on", "het", "een", "van", "voor", "op", "met", "te",
    "bij", "naar", "over",
}  # fmt: skip


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message is translated and shown as is."""


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(decomposed.lower().replace("_", " ").replace("’", "'").split())


# --- the plan --------------------------------------------------------------------------


def _field_label(model: type[Recommendation] | type[Theme], name: str) -> str:
    """A field's name as the pages show it (its verbose name)."""
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


@dataclass(frozen=True)
class Problem:
    """An error (the plan cannot be applied) at a row and column, or a line of a pad."""

    line: int
    column: str
    message: str
    text: str = ""


@dataclass
class CyclePlan:
    name: str
    slug: str
    code: str
    country: str
    starts_on: datetime.date | None
    instance: Cycle | None = None

    @property
    def label(self) -> str:
        return self.name if self.instance is None else str(self.instance)


@dataclass
class CategoryPlan:
    name: str
    slug: str
    instance: ThemeCategory | None = None


@dataclass
class ThemePlan:
    cycle: CyclePlan
    title: str
    code: str
    category: CategoryPlan | None = None
    introduction: str = ""
    instance: Theme | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.cycle.slug, self.title.casefold())

    @property
    def change_labels(self) -> list[str]:
        return [_field_label(Theme, name) for name in self.changes]


@dataclass
class GroupPlan:
    theme: ThemePlan
    name: str
    languages: list[str] = field(default_factory=list)
    instance: WorkingGroup | None = None
    new_people: list[tuple[str, str]] = field(default_factory=list)  # (role, name)


@dataclass
class RecommendationPlan:
    line: int
    theme: ThemePlan
    number: str
    title: str
    text: str = ""
    section: str = ""
    kind: str = Kind.RECOMMENDATION
    language: str | None = None  # None: leave an existing recommendation's language alone
    parent_number: str | None = None
    groups: list[GroupPlan] | None = None  # None: leave the groups as they are
    departments: list[Department] | None = None
    instance: Recommendation | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def action(self) -> str:
        if self.instance is None:
            return "create"
        return "update" if self.changes else "unchanged"

    @property
    def change_rows(self) -> list[tuple[str, Any, Any]]:
        """The changes with the fields' names as the pages show them."""
        return [(_field_label(Recommendation, name), before, after) for name, (before, after) in self.changes.items()]

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def reference(self) -> str:
        if self.instance is not None:
            return self.instance.reference
        return recommendation_reference(cycle_code=self.theme.cycle.code, theme_code=self.theme.code, number=self.number)


@dataclass
class AssessmentPlan:
    line: int
    recommendation: RecommendationPlan
    status: str
    effective_date: datetime.date
    public_comment: str = ""

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)


@dataclass
class RegistryPlan:
    source: str  # "table" or "pad"
    filename: str = ""
    cycles: list[CyclePlan] = field(default_factory=list)
    categories: list[CategoryPlan] = field(default_factory=list)
    themes: list[ThemePlan] = field(default_factory=list)
    groups: list[GroupPlan] = field(default_factory=list)
    recommendations: list[RecommendationPlan] = field(default_factory=list)
    assessments: list[AssessmentPlan] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    unplaced: list[SetAside] = field(default_factory=list)  # pad lines not imported (the plan can still apply)
    ignored: list[SetAside] = field(default_factory=list)  # pad-only blocks, skipped on purpose

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def new_cycles(self) -> list[CyclePlan]:
        return [c for c in self.cycles if c.instance is None]

    @property
    def new_categories(self) -> list[CategoryPlan]:
        return [c for c in self.categories if c.instance is None]

    @property
    def new_themes(self) -> list[ThemePlan]:
        return [t for t in self.themes if t.instance is None]

    @property
    def updated_themes(self) -> list[ThemePlan]:
        return [t for t in self.themes if t.instance is not None and t.changes]

    @property
    def new_groups(self) -> list[GroupPlan]:
        return [g for g in self.groups if g.instance is None]

    @property
    def new_people(self) -> list[tuple[GroupPlan, str, str]]:
        return [(g, role, name) for g in self.groups for role, name in g.new_people]

    @property
    def new_people_display(self) -> list[tuple[GroupPlan, str, str]]:
        return [(g, str(GroupRole(role).label), name) for g, role, name in self.new_people]

    @property
    def to_create(self) -> list[RecommendationPlan]:
        return [r for r in self.recommendations if r.action == "create"]

    @property
    def to_update(self) -> list[RecommendationPlan]:
        return [r for r in self.recommendations if r.action == "update"]

    @property
    def unchanged(self) -> int:
        return sum(1 for r in self.recommendations if r.action == "unchanged")

    @property
    def change_count(self) -> int:
        return (
            len(self.new_cycles)
            + len(self.new_categories)
            + len(self.new_themes)
            + len(self.updated_themes)
            + len(self.new_groups)
            + len(self.new_people)
            + len(self.to_create)
            + len(self.to_update)
            + len(self.assessments)
        )

    def fingerprint(self) -> str:
        """A digest of every planned change: a preview is confirmed only if the registry
        still plans exactly what the preview showed."""
        described = {
            "cycles": [(c.slug, c.code) for c in self.new_cycles],
            "categories": [c.slug for c in self.new_categories],
            "themes": [
                (t.key, t.code, sorted((k, repr(v)) for k, v in t.changes.items())) for t in self.themes if t.instance is None or t.changes
            ],
            "groups": [(g.theme.key, g.name) for g in self.new_groups],
            "people": [(g.theme.key, g.name, role, name) for g, role, name in self.new_people],
            "recommendations": [
                (r.theme.key, r.number, r.action, sorted((k, repr(v)) for k, v in r.changes.items())) for r in self.recommendations
            ],
            "assessments": [
                (a.recommendation.theme.key, a.recommendation.number, a.status, a.effective_date.isoformat()) for a in self.assessments
            ],
            "errors": [(e.line, e.column, e.message) for e in self.errors],
        }
        return hashlib.sha256(json.dumps(described, sort_keys=True, default=str).encode()).hexdigest()

    def summary(self) -> dict[str, int]:
        return {
            "cycles": len(self.new_cycles),
            "categories": len(self.new_categories),
            "themes": len(self.new_themes),
            "themes_updated": len(self.updated_themes),
            "groups": len(self.new_groups),
            "people": len(self.new_people),
            "created": len(self.to_create),
            "updated": len(self.to_update),
            "unchanged": self.unchanged,
            "assessments": len(self.assessments),
        }


# --- derived codes ----------------------------------------------------------------------


def cycle_code_for(name: str) -> str:
    """« 2019-2020 » → « 2019-20 »; « 2021 » → « 2021 »."""
    years = re.findall(r"(?<!\d)(\d{4})(?!\d)", name)
    if len(years) >= 2:
        return f"{years[0]}-{years[1][2:]}"
    if years:
        return years[0]
    return slugify(name)[:12].upper()


def cycle_start_for(name: str) -> datetime.date | None:
    """The general assembly votes a cycle's themes in June: a new cycle starts on 1 June of its first year."""
    years = re.findall(r"(?<!\d)(\d{4})(?!\d)", name)
    return datetime.date(int(years[0]), 6, 1) if years else None


def theme_code_for(title: str, taken: set[str]) -> str:
    """A short upper-case code from the title's significant words, unique among ``taken``."""
    words = [w for w in re.findall(r"[a-z0-9]+", _fold(title)) if w not in _STOPWORDS] or ["theme"]
    first = words[0].upper()
    candidates = [first[:3]]
    if len(words) > 1:
        candidates += ["".join(w[0] for w in words[:4]).upper(), first[:3] + words[1][0].upper(), first[:3] + words[1][:2].upper()]
    candidates.append(first[:6])
    for candidate in candidates:
        if len(candidate) >= 2 and candidate not in taken:
            return candidate
    suffix = 2
    while f"{first[:3]}{suffix}" in taken:
        suffix += 1
    return f"{first[:3]}{suffix}"


# --- reading ----------------------------------------------------------------------------


def read_registry_file(data: bytes, filename: str, *, cycle: Cycle | None = None, category: ThemeCategory | None = None) -> RegistryPlan:
    """Read an uploaded file and plan its import. Raises ``ImportFileError`` when the file
    as a whole is unreadable (size, format, encoding)."""
    max_bytes = settings.CAIRN_REGISTRY_IMPORT_MAX_BYTES
    lower = filename.lower()
    if lower.endswith(PAD_SUFFIXES):
        if len(data) > max_bytes:
            raise ImportFileError(_("Le fichier dépasse la taille maximale de %(size)s Mo.") % {"size": max_bytes // (1024 * 1024)})
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFileError(_("Le document n’est pas en UTF-8 : exportez le pad en Markdown (UTF-8).")) from exc
        if not text.strip():
            raise ImportFileError(_("Le fichier est vide."))
        if cycle is None:
            raise ImportFileError(_("Un pad ne dit pas à quel cycle il appartient : choisissez le cycle."))
        plan = plan_pad_import(parse_pad(text), cycle=cycle, category=category)
    else:
        try:
            table = read_table(data, filename, ALIASES, max_bytes=max_bytes)
        except TabularError as exc:
            raise ImportFileError(str(exc)) from exc
        plan = plan_table_import(table, default_cycle=cycle)
    plan.filename = filename
    return plan


@dataclass
class _Row:
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


class _Planner:
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
        # A new cycle.
        slug = slugify(f"{value}-{country}" if country else value)[:40]
        if slug in self.cycles:
            return self.cycles[slug]
        starts_on = cycle_start_for(value)
        if not country or starts_on is None:
            self.error(
                line,
                "cycle" if starts_on is None else "country",
                _(
                    "Cycle inconnu « %(value)s » : pour le créer, donnez un nom avec ses années (« 2019-2020 ») et le pays (colonne country)."
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
    def plan_rows(self, rows: list[_Row]) -> None:
        seen: dict[tuple[tuple[str, str], str], int] = {}
        by_theme: dict[tuple[str, str], list[tuple[_Row, ThemePlan]]] = defaultdict(list)
        for row in rows:
            theme = self.resolve_theme(row.line, row.cycle, row.theme_title, category=row.category, code=row.theme_code)
            if theme is None:
                continue
            key = (theme.key, row.number)
            if key in seen:
                self.error(
                    row.line,
                    "number",
                    _("Le numéro %(number)s de cette thématique figure déjà à la ligne %(row)s.")
                    % {"number": row.number, "row": seen[key]},
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
                )
            )
            existing = {(r.theme_id, r.number): r for r in queryset}

        planned: list[RecommendationPlan] = []
        for entries in by_theme.values():
            numbers_in_file = {row.number for row, _theme in entries}
            for row, theme in entries:
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
                )
                if instance is not None:
                    plan.changes = self._changes(instance, plan)
                planned.append(plan)
                if row.status and row.status != Status.NOT_ASSESSED and row.status_date is not None:
                    self.plan.assessments.append(AssessmentPlan(row.line, plan, row.status, row.status_date, row.public_comment))
        self.plan.recommendations.extend(planned)
        self._drop_unchanged_assessments()

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


# --- CSV and XLSX --------------------------------------------------------------------


def plan_table_import(table: Table, *, default_cycle: Cycle | None = None) -> RegistryPlan:
    plan = RegistryPlan(source="table")
    required = [c for c in REQUIRED if c not in table.columns and not (c == "cycle" and default_cycle)]
    if required:
        plan.errors.append(
            Problem(1, ", ".join(required), _("Colonne obligatoire absente de l’en-tête : %(columns)s.") % {"columns": ", ".join(required)})
        )
        return plan
    if not table.rows:
        plan.errors.append(Problem(1, "", _("Le fichier ne contient aucune recommandation.")))
        return plan
    planner = _Planner(plan)
    departments: dict[str, Department] = {}
    for department in Department.objects.all():
        for name in (department.code, department.name_fr, department.name_nl, department.name_en):
            if name:
                departments.setdefault(name.casefold(), department)
    default = planner.cycle_plan_for(default_cycle) if default_cycle else None

    rows: list[_Row] = []
    numbers_seen: dict[tuple[str, str, str], int] = {}
    for line, values in table.rows:
        errors_before = len(plan.errors)
        get = values.get
        cycle_value = (get("cycle") or "").strip()
        cycle = planner.resolve_cycle(line, cycle_value, (get("country") or "").strip()) if cycle_value else default
        if cycle is None and not cycle_value:
            planner.error(line, "cycle", _("Le cycle est obligatoire."))
        theme_title = " ".join((get("theme") or "").split())
        if not theme_title:
            planner.error(line, "theme", _("La thématique est obligatoire."))
        elif len(theme_title) > 200:
            planner.error(line, "theme", _("La thématique dépasse 200 caractères."))
        number = (get("number") or "").strip()
        if not number:
            planner.error(line, "number", _("Le numéro est obligatoire."))
        elif len(number) > 20 or not re.fullmatch(r"[\w.\-]+", number):
            planner.error(
                line,
                "number",
                _("Numéro « %(value)s » invalide : chiffres, lettres, points ou tirets, 20 caractères au plus.") % {"value": number},
            )
        title = " ".join((get("title") or "").split())
        if not title:
            planner.error(line, "title", _("Le titre est obligatoire."))
        elif len(title) > 300:
            planner.error(line, "title", _("Le titre dépasse 300 caractères."))
        kind_value = (get("kind") or "").strip()
        kind = _KIND_WORDS.get(_fold(kind_value))
        if kind is None:
            planner.error(line, "kind", _("Nature inconnue « %(value)s » : recommandation ou piste de réflexion.") % {"value": kind_value})
        language_value = (get("language") or "").strip()
        language = _LANGUAGE_WORDS.get(_fold(language_value)) if language_value else None
        if language_value and language not in Language.values:
            planner.error(line, "language", _("Langue inconnue « %(value)s » : fr, nl ou en.") % {"value": language_value})
        section = " ".join((get("section") or "").split())
        if len(section) > 200:
            planner.error(line, "section", _("La section dépasse 200 caractères."))
        category_value = " ".join((get("theme_category") or "").split())
        category = planner.resolve_category(category_value) if category_value else None
        department_list: list[Department] | None = None
        if get("departments"):
            department_list = []
            for name in _split_list(get("departments") or ""):
                found = departments.get(name.casefold())
                if found is None:
                    planner.error(line, "departments", _("Direction inconnue « %(value)s » (code ou nom).") % {"value": name})
                elif found not in department_list:
                    department_list.append(found)
        groups = [g[:200] for g in _split_list(get("groups") or "")] if get("groups") else None
        status_value = (get("status") or "").strip()
        status = ""
        if status_value:
            status = _STATUS_WORDS.get(_fold(status_value), "")
            if not status:
                planner.error(
                    line,
                    "status",
                    _("État inconnu « %(value)s » : réalisée, en cours, non réalisée, rejetée ou reportée.") % {"value": status_value},
                )
        status_date = None
        date_value = (get("status_date") or "").strip()
        if date_value:
            try:
                parsed = _parse_date(date_value)
            except ValueError:
                planner.error(
                    line, "status_date", _("Date illisible « %(value)s » : écrivez-la AAAA-MM-JJ ou JJ/MM/AAAA.") % {"value": date_value}
                )
            else:
                status_date = parsed
                if parsed > timezone.localdate():
                    planner.error(line, "status_date", _("La date d’effet ne peut pas être dans le futur."))
        comment = (get("public_comment") or "").strip()
        if status and status != Status.NOT_ASSESSED:
            if not date_value:
                planner.error(line, "status_date", _("Un état d’avancement a besoin de sa date d’effet."))
            if status in STATUSES_NEEDING_RATIONALE and not comment:
                planner.error(line, "public_comment", _("Une recommandation rejetée ou reportée doit être expliquée publiquement."))
        parent = (get("parent") or "").strip() or None
        if cycle is not None and theme_title and number:
            key = (cycle.slug, theme_title.casefold(), number)
            if key in numbers_seen:
                planner.error(
                    line,
                    "number",
                    _("Le numéro %(number)s de cette thématique figure déjà à la ligne %(row)s.")
                    % {"number": number, "row": numbers_seen[key]},
                )
            numbers_seen.setdefault(key, line)
        if len(plan.errors) == errors_before and cycle is not None:
            rows.append(
                _Row(
                    line, cycle, theme_title, number, title, (get("text") or "").replace("\r\n", "\n").strip(), section, kind or Kind.RECOMMENDATION,
                    language, parent, category, (get("theme_code") or "").strip(), groups, department_list, status, status_date, comment,
                )
            )  # fmt: skip
    if plan.errors:
        return plan
    planner.plan_rows(rows)
    return plan


# --- pads ------------------------------------------------------------------------------


def plan_pad_import(document: PadDocument, *, cycle: Cycle, category: ThemeCategory | None = None) -> RegistryPlan:
    plan = RegistryPlan(source="pad", unplaced=list(document.unplaced), ignored=list(document.ignored))
    plan.errors.extend(Problem(e.line, "", e.reason, e.text) for e in document.errors)
    if plan.errors:
        return plan
    planner = _Planner(plan)
    cycle_plan = planner.cycle_plan_for(cycle)
    category_plan = planner.category_plan_for(category) if category else None
    theme = planner.resolve_theme(
        document.title_line, cycle_plan, document.title, category=category_plan, introduction=document.introduction
    )
    if theme is None:
        return plan
    groups = planner.resolve_groups(theme, document.groups, document.languages)
    planner.plan_people(groups, document.people)
    rows = [
        _Row(
            item.line, cycle_plan, theme.title, item.number, item.title, item.text, item.section, item.kind, document.language,
            item.parent_number, category_plan, groups=list(document.groups),
        )
        for item in document.items
    ]  # fmt: skip
    planner.plan_rows(rows)
    return plan
