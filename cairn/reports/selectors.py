"""Named reads of the state of play shared by its pages, the PDF and the exports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from cairn.accounts.models import User
from cairn.core.sections import ShownSection, sections_stamp, shown_sections
from cairn.core.stamps import stamp
from cairn.core.translation import text_in
from cairn.reports.figures import Figures

#: The breakdowns drawn as charts (the trend has its own), then those shown as tables only.
CHART_ORDER = ("category", "cycle", "trend", "group")
TABLE_ONLY = ("theme", "city", "country", "department")
#: The first column's heading of each breakdown's table.
COLUMN_LABELS = {
    "category": _("Grande thématique"),
    "cycle": _("Cycle"),
    "theme": _("Thématique"),
    "group": _("Groupe de travail"),
    "city": _("Ville ou bureau"),
    "country": _("Pays"),
    "department": _("Direction"),
}


# --- What other apps show beside a broad theme's figures -------------------------------


def state_of_play_sections(data: Figures, viewer: User | AnonymousUser) -> list[ShownSection]:
    """The blocks other apps add under the figures by broad theme (the
    ``state_of_play_sections`` hook; e.g. each theme's latest stories), given the broad
    themes as (slug, label) in the figures' order. Each block's ``load`` runs a constant
    number of queries; the dashboard, the editions and the PDF render them alike."""
    categories = [(row.key, row.label) for row in data.breakdowns["category"]]
    return shown_sections("state_of_play_sections", categories, viewer)


def state_of_play_sections_stamp() -> tuple[Any, ...]:
    """Changes when what those blocks show changes: part of the cache keys of the dashboard
    and of the live PDF."""
    return sections_stamp("state_of_play_sections")


# --- Analyses and editions --------------------------------------------------------------


@stamp("analyses")
def analyses_stamp() -> tuple[Any, ...]:
    """What changes when an analysis is written (one query): part of the dashboard's cache key."""
    from django.db.models import Count, Max

    from cairn.reports.models import CategoryAnalysis

    stamp = CategoryAnalysis.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    return (stamp["n"], str(stamp["latest"]))


def categories_with_analyses() -> Any:
    """Every broad theme with its current analysis, in the state of play's order (staff page)."""
    from cairn.recommendations.models import ThemeCategory

    return ThemeCategory.objects.select_related("analysis").order_by("position", "name_fr")


def live_analyses() -> dict[str, Any]:
    """Each broad theme's current analysis by the category's slug (one query)."""
    from cairn.reports.models import CategoryAnalysis

    return {analysis.category.slug: analysis for analysis in CategoryAnalysis.objects.select_related("category")}


@dataclass
class EditionPage:
    edition: Any
    figures: Figures
    analyses: dict[str, Any]
    recommendations: list[Any]


def published_editions() -> Any:
    from cairn.reports.models import Edition

    return Edition.objects.published().order_by("-as_of", "-pk")


def edition_page(*, slug: str, with_annex: bool = True) -> EditionPage | None:
    """A published edition as it was frozen. Queries: the edition (1), its analyses (2),
    its recommendations in the state of play's order (3, with ``with_annex``)."""
    from cairn.reports.models import EditionRecommendation

    edition = published_editions().filter(slug=slug).first()
    if edition is None:
        return None
    analyses = {analysis.category_key: analysis for analysis in edition.analyses.all()}
    recommendations = list(EditionRecommendation.objects.filter(edition=edition).order_by("position")) if with_annex else []
    return EditionPage(edition=edition, figures=Figures.from_dict(edition.figures_in()), analyses=analyses, recommendations=recommendations)


@dataclass(frozen=True)
class Move:
    reference: str
    title: str
    before: str
    after: str


@dataclass
class Comparison:
    first: Any
    second: Any
    first_figures: Figures
    second_figures: Figures
    moves: list[Move]
    added: list[Any]
    removed: list[Any]

    def category_pairs(self) -> list[tuple[str, Any, Any]]:
        """(label, first row or None, second row or None) for every category of either."""
        first = {row.key: row for row in self.first_figures.breakdowns["category"]}
        second = {row.key: row for row in self.second_figures.breakdowns["category"]}
        keys = list(dict.fromkeys([*first, *second]))
        return [(getattr(second.get(k) or first.get(k), "label", k), first.get(k), second.get(k)) for k in keys]


def edition_comparison(*, first_slug: str, second_slug: str) -> Comparison | None:
    """What changed from one edition to another: the recommendations whose status moved
    (from → to), those only in one of them, and the figures side by side. Two queries:
    both editions, then the recommendations of both."""
    from cairn.reports.models import EditionRecommendation

    editions = {edition.slug: edition for edition in published_editions().filter(slug__in=[first_slug, second_slug])}
    if first_slug not in editions or second_slug not in editions:
        return None
    first, second = editions[first_slug], editions[second_slug]
    rows = EditionRecommendation.objects.filter(edition__in=[first, second]).order_by("position")
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for row in rows:
        (before if row.edition_id == first.pk else after)[row.reference] = row
    moves = [
        Move(reference=ref, title=row.title, before=before[ref].status, after=row.status)
        for ref, row in after.items()
        if ref in before and before[ref].status != row.status
    ]
    return Comparison(
        first=first,
        second=second,
        first_figures=Figures.from_dict(first.figures_in()),
        second_figures=Figures.from_dict(second.figures_in()),
        moves=moves,
        added=[row for ref, row in after.items() if ref not in before],
        removed=[row for ref, row in before.items() if ref not in after],
    )


# --- The PDF ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnnexRow:
    """One line of the chronological annex, live or frozen (``EditionRecommendation`` has
    the same attributes)."""

    reference: str
    title: str
    cycle: str
    theme: str
    groups: str
    status: str
    public_comment: str


def pdf_context(*, edition: Any = None) -> dict[str, Any]:
    """Everything ``reports/pdf.html`` shows, in the active language: an edition as frozen,
    or today's public state of play. Built in the worker (constant queries: the figures,
    the analyses, the annex)."""
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser

    from cairn.recommendations.rates import STATUS_KEYS
    from cairn.reports.charts import dashboard_charts
    from cairn.reports.chronology import chronology
    from cairn.reports.figures import BREAKDOWN_LABELS, figures

    if edition is not None:
        page = edition_page(slug=edition.slug)
        assert page is not None  # noqa: S101  # the task holds a published edition
        data, analyses, rows, title = page.figures, page.analyses, page.recommendations, edition.title
    else:
        public = AnonymousUser()
        data = figures(viewer=public)
        analyses = live_analyses()
        rows = [
            AnnexRow(
                reference=rec.reference,
                title=rec.title,
                cycle=cycle.cycle.name,
                theme=text_in(theme.theme, "title"),
                groups=group.label,
                status=rec.status,  # type: ignore[attr-defined]
                public_comment=getattr(rec, "public_comment", "") or "",
            )
            for cycle in chronology(viewer=public)
            for theme in cycle.themes
            for group in theme.groups
            for rec in group.recommendations
        ]
        title = None
    return {
        "title": title,
        "edition": edition,
        "cooperative_name": settings.CAIRN_COOPERATIVE_NAME,
        "figures": data,
        "charts": dashboard_charts(data),
        "params": {},
        "links": False,
        "statuses": STATUS_KEYS,
        "chart_order": CHART_ORDER,
        "table_only": TABLE_ONLY,
        "breakdown_labels": BREAKDOWN_LABELS,
        "column_labels": COLUMN_LABELS,
        # The live state of play shows each broad theme's latest stories; an edition's PDF
        # stays as the edition froze it.
        "state_of_play_sections": state_of_play_sections(data, AnonymousUser()) if edition is None else [],
        "link_prefix": settings.SITE_URL,
        "analyses": analyses,
        "rows": rows,
    }


def personal_data(*, user: Any) -> dict[str, Any]:
    """A member's part of the state of play in their data export: the broad themes' analyses
    they last changed, the editions they published and the open-data files they asked for. Nothing here is erased: the
    cooperative's record stays, under no name."""
    from cairn.reports.models import CategoryAnalysis, Edition, ExportFile

    return {
        "analyses": [
            {"id": a.pk, "category": a.category.name_fr, "updated_at": a.updated_at.isoformat()}
            for a in CategoryAnalysis.objects.filter(updated_by=user).select_related("category").order_by("pk")
        ],
        "editions_published": [
            {"id": e.pk, "title": e.title, "published_at": e.published_at.isoformat() if e.published_at else None}
            for e in Edition.objects.filter(published_by=user).order_by("pk")
        ],
        "open_data_files_asked": [
            {"id": f.pk, "filename": f.filename, "language": f.language, "filters": f.params, "asked_at": f.asked_at.isoformat()}
            for f in ExportFile.objects.filter(requested_by=user).order_by("pk")
        ],
    }


#: The state of play is one item for the inbox: a question about it carries this id.
STATE_OF_PLAY_ITEM = 1


def state_of_play_shown(ids: Any, viewer: Any) -> dict[int, Any]:
    """The state of play as the subject of a question (the ``inbox_items`` hook): public,
    one item, no query."""
    from django.urls import reverse

    from cairn.core.items import ItemShown

    return (
        {STATE_OF_PLAY_ITEM: ItemShown(str(_("L’état des lieux")), reverse("reports:dashboard"))} if STATE_OF_PLAY_ITEM in set(ids) else {}
    )


@stamp("editions")
def editions_stamp() -> tuple[Any, ...]:
    """What changes when an edition is published (or a published one withdrawn): the
    editions' API list is answered under it. A published edition is frozen (one query)."""
    from django.db.models import Count, Max

    from cairn.reports.models import Edition

    row = Edition.objects.published().aggregate(n=Count("pk"), latest=Max("published_at"), last=Max("pk"))
    return (row["n"], str(row["latest"]), row["last"])
