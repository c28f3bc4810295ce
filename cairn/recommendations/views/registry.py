"""The public registry (recommandations/, cycles/, thematiques/, groupes/)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers

from cairn.core.http import HtmxHttpRequest
from cairn.recommendations.forms import (
    RegistryFilterForm,
)
from cairn.recommendations.selectors.pages import cycle_page, group_page, recommendation_page, theme_page
from cairn.recommendations.selectors.registry import SORT_CHRONOLOGICAL, RegistryFilters, registry, registry_page


@vary_on_headers("HX-Request")  # the same URL answers the page or, for htmx, its results partial
def registry_list(request: HtmxHttpRequest) -> HttpResponse:
    form = RegistryFilterForm(request.GET or None)
    values = form.valid_values()
    sort = values.pop("sort", SORT_CHRONOLOGICAL)
    result = registry(viewer=request.user, filters=RegistryFilters(**values), sort=sort)
    form.set_facets(result.facets, unknown=result.unknown)
    context = {"form": form, "page_obj": registry_page(result, request.GET.get("page")), "total": result.total}
    template = "recommendations/registry.html#results" if request.htmx else "recommendations/registry.html"
    return render(request, template, context)


def recommendation_detail(request: HttpRequest, reference: str) -> HttpResponse:
    page = recommendation_page(viewer=request.user, reference=reference)
    if page is None:  # missing, or internal and the viewer may not see it: the same answer
        raise Http404
    return render(request, "recommendations/recommendation_detail.html", {"page": page, "rec": page.recommendation})


def cycle_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = cycle_page(viewer=request.user, slug=slug, page=request.GET.get("page"))
    if page is None:
        raise Http404
    return render(request, "recommendations/cycle_detail.html", {"page": page, "cycle": page.obj})


def theme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = theme_page(viewer=request.user, theme_id=pk, page=request.GET.get("page"))
    if page is None:
        raise Http404
    return render(request, "recommendations/theme_detail.html", {"page": page, "theme": page.obj})


def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = group_page(viewer=request.user, group_id=pk, page=request.GET.get("page"))
    if page is None:
        raise Http404
    return render(request, "recommendations/group_detail.html", {"page": page, "group": page.obj})
