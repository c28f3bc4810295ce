"""What an import would do: the plan of cycles, categories, themes, groups, recommendations
and assessments to create or update, with every problem found (row and column, or line).
Nothing here writes; ``services.imports.registry_import`` applies a plan without errors."""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext_lazy

from cairn.accounts.models import Department
from cairn.core.text import fold
from cairn.recommendations.imports.pad_markdown import SetAside, Structure
from cairn.recommendations.models import Cycle, GroupRole, Kind, Recommendation, Status, Theme, ThemeCategory, WorkingGroup
from cairn.recommendations.services.recommendations import recommendation_reference

_STOPWORDS = {
    "le", "la", "les", "l", "de", "des", "du", "d", "et", "en", "a", "au", "aux", "un", "une", "pour", "par", "sur",
    "dans", "avec", "ou", "the", "of", "and", "to", "for", "in", "on", "het", "een", "van", "voor", "op", "met", "te",
    "bij", "naar", "over",
}  # fmt: skip


STRUCTURE_LABELS = {
    Structure.HEADINGS: gettext_lazy(
        "des titres numérotés (« ### 1. Titre »), le texte de chaque recommandation dans les paragraphes qui suivent"
    ),
    Structure.LIST: gettext_lazy("des éléments numérotés (« 1. Titre », « 1- », « 1) »)"),
    Structure.MIXED: gettext_lazy("des titres numérotés dans certaines sections, des éléments numérotés dans d’autres"),
    Structure.UNNUMBERED: gettext_lazy("une liste sans numéros : Cairn numérote les recommandations"),
}


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message is translated and shown as is."""


def _fold(text: str) -> str:
    """A cell's words as the import's vocabularies and theme codes compare them: ``fold``ed,
    plain ASCII, ``_`` as a space (« Réalisée » → realisee, « line_of_thought » → line of thought)."""
    return " ".join(fold(text, ascii_only=True).replace("_", " ").split())


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


@dataclass(frozen=True)
class NewCycle:
    """A cycle the registry does not know yet, as the coordinator describes it when importing
    into it (the form's or the command's name, country and start)."""

    name: str
    country: str
    starts_on: datetime.date | None = None


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
    number_assigned: bool = False  # the file gave no number: Cairn gave this one
    translations: dict[str, tuple[str, str]] = field(default_factory=dict)  # new or changed: language → (title, text)
    resembles: list[tuple[str, str, float]] = field(default_factory=list)  # (reference, title, score) of other cycles

    @property
    def action(self) -> str:
        if self.instance is None:
            return "create"
        return "update" if self.changes or self.translations else "unchanged"

    @property
    def translation_languages(self) -> str:
        return ", ".join(sorted(self.translations))

    @property
    def change_rows(self) -> list[tuple[str, Any, Any]]:
        """The changes with the fields' names as the pages show them."""
        rows = [(_field_label(Recommendation, name), before, after) for name, (before, after) in self.changes.items()]
        label = gettext_lazy("traduction (%(language)s)")
        rows += [(str(label) % {"language": language}, "", title) for language, (title, _text) in sorted(self.translations.items())]
        return rows

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
    structure: str = ""  # a pad's numbering, as ``pad_markdown.Structure`` names it
    resemblances_left: int = 0  # new recommendations the preview did not compare (selectors.suggestions)

    @property
    def structure_label(self) -> str:
        """How the pad numbers its recommendations, in words, as the preview says it."""
        return str(STRUCTURE_LABELS.get(self.structure, ""))

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
                (r.theme.key, r.number, r.action, sorted((k, repr(v)) for k, v in r.changes.items()), sorted(r.translations.items()))
                for r in self.recommendations
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
