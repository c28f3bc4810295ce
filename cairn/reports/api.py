"""The state of play's endpoints (``/api/v1/state-of-play/…``): the figures — the same
function, numbers and keys as the page and ``cairn report figures`` — and the published
editions with their comparison (docs/api.md)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema

from cairn.core.api import Paging, api_viewer, conditional, iso, page_url, paginate, parse_query, refuse_unknown_parameters
from cairn.recommendations.api.registry import ApiRegistryFilterForm, RegistryQuery
from cairn.recommendations.selectors.registry import RegistryFilters, registry_stamp
from cairn.reports.figures import figures_for
from cairn.reports.models import Edition
from cairn.reports.selectors import edition_comparison, edition_page, editions_stamp, published_editions

router = Router()


class EditionOut(Schema):
    id: int
    slug: str
    title: str
    as_of: str
    published_at: str | None
    url: str


class EditionPage(Schema):
    items: list[EditionOut]
    next: str | None


class EditionDetail(EditionOut):
    introduction: str
    figures: dict[str, Any]


class MoveOut(Schema):
    reference: str
    title: str
    before: str
    after: str


class RowOut(Schema):
    reference: str
    title: str
    status: str


class ComparisonOut(Schema):
    first: EditionOut
    second: EditionOut
    moves: list[MoveOut]
    added: list[RowOut]
    removed: list[RowOut]
    first_figures: dict[str, Any]
    second_figures: dict[str, Any]
    url: str


def _edition(request: HttpRequest, edition: Edition) -> dict[str, Any]:
    return {
        "id": edition.pk,
        "slug": edition.slug,
        "title": edition.title,
        "as_of": iso(edition.as_of),
        "published_at": iso(edition.published_at),
        "url": page_url(request, reverse("reports:edition", args=[edition.slug])),
    }


@router.get("/figures", response=dict[str, Any], summary="Chiffres de l’état des lieux")
def figures(request: HttpRequest, filters: Query[RegistryQuery]) -> dict[str, Any]:
    """The state of play's figures for the registry's filters: the same function, numbers
    and keys as the page, the open-data files and ``cairn report figures`` (docs/figures.md)."""
    form = parse_query(request, ApiRegistryFilterForm, extra=())
    values = {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}
    conditional(request, stamps=[registry_stamp])
    data = figures_for(viewer=api_viewer(request), filters=RegistryFilters(**values)).as_dict()
    data["url"] = page_url(request, reverse("reports:dashboard"), **{k: request.GET[k] for k in request.GET})
    return data


@router.get("/editions/", response=EditionPage, summary="Éditions publiées")
def editions(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    refuse_unknown_parameters(request, ("cursor", "limit"))
    conditional(request, stamps=[editions_stamp])
    return paginate(request, published_editions(), serialise=lambda rows: [_edition(request, e) for e in rows])


@router.get("/editions/{slug}", response=EditionDetail, summary="Une édition")
def edition(request: HttpRequest, slug: str) -> dict[str, Any]:
    """A published edition with its frozen figures (in the caller's language)."""
    refuse_unknown_parameters(request)
    page = edition_page(slug=slug, with_annex=False)
    if page is None:
        raise Http404
    return {**_edition(request, page.edition), "introduction": page.edition.introduction, "figures": page.edition.figures_in()}


@router.get("/editions/{first}/compare/{second}", response=ComparisonOut, summary="Comparer deux éditions")
def compare(request: HttpRequest, first: str, second: str) -> dict[str, Any]:
    """What changed from one edition to another, as the comparison page shows it."""
    refuse_unknown_parameters(request)
    comparison = edition_comparison(first_slug=first, second_slug=second)
    if comparison is None:
        raise Http404
    rows = lambda items: [{"reference": r.reference, "title": r.title, "status": r.status} for r in items]  # noqa: E731
    return {
        "first": _edition(request, comparison.first),
        "second": _edition(request, comparison.second),
        "moves": [vars(move) for move in comparison.moves],
        "added": rows(comparison.added),
        "removed": rows(comparison.removed),
        "first_figures": comparison.first_figures.as_dict(),
        "second_figures": comparison.second_figures.as_dict(),
        "url": page_url(request, reverse("reports:compare"), first=first, second=second),
    }
