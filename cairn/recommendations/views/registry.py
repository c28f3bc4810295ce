"""The public registry (recommandations/, cycles/, thematiques/, groupes/)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from functools import partial
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.decorators.vary import vary_on_headers

from cairn.core.http import HtmxHttpRequest
from cairn.core.sections import sections_stamp
from cairn.core.stamps import cached, kept_list
from cairn.recommendations.forms import RegistryFilterForm
from cairn.recommendations.rules import registry_audience
from cairn.recommendations.selectors.pages import (
    ListingPage,
    cycle_page,
    group_page,
    group_people_stamp,
    recommendation_heading,
    recommendation_page,
    theme_page,
)
from cairn.recommendations.selectors.registry import (
    REGISTRY_FACETS_TTL,
    SORT_CHRONOLOGICAL,
    SORT_RELEVANCE,
    RegistryFilters,
    registry,
    registry_page,
    registry_stamp,
)


@vary_on_headers("HX-Request")  # the same URL answers the page or, for htmx, its results partial
def registry_list(request: HtmxHttpRequest) -> HttpResponse:
    """Filters with their counts (cached under the registry's stamp by ``registry``), then
    the page of recommendations. The filters, the count and the list are the same for
    everyone who may see the same recommendations, so the template keeps them (Django's
    ``{% cache %}``) under the audience, the language, the query string (the filters'
    values, the page, and the links it writes) and the registry's stamp; the form, the
    facets and the page are built lazily, inside the blocks: only when they are rendered
    anew."""
    user = request.user

    @functools.cache
    def filtered() -> tuple[RegistryFilterForm, Any]:
        form = RegistryFilterForm(request.GET or None)
        values = form.valid_values()
        # A search is ordered by relevance unless the reader chose another order.
        sort = values.pop("sort", SORT_RELEVANCE if values.get("q") else SORT_CHRONOLOGICAL)
        result = registry(viewer=user, filters=RegistryFilters(**values), sort=sort)
        form.set_facets(result.facets, unknown=result.unknown)
        return form, result

    context = {
        "form": SimpleLazyObject(lambda: filtered()[0]),
        "result": SimpleLazyObject(lambda: filtered()[1]),
        "page_obj": SimpleLazyObject(lambda: registry_page(filtered()[1], request.GET)),
        **kept_list(
            "registry-list",
            registry_audience(user),
            get_language(),
            request.path,
            request.GET.urlencode(),
            ttl=REGISTRY_FACETS_TTL,
            stamps=[registry_stamp],
        ),
    }
    template = "recommendations/registry.html#results" if request.htmx else "recommendations/registry.html"
    return render(request, template, context)


#: How long a visitor's copy of a recommendation page is kept at most: what no stamp sees
#: (an event that has started, a call's deadline passed, a renamed department) shows within it.
RECOMMENDATION_PAGE_TTL = 60


def _recommendation_page_stamps() -> list[Callable[[], Any]]:
    """What a visitor's recommendation page is made of: the registry (the recommendation, its
    status history, sub-items, links, translations), how its groups' people are named, and
    the sections other apps add (each names its stamp)."""
    return [registry_stamp, group_people_stamp, partial(sections_stamp, "recommendation_page_sections")]


def recommendation_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """A recommendation's page. Everyone signed in gets it built for them (their follow
    button, the profiles they may see, the coordination team's notes). Every visitor sees
    the same page, so the template keeps its content (Django's ``{% cache %}``) under the
    language, the reference and the stamps of what it shows; the view then reads only the
    heading (kept under the registry's stamp, and None for a recommendation a visitor may
    not see: 404) and the page lazily, inside the block."""
    template = "recommendations/recommendation_detail.html"
    if request.user.is_authenticated:
        page = recommendation_page(viewer=request.user, reference=reference)
        if page is None:  # missing, or internal and the viewer may not see it: the same answer
            raise Http404
        rec = page.recommendation
        return render(request, template, {"page": page, "rec": rec, "heading": (rec.reference, rec.title), "list_key": ""})
    heading = cached(
        "recommendation-heading",
        reference,
        ttl=RECOMMENDATION_PAGE_TTL,
        stamps=[registry_stamp],
        compute=partial(recommendation_heading, viewer=request.user, reference=reference),
    )
    if heading is None:
        raise Http404
    lazy_page = SimpleLazyObject(partial(recommendation_page, viewer=request.user, reference=reference))
    context = {
        "page": lazy_page,
        "rec": SimpleLazyObject(lambda: lazy_page.recommendation),
        "heading": heading,
        **kept_list("recommendation-page", get_language(), reference, ttl=RECOMMENDATION_PAGE_TTL, stamps=_recommendation_page_stamps()),
    }
    return render(request, template, context)


def _listing(request: HttpRequest, page: ListingPage | None, name: str) -> HttpResponse:
    """A cycle's, theme's or group's page; one the viewer may not see answers 404 like a missing one."""
    if page is None:
        raise Http404
    return render(request, f"recommendations/{name}_detail.html", {"page": page, name: page.obj})


def cycle_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _listing(request, cycle_page(viewer=request.user, slug=slug, page=request.GET.get("page")), "cycle")


def theme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _listing(request, theme_page(viewer=request.user, theme_id=pk, page=request.GET.get("page")), "theme")


def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _listing(request, group_page(viewer=request.user, group_id=pk, page=request.GET.get("page")), "group")
