from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from cairn.core.selectors import home_cards, home_figures, home_sections

logger = logging.getLogger(__name__)


def root(request: HttpRequest) -> HttpResponse:
    """``/`` sends members to their own language, visitors to their browser's (French by default)."""
    language = None
    profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
    if profile is not None:
        language = profile.language
    language = language or translation.get_language_from_request(request)
    with translation.override(language):
        return HttpResponseRedirect(reverse("core:home"))


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"figures": home_figures(), "cards": home_cards(), "sections": home_sections(request)})


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html")


class _DemoForm(forms.Form):
    name = forms.CharField(label=_("Nom affiché"), max_length=20, help_text=_("Le nom que les autres sociétaires voient."))
    email = forms.EmailField(label=_("Adresse e-mail"))
    consent = forms.BooleanField(label=_("J’accepte d’être contacté·e"), required=False)


def components(request: HttpRequest) -> HttpResponse:
    """The design system, every component with its usage (linked from the footer)."""
    form = _DemoForm({"name": "Un nom bien trop long pour ce champ", "email": "pas-une-adresse"})
    form.is_valid()
    page = Paginator(range(1, 200), 10).get_page(request.GET.get("page", 7))
    return render(request, "core/components.html", {"form": form, "page_obj": page})


def api_docs(request: HttpRequest) -> HttpResponse:
    """The API's documentation: every endpoint listed from the OpenAPI schema (readable
    without JavaScript), and the interactive explorer from Cairn's own static files."""
    from cairn.core.api import build_api, endpoints

    return render(request, "core/api_docs.html", {"endpoints": endpoints(build_api()), "schema_url": reverse("api:openapi-json")})


def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under ``/api/``: a problem detail, like the API's own 404s."""
    from cairn.core.api import problem

    return problem(
        request,
        status=404,
        title=str(_("Introuvable")),
        detail=str(_("Rien n’existe à cette adresse, ou vous ne pouvez pas le voir.")),
        kind="not-found",
    )


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up and answering. Touches nothing else."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Ready to serve: the database answers and, when configured, Redis too."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 — any failure means not ready
        checks["database"] = f"error: {exc.__class__.__name__}"
    if settings.REDIS_URL:
        try:
            cache.set("cairn:readyz", "1", timeout=5)
            checks["redis"] = "ok" if cache.get("cairn:readyz") == "1" else "error: no round trip"
        except Exception as exc:  # noqa: BLE001
            checks["redis"] = f"error: {exc.__class__.__name__}"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in the reader's language, with the navigation; when even that fails (the
    database is down, the error is in the layout), the stand-alone 500.html in three languages.
    Never Django's debug page: it would show the site's code and settings."""
    try:
        return render(request, "500_page.html", status=500)
    except Exception:  # anything: the plain page must still go out
        logger.exception("The 500 page could not be rendered; sending the stand-alone one.")
        return HttpResponseServerError(loader.get_template("500.html").render())
