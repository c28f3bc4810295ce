"""The state of play's pages: parse → authorise → read the figures → render."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from cairn.core.editing import version_of
from cairn.core.forms import add_service_errors
from cairn.core.stamps import PAGE_CACHE, cache_key
from cairn.recommendations.models import ThemeCategory
from cairn.recommendations.rates import STATUS_KEYS
from cairn.recommendations.rules import registry_audience
from cairn.recommendations.selectors.registry import RegistryFilters, registry, registry_stamp
from cairn.reports import selectors, services
from cairn.reports.charts import dashboard_charts
from cairn.reports.figures import BREAKDOWN_LABELS, FIGURES_TTL, Figures, figures_for
from cairn.reports.forms import AnalysisForm, ComparisonForm, DashboardFilterForm, EditionPublishForm
from cairn.reports.models import ReportPdf
from cairn.reports.opendata import FILES


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _filters(request: HttpRequest) -> tuple[DashboardFilterForm, RegistryFilters, dict[str, str]]:
    """The registry's filters from the query string: the form (with its errors), the
    filters that passed validation, and those as registry URL parameters."""
    form = DashboardFilterForm(request.GET or None)
    values = form.valid_values()
    params = {name: value.isoformat() if isinstance(value, datetime.date) else str(value) for name, value in values.items()}
    return form, RegistryFilters(**values), params


def figures_context(data: Figures, *, viewer: Any, params: dict[str, str] | None = None, links: bool = True) -> dict[str, Any]:
    """What ``reports/_figures.html`` needs: the dashboard, an edition and the PDF share it."""
    return {
        "figures": data,
        "charts": dashboard_charts(data),
        "params": params or {},
        "links": links,
        "statuses": STATUS_KEYS,
        "chart_order": selectors.CHART_ORDER,
        "table_only": selectors.TABLE_ONLY,
        "breakdown_labels": BREAKDOWN_LABELS,
        "column_labels": selectors.COLUMN_LABELS,
        "state_of_play_sections": selectors.state_of_play_sections(data, viewer),
        "analyses": selectors.live_analyses() if data.live or links else {},
    }


def _dashboard_state(request: HttpRequest) -> dict[str, Any]:
    """What the dashboard shows for the query string: the filters (with the registry's
    facets, cached with it) and the figures' context."""
    form, filters, params = _filters(request)
    result = registry(viewer=request.user, filters=filters)
    form.set_facets(result.facets, unknown=result.unknown)
    data = figures_for(viewer=request.user, filters=filters)
    return {"form": form, "figures": figures_context(data, viewer=request.user, params=params)}


#: Everything the state of play and its files read: a write to any changes them.
STATE_OF_PLAY_STAMPS: list[Callable[[], Any]] = [registry_stamp, selectors.analyses_stamp, selectors.state_of_play_sections_stamp]


def _what_is_shown(request: HttpRequest) -> tuple[object, ...]:
    """What decides the state of play's content besides the data: the audience (public or
    internal items), the language, the filters asked for and the date (the default "as of")."""
    audience = registry_audience(request.user)
    asked = sorted((name, request.GET.getlist(name)) for name in request.GET if name in DashboardFilterForm.base_fields)
    return audience, get_language(), asked, timezone.localdate()


@permission_required("reports.view_dashboard", raise_exception=True)
@vary_on_headers("HX-Request")  # the same URL answers the page or, for htmx, its results partial
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    """Filters, figures, charts and tables. The template caches what it renders (Django's
    ``{% cache %}``) under a key of the audience, language, query string, date and the
    stamps of everything shown (the registry, the analyses, the blocks other apps add): any
    write they read changes the key, so the page is never stale, and when nothing changed
    the view reads the cache only. The figures are computed lazily, inside the template's
    cache block: only when the page is rendered anew."""
    context = {
        "cache_key": cache_key("state-of-play", *_what_is_shown(request), stamps=STATE_OF_PLAY_STAMPS),
        "cache_ttl": FIGURES_TTL,
        "page_cache": PAGE_CACHE,
        "state": SimpleLazyObject(lambda: _dashboard_state(request)),
        "oob": request.htmx,
    }
    return render(request, "reports/dashboard.html#results" if request.htmx else "reports/dashboard.html", context)


# --- Open data ---------------------------------------------------------------------------


@permission_required("reports.view_dashboard", raise_exception=True)
def open_data(request: HttpRequest) -> HttpResponse:
    _form, _narrowed, params = _filters(request)
    return render(request, "reports/open_data.html", {"params": params, "statuses": STATUS_KEYS})


#: How long a download waits for a file the worker is building before it says so.
DOWNLOAD_WAIT_SECONDS = 3.0


@permission_required("reports.view_dashboard", raise_exception=True)
def download(request: HttpRequest, filename: str) -> HttpResponse:
    """A figures or list file, for the same filters as the dashboard (the public data for
    visitors; bad filters are left out, as on the page), in the page's language. The
    worker builds each file once per state of the data (``services.export_request``); the
    request only serves it from storage. A file not built yet for the current data (the
    data changed a moment ago, or nobody asked for these filters before) is queued, waited
    for a few seconds, then answered with a page saying it is being prepared (202, with
    ``Retry-After``) and a link to try again: never an older file passed off as current."""
    _form, _narrowed, params = _filters(request)
    audience = registry_audience(request.user)
    variant = services.export_variant(filename=filename, language=_language(), audience=audience, params=params)
    # A file recorded as ready but missing from storage is built again, once.
    for _attempt in range(2):
        export = services.export_request(variant=variant, requested_by=request.user)
        waited = 0.0
        while export.state in (ReportPdf.State.PENDING, ReportPdf.State.RUNNING) and waited < DOWNLOAD_WAIT_SECONDS:
            time.sleep(0.25)
            waited += 0.25
            export.refresh_from_db(fields=["state", "file", "size"])
        if export.state != ReportPdf.State.READY:
            break
        try:
            with export.file.open("rb") as handle:
                body = handle.read()
        except FileNotFoundError:
            services.export_file_missing(export)
            continue
        response = HttpResponse(body, content_type=FILES[filename])
        response["Content-Disposition"] = f'attachment; filename="etat-des-lieux-{filename}"'
        return response
    response = render(request, "reports/download_pending.html", {"filename": filename, "export": export}, status=202)
    response["Retry-After"] = "5"
    return response


