"""Refusals as RFC 9457 problem details (``application/problem+json``), in the caller's
language: the exception an endpoint raises (``ApiError``), the response (``problem``), the
handlers that turn every other refusal (a hidden object, a bad body, a rate limit) into
one, and the schema that documents them for every operation (docs/api.md)."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError
from pydantic import Field

logger = logging.getLogger(__name__)

PROBLEM_TYPE = "https://cairn.coop/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"


class ApiError(Exception):
    """A refusal the caller must see as a problem detail (RFC 9457)."""

    def __init__(self, status: int, title: str, detail: str = "", *, errors: dict[str, list[str]] | None = None, kind: str = "") -> None:
        super().__init__(detail or title)
        self.status, self.title, self.detail, self.errors = status, title, detail, errors or {}
        self.kind = kind or {400: "bad-request", 401: "unauthorised", 403: "forbidden", 404: "not-found"}.get(status, "error")


# For the schema: an endpoint names the refusals of its own (``response={201: X, 409:
# Problem}``); ``schema.document_problems`` adds those every endpoint shares.
class Problem(Schema):
    """An RFC 9457 problem detail: what every refusal answers, in the caller's language."""

    type: str = Field(description="Une adresse qui nomme le genre d’erreur.")
    title: str = Field(description="Le genre d’erreur, dans la langue demandée.")
    status: int = Field(description="Le code HTTP.")
    detail: str = Field(description="Ce qui s’est passé, dans la langue demandée.")
    instance: str = Field(description="Le chemin demandé.")
    errors: dict[str, list[str]] | None = Field(None, description="Les messages par paramètre ou champ, quand la requête est en cause.")


def problem(
    request: HttpRequest, *, status: int, title: str, detail: str = "", kind: str = "", errors: dict[str, list[str]] | None = None
) -> HttpResponse:
    """An RFC 9457 problem detail, in the caller's language (``Content-Language``)."""
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + (kind or "error"),
        "title": str(title),
        "status": status,
        "detail": str(detail or title),
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_MEDIA_TYPE)
    response["Content-Language"] = get_language() or settings.LANGUAGE_CODE
    response["Vary"] = "Accept-Language, Authorization, Cookie"
    response["Cache-Control"] = "no-store"
    return response


# --- The handlers of the API object --------------------------------------------------------------


def api_error(request: HttpRequest, exc: Any) -> HttpResponse:
    return problem(request, status=exc.status, title=exc.title, detail=exc.detail, kind=exc.kind, errors=exc.errors)


def not_found(request: HttpRequest, exc: Any = None) -> HttpResponse:
    return problem(
        request,
        status=404,
        title=_("Introuvable"),
        detail=_("Rien n’existe à cette adresse, ou vous ne pouvez pas le voir."),
        kind="not-found",
    )


def forbidden(request: HttpRequest, exc: Any) -> HttpResponse:
    """A ``PermissionDenied`` from below the endpoint (allauth cannot tell the client's
    address behind a misconfigured proxy): a problem detail, never the HTML page."""
    return problem(request, status=403, title=_("Requête refusée"), kind="forbidden")


def invalid(request: HttpRequest, exc: Any) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("query", "body", "path")]
        errors.setdefault(".".join(location) or "body", []).append(_("Valeur invalide."))
    return problem(
        request,
        status=400,
        title=_("Requête invalide"),
        detail=_("La requête ne peut pas être lue : vérifiez ses paramètres et son corps JSON."),
        kind="invalid-request",
        errors=errors,
    )


def throttled(request: HttpRequest, exc: Any) -> HttpResponse:
    response = problem(
        request,
        status=429,
        title=_("Trop de requêtes"),
        detail=_("Réessayez dans %(seconds)s secondes.") % {"seconds": int(exc.wait or 1)},
        kind="rate-limited",
    )
    response["Retry-After"] = str(int(exc.wait or 1))
    return response


def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
    if isinstance(exc, AuthenticationError):
        return problem(request, status=401, title=_("Jeton d’accès invalide"), kind="unauthorised")
    titles = {405: _("Méthode non permise"), 413: _("Requête trop grande")}
    return problem(request, status=exc.status_code, title=str(titles.get(exc.status_code, _("Requête refusée"))), kind="error")


def server_error(request: HttpRequest, exc: Any) -> HttpResponse:
    logger.exception("API error on %s", request.path, exc_info=exc)
    return problem(
        request,
        status=500,
        title=_("Erreur du serveur"),
        detail=_("Une erreur imprévue est survenue ; elle a été signalée."),
        kind="server-error",
    )
