"""The registry's endpoints (``/api/v1/registry/…``): cycles, broad themes, themes,
working groups and recommendations, read exactly as the registry's pages read them
(``visible_to``, ``registry``, ``recommendation_page``), registered under the
``api_routers`` hook (docs/api.md)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Schema
from pydantic import Field

from cairn.core.api import (
    ApiError,
    ObjectId,
    Paging,
    api_viewer,
    conditional,
    iso,
    page_url,
    paginate,
    parse_query,
    refuse_unknown_parameters,
)
from cairn.core.translation import text_in, translated_languages
from cairn.recommendations.api import router
from cairn.recommendations.forms import RegistryFilterForm
from cairn.recommendations.models import Cycle, Recommendation, Status, Theme, ThemeCategory, WorkingGroup
from cairn.recommendations.selectors.pages import recommendation_page
from cairn.recommendations.selectors.registry import RegistryFilters, registry, registry_stamp


class CycleOut(Schema):
    id: int
    slug: str
    code: str
    name: str
    country: str
    starts_on: str
    ends_on: str | None
    internal: bool
    url: str


class CategoryOut(Schema):
    id: int
    slug: str
    name: str
    names: dict[str, str]


class ThemeOut(Schema):
    id: int
    code: str
    title: str
    text_languages: dict[str, str] = Field(
        description="La langue de chaque texte traduisible : celle de l’appelant, ou fr tant qu’il n’est pas traduit."
    )
    cycle: int
    category: int | None
    voted_on: str | None
    prolongs: int | None
    internal: bool
    url: str


class GroupOut(Schema):
    id: int
    name: str
    theme: int
    cities: str
    languages: list[str]
    url: str


class RecommendationOut(Schema):
    id: int
    reference: str
    number: str
    title: str
    section: str
    kind: str
    language: str
    cycle: int
    theme: int
    groups: list[int]
    parent: int | None
    status: str
    status_date: str | None
    internal: bool
    url: str


class AssessmentOut(Schema):
    status: str
    effective_date: str
    public_comment: str
    interviewee_role: str
    department: str | None
    interview_date: str | None
    source: str
    published: bool


class RelatedOut(Schema):
    id: int
    reference: str
    relation: str
    cycle: int
    url: str


class RecommendationDetail(RecommendationOut):
    text: str
    departments: list[int]
    sub_items: list[int]
    history: list[AssessmentOut]
    related: list[RelatedOut]


class CyclePage(Schema):
    items: list[CycleOut]
    next: str | None


class CategoryPage(Schema):
    items: list[CategoryOut]
    next: str | None


class ThemePage(Schema):
    items: list[ThemeOut]
    next: str | None


class GroupPage(Schema):
    items: list[GroupOut]
    next: str | None


class RecommendationPage(Schema):
    items: list[RecommendationOut]
    next: str | None
    total: int


# --- Serialising -------------------------------------------------------------------------------


def _cycle(request: HttpRequest, cycle: Cycle) -> dict[str, Any]:
    return {
        "id": cycle.pk,
        "slug": cycle.slug,
        "code": cycle.code,
        "name": cycle.name,
        "country": cycle.country,
        "starts_on": iso(cycle.starts_on),
        "ends_on": iso(cycle.ends_on),
        "internal": cycle.is_internal,
        "url": page_url(request, reverse("recommendations:cycle", args=[cycle.slug])),
    }


def _category(category: ThemeCategory) -> dict[str, Any]:
    return {
        "id": category.pk,
        "slug": category.slug,
        "name": category.name,
        "names": {"fr": category.name_fr, "nl": category.name_nl or category.name_fr, "en": category.name_en or category.name_fr},
    }


def _theme(request: HttpRequest, theme: Theme) -> dict[str, Any]:
    return {
        "id": theme.pk,
        "code": theme.code,
        "title": text_in(theme, "title"),
        "text_languages": translated_languages(theme),
        "cycle": theme.cycle_id,
        "category": theme.category_id,
        "voted_on": iso(theme.voted_on),
        "prolongs": theme.prolongs_id,
        "internal": theme.is_internal,
        "url": page_url(request, reverse("recommendations:theme", args=[theme.pk])),
    }


def _group(request: HttpRequest, group: WorkingGroup) -> dict[str, Any]:
    return {
        "id": group.pk,
        "name": group.name,
        "theme": group.theme_id,
        "cities": group.cities,
        "languages": list(group.languages or []),
        "url": page_url(request, reverse("recommendations:group", args=[group.pk])),
    }


def _recommendation(request: HttpRequest, rec: Recommendation) -> dict[str, Any]:
    return {
        "id": rec.pk,
        "reference": rec.reference,
        "number": rec.number,
        "title": rec.title,
        "section": rec.section,
        "kind": rec.kind,
        "language": rec.language,
        "cycle": rec.cycle_id,
        "theme": rec.theme_id,
        "groups": [group.pk for group in rec.groups.all()],
        "parent": rec.parent_id,
        "status": rec.status,  # type: ignore[attr-defined]
        "status_date": iso(rec.status_date),  # type: ignore[attr-defined]
        "internal": rec.is_internal,
        "url": page_url(request, reverse("recommendations:detail", args=[rec.reference])),
    }


# --- Endpoints ---------------------------------------------------------------------------------


@router.get("/cycles/", response=CyclePage, summary="Cycles")
def cycles(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    """The cycles the caller may see, in the order of their ids."""
    refuse_unknown_parameters(request, ("cursor", "limit"))
    conditional(request, stamps=[registry_stamp])
    return paginate(request, Cycle.objects.visible_to(api_viewer(request)), serialise=lambda rows: [_cycle(request, c) for c in rows])


@router.get("/cycles/{slug}", response=CycleOut, summary="Un cycle")
def cycle(request: HttpRequest, slug: str) -> dict[str, Any]:
    refuse_unknown_parameters(request)
    found = Cycle.objects.visible_to(api_viewer(request)).filter(slug=slug).first()
    if found is None:
        raise Http404
    return _cycle(request, found)


@router.get("/categories/", response=CategoryPage, summary="Grandes thématiques")
def categories(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    """The broad themes (the state of play's axis), names in the three languages."""
    refuse_unknown_parameters(request, ("cursor", "limit"))
    conditional(request, stamps=[registry_stamp])
    return paginate(request, ThemeCategory.objects.all(), serialise=lambda rows: [_category(c) for c in rows])


@router.get("/themes/", response=ThemePage, summary="Thématiques")
def themes(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    refuse_unknown_parameters(request, ("cursor", "limit"))
    conditional(request, stamps=[registry_stamp])
    return paginate(request, Theme.objects.visible_to(api_viewer(request)), serialise=lambda rows: [_theme(request, t) for t in rows])


@router.get("/themes/{theme_id}", response=ThemeOut, summary="Une thématique")
def theme(request: HttpRequest, theme_id: ObjectId) -> dict[str, Any]:
    refuse_unknown_parameters(request)
    found = Theme.objects.visible_to(api_viewer(request)).filter(pk=theme_id).first()
    if found is None:
        raise Http404
    return _theme(request, found)


@router.get("/groups/", response=GroupPage, summary="Groupes de travail")
def groups(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    refuse_unknown_parameters(request, ("cursor", "limit"))
    conditional(request, stamps=[registry_stamp])
    return paginate(
        request, WorkingGroup.objects.visible_to(api_viewer(request)), serialise=lambda rows: [_group(request, g) for g in rows]
    )


@router.get("/groups/{group_id}", response=GroupOut, summary="Un groupe de travail")
def group(request: HttpRequest, group_id: ObjectId) -> dict[str, Any]:
    refuse_unknown_parameters(request)
    found = WorkingGroup.objects.visible_to(api_viewer(request)).filter(pk=group_id).first()
    if found is None:
        raise Http404
    return _group(request, found)


class ApiRegistryFilterForm(RegistryFilterForm):
    """The registry page's filters; the API orders by id (cursor pagination), so ``sort``
    is not one of them, and a date in the future says nothing yet."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["sort"]

    def clean_as_of(self) -> datetime.date | None:
        value = self.cleaned_data.get("as_of")
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(_("Cette date est dans le futur."))
        return value


class RegistryQuery(Schema):
    q: str | None = Field(None, description="Recherche plein texte (référence, titre, texte).", max_length=200)
    cycle: str | None = Field(None, description="Id d’un cycle.")
    country: str | None = Field(None, description="BE, FR ou BI.")
    theme: str | None = Field(None, description="Id d’une thématique.")
    category: str | None = Field(None, description="Id d’une grande thématique.")
    group: str | None = Field(None, description="Id d’un groupe de travail.")
    city: str | None = Field(None, description="Une ville ou un bureau.")
    department: str | None = Field(None, description="Id d’une direction.")
    status: str | None = Field(None, description="État d’avancement : " + ", ".join(Status.values))
    kind: str | None = Field(None, description="recommendation ou line_of_thought.")
    as_of: str | None = Field(None, description="L’état à cette date (AAAA-MM-JJ, pas dans le futur).")


@router.get("/recommendations/", response=RecommendationPage, summary="Recommandations")
def recommendations(request: HttpRequest, filters: Query[RegistryQuery], paging: Query[Paging]) -> dict[str, Any]:
    """The registry's recommendations for the same filters as its page, in the order of
    their ids. A filter naming nothing the caller may see (unknown or internal) is refused."""
    form = parse_query(request, ApiRegistryFilterForm)
    values = {name: value for name, value in form.cleaned_data.items() if value not in (None, "")}
    conditional(request, stamps=[registry_stamp])
    result = registry(viewer=api_viewer(request), filters=RegistryFilters(**values))
    if result.unknown:
        message = _("Ce choix n’existe pas ou n’est plus disponible.")
        raise ApiError(400, _("Paramètres invalides"), errors={name: [message] for name in result.unknown}, kind="invalid-parameters")
    page = paginate(request, result.recommendations, serialise=lambda rows: [_recommendation(request, r) for r in rows])
    return {**page, "total": result.total}


def _history(rows: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {
            "status": a.status,
            "effective_date": iso(a.effective_date),
            "public_comment": a.public_comment,
            "interviewee_role": a.interviewee_role,
            "department": a.interviewee_department.name if a.interviewee_department else None,
            "interview_date": iso(a.interview_date),
            "source": a.source,
            "published": a.published_at is not None,
        }
        for a in rows
    ]


@router.get("/recommendations/{path:reference}", response=RecommendationDetail, summary="Une recommandation")
def recommendation(request: HttpRequest, reference: str) -> dict[str, Any]:
    """A recommendation with its status history (the public evidence of each assessment)
    and its links across cycles, as its page shows them to the caller."""
    refuse_unknown_parameters(request)
    page = recommendation_page(viewer=api_viewer(request), reference=reference)
    if page is None:
        raise Http404
    rec = page.recommendation
    return {
        **_recommendation(request, rec),
        "text": rec.text,
        "departments": [d.pk for d in rec.departments.all()],
        "sub_items": [item.pk for item in page.sub_items],
        "history": _history(page.timeline),
        "related": [
            {
                "id": r.recommendation.pk,
                "reference": r.recommendation.reference,
                "relation": r.relation,
                "cycle": r.recommendation.cycle_id,
                "url": page_url(request, reverse("recommendations:detail", args=[r.recommendation.reference])),
            }
            for r in page.related
        ],
    }