# --- Editions -----------------------------------------------------------------------------


@permission_required("reports.view_dashboard", raise_exception=True)
def edition_list(request: HttpRequest) -> HttpResponse:
    editions = list(selectors.published_editions())
    form = ComparisonForm(editions=editions)
    return render(request, "reports/edition_list.html", {"editions": editions, "form": form})


@permission_required("reports.view_dashboard", raise_exception=True)
def edition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.edition_page(slug=slug)
    if page is None:
        raise Http404
    context = {
        "page": page,
        "edition": page.edition,
        **figures_context(page.figures, viewer=request.user, links=False),
        "analyses": page.analyses,
    }
    return render(request, "reports/edition_detail.html", context)


@permission_required("reports.view_dashboard", raise_exception=True)
def edition_compare(request: HttpRequest) -> HttpResponse:
    editions = list(selectors.published_editions())
    form = ComparisonForm(request.GET or None, editions=editions)
    comparison = None
    if form.is_bound and form.is_valid():
        comparison = selectors.edition_comparison(first_slug=form.cleaned_data["first"], second_slug=form.cleaned_data["second"])
    return render(request, "reports/edition_compare.html", {"form": form, "comparison": comparison, "statuses": STATUS_KEYS})


# --- Staff: analyses and publication -----------------------------------------------------


@login_required
@permission_required("reports.manage", raise_exception=True)
def manage(request: HttpRequest) -> HttpResponse:
    form = EditionPublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            edition = services.edition_publish(
                title=form.cleaned_data["title"],
                as_of=form.cleaned_data["as_of"],
                introduction=form.cleaned_data["introduction"],
                actor=request.user,
            )
        except ValidationError as exc:
            field = "as_of" if getattr(exc, "code", "") == "as_of" else ("title" if getattr(exc, "code", "") == "title" else None)
            form.add_error(field, exc)
        else:
            messages.success(request, _("L’édition « %(title)s » est publiée.") % {"title": edition.title})
            return redirect("reports:edition", slug=edition.slug)
    as_of = form.cleaned_data.get("as_of") if form.is_bound and hasattr(form, "cleaned_data") else None
    context = {
        "form": form,
        "categories": selectors.categories_with_analyses(),
        "missing": services.missing_analyses(as_of=as_of),
        "editions": selectors.published_editions(),
    }
    return render(request, "reports/manage.html", context)


@login_required
@permission_required("reports.manage", raise_exception=True)
def analysis_edit(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(ThemeCategory, slug=slug)
    analysis = getattr(category, "analysis", None) if hasattr(category, "analysis") else None
    initial = {**{name: getattr(analysis, name) for name in services.ANALYSIS_FIELDS}, "version": version_of(analysis)} if analysis else {}
    form = AnalysisForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        texts = {name: form.cleaned_data[name] for name in services.ANALYSIS_FIELDS}
        try:
            services.category_analysis_update(
                category=category, actor=request.user, expected_updated_at=form.cleaned_data["version"], **texts
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Analyse enregistrée."))
            return redirect("reports:manage")
    status = 400 if form.errors else 200
    return render(request, "reports/analysis_edit.html", {"form": form, "category": category}, status=status)


# --- PDF ----------------------------------------------------------------------------------


def _language() -> str:
    language = (get_language() or "fr")[:2]
    return language if language in ("fr", "nl", "en") else "fr"


@permission_required("reports.view_dashboard", raise_exception=True)
def pdf_page(request: HtmxHttpRequest, slug: str = "") -> HttpResponse:
    """The PDF of today's state of play or of an edition, in the reader's language: asked
    for with a POST (the worker builds it), then offered for download. The status part is
    polled by htmx while the PDF is being built; without JavaScript, a link reloads it."""
    edition = None
    if slug:
        edition = get_object_or_404(selectors.published_editions(), slug=slug)
    language = _language()
    if request.method == "POST":
        services.report_pdf_request(edition=edition, language=language)
        return redirect(request.path)
    key = services.report_pdf_key(edition=edition, language=language)
    pdf = ReportPdf.objects.filter(key=key).first()
    context = {"edition": edition, "pdf": pdf}
    template = "reports/pdf_page.html#status" if request.htmx else "reports/pdf_page.html"
    return render(request, template, context)


@permission_required("reports.view_dashboard", raise_exception=True)
def pdf_download(request: HttpRequest, pk: int) -> FileResponse:
    pdf = get_object_or_404(ReportPdf, pk=pk, state=ReportPdf.State.READY)
    if pdf.edition is not None and pdf.edition.published_at is None:
        raise Http404
    name = (pdf.file.name or "etat-des-lieux.pdf").rsplit("/", 1)[-1]
    return FileResponse(pdf.file.open("rb"), as_attachment=True, filename=name, content_type="application/pdf")
