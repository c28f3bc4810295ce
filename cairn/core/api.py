"""The API's frame: ``/api/v1/``, the routers the apps register, and what every endpoint
shares — problem details, cursor pagination, conditional answers, caching and CORS
headers, rate limits (docs/api.md, decision 0034).

Each app writes its endpoints in its own ``api.py`` and registers its router under the
``api_routers`` hook from its ``hooks.py``; ``build_api`` mounts them all together, so
no earlier app imports a later one. An endpoint reads through the app's selectors and
``visible_to`` exactly as its page does, with the viewer ``api_viewer(request)`` gives.

Who calls: an anonymous caller, a signed-in browser (its session), or a personal access
token (``Authorization: Bearer …``), which ``cairn.accounts.middleware`` turns into
``request.user`` with ``request.api_scopes``. Only a token opens a write.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django import forms
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.cache import caches
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Router, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.throttling import BaseThrottle
from pydantic import Field

from cairn.core import hooks
from cairn.core.stamps import cache as page_cache

logger = logging.getLogger(__name__)

API_VERSION = "1"
#: Items per page when the caller does not say, and the most a caller may ask for.
PAGE_SIZE = 25
PAGE_SIZE_MAX = 100
#: The query parameters every list endpoint reads besides its filters.
PAGING_PARAMETERS = ("cursor", "limit")
#: How long a public answer may be kept by a browser or a shared cache.
PUBLIC_MAX_AGE = 60
#: The scope that lets a token read what its owner may read (internal items for staff).
READ_INTERNAL = "read_internal"
PROBLEM_TYPE = "https://cairn.coop/problems/"


@dataclass(frozen=True)
class ApiRouter:
    """What an app registers under the ``api_routers`` hook: its ninja router, mounted at
    ``/api/v1/<prefix>/``."""

    prefix: str
    router: Router
    #: The tag grouping its endpoints in the documentation.
    tag: str


class ApiError(Exception):
    """A refusal the caller must see as a problem detail (RFC 9457)."""

    def __init__(self, status: int, title: str, detail: str = "", *, errors: dict[str, list[str]] | None = None, kind: str = "") -> None:
        super().__init__(detail or title)
        self.status, self.title, self.detail, self.errors = status, title, detail, errors or {}
        self.kind = kind or {400: "bad-request", 401: "unauthorised", 403: "forbidden", 404: "not-found"}.get(status, "error")


class NotModified(Exception):
    """The caller's copy is current: answer 304 with the same validators."""


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
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type="application/problem+json")
    response["Content-Language"] = get_language() or settings.LANGUAGE_CODE
    response["Vary"] = "Accept-Language, Authorization, Cookie"
    response["Cache-Control"] = "no-store"
    return response


# --- Who is asking ---------------------------------------------------------------------------


def api_scopes(request: HttpRequest) -> frozenset[str]:
    """The scopes of the token the request carries (none without a token)."""
    return getattr(request, "api_scopes", frozenset())


def has_token(request: HttpRequest) -> bool:
    return getattr(request, "api_token", None) is not None


def api_viewer(request: HttpRequest) -> Any:
    """Whom the pages' rules see: the signed-in user (a browser's session), the token's
    owner when the token may read internal data, a visitor otherwise."""
    if has_token(request) and READ_INTERNAL not in api_scopes(request):
        return AnonymousUser()
    return request.user


def is_public_request(request: HttpRequest) -> bool:
    """An answer any visitor would get: no session, no token."""
    return not has_token(request) and not request.user.is_authenticated


def require_scope(request: HttpRequest, scope: str) -> Any:
    """The token's owner, when the request carries a token with ``scope``; a write never
    rides on a browser's session (no CSRF check guards the API)."""
    if not has_token(request):
        raise ApiError(401, _("Jeton d’accès requis"), _("Cette opération demande un jeton d’accès personnel."), kind="unauthorised")
    if scope not in api_scopes(request):
        raise ApiError(403, _("Portée insuffisante"), _("Ce jeton n’a pas la portée « %(scope)s ».") % {"scope": scope}, kind="scope")
    return request.user


# --- Reading the query string ------------------------------------------------------------------


def form_errors(form: forms.BaseForm) -> dict[str, list[str]]:
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}


def parse_query[F: forms.Form](request: HttpRequest, form_class: type[F], *, extra: Iterable[str] = PAGING_PARAMETERS, **options: Any) -> F:
    """The query string read by the page's own filter form (``options`` are its keyword
    arguments): an unknown parameter or a bad value is refused with a problem detail
    naming it, in the caller's language."""
    form = form_class(request.GET, **options)
    known = {*form.fields, *extra}
    unknown = sorted(set(request.GET) - known)
    errors = {} if form.is_valid() else form_errors(form)
    for name in unknown:
        errors[name] = [_("Ce paramètre n’existe pas.")]
    if errors:
        raise ApiError(
            400, _("Paramètres invalides"), _("Un ou plusieurs paramètres sont invalides."), errors=errors, kind="invalid-parameters"
        )
    return form


def refuse_unknown_parameters(request: HttpRequest, known: Iterable[str] = ()) -> None:
    parse_query(request, forms.Form, extra=known)


# --- Pagination ----------------------------------------------------------------------------------

_CURSOR_SALT = "cairn.api.cursor"


class PageForm(forms.Form):
    cursor = forms.CharField(required=False, max_length=200)
    limit = forms.IntegerField(required=False, min_value=1, max_value=PAGE_SIZE_MAX)


#: A database id in a path (``{theme_id}``): a positive 64-bit integer; a larger one is a
#: 400 before any query (it would overflow the database's integer).
ObjectId = Annotated[int, Path(ge=1, le=2**63 - 1)]


class Paging(Schema):
    """The paging parameters of every list, for the schema (``paginate`` reads them)."""

    cursor: str | None = Field(None, description="Le curseur du lien `next` de la page précédente.", max_length=200)
    limit: int | None = Field(None, description="Éléments par page (1 à 100, 25 par défaut).")


def paginate[T](request: HttpRequest, queryset: QuerySet[Any], *, serialise: Callable[[Sequence[Any]], list[T]]) -> dict[str, Any]:
    """One page of ``queryset`` in the order of its ids, after the item the ``cursor``
    names: ``{"items": [...], "next": url or null}``. A cursor is signed, so a forged or
    truncated one is refused (400) rather than read. Queries: one for the page (plus what
    ``serialise`` prefetches), whatever the size of the list."""
    form = PageForm(request.GET)
    if not form.is_valid():
        raise ApiError(
            400,
            _("Paramètres invalides"),
            _("Un ou plusieurs paramètres sont invalides."),
            errors=form_errors(form),
            kind="invalid-parameters",
        )
    limit = form.cleaned_data["limit"] or PAGE_SIZE
    ordered = queryset.order_by("pk")
    if cursor := form.cleaned_data["cursor"]:
        try:
            after = signing.loads(cursor, salt=_CURSOR_SALT)
        except signing.BadSignature:
            raise ApiError(
                400,
                _("Curseur invalide"),
                _("Ce curseur n’est pas valide : repartez du lien « next » d’une page."),
                errors={"cursor": [_("Ce curseur n’est pas valide.")]},
                kind="invalid-cursor",
            ) from None
        if not isinstance(after, int):
            raise ApiError(400, _("Curseur invalide"), errors={"cursor": [_("Ce curseur n’est pas valide.")]}, kind="invalid-cursor")
        ordered = ordered.filter(pk__gt=after)
    rows = list(ordered[: limit + 1])
    next_url = None
    if len(rows) > limit:
        rows = rows[:limit]
        query = request.GET.copy()
        query["cursor"] = signing.dumps(rows[-1].pk, salt=_CURSOR_SALT)
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {"items": serialise(rows), "next": next_url}


def page_url(request: HttpRequest, path: str, **query: Any) -> str:
    """The absolute URL of an HTML page (in the caller's language)."""
    values = {key: value for key, value in query.items() if value not in (None, "")}
    return request.build_absolute_uri(path + (f"?{urlencode(values)}" if values else ""))


def iso(value: datetime.date | datetime.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


# --- Conditional answers and caching ----------------------------------------------------------


def conditional(request: HttpRequest, *, stamps: Iterable[Callable[[], Any]] = (), parts: Iterable[object] = ()) -> None:
    """Validators from the stamps the answer depends on: an ``ETag`` over the stamps, the
    audience, the language and the URL, and the time this server first saw that ETag as
    ``Last-Modified``. When the caller's copy is current, raises ``NotModified`` (304)
    before any other query. Without stamps, ``CairnAPI`` hashes the answer itself."""
    audience = "public" if is_public_request(request) else f"user:{api_viewer(request).pk}"
    values = (*(current() for current in stamps), *parts, audience, get_language(), request.get_full_path())
    etag = quote_etag(hashlib.sha256(repr(values).encode()).hexdigest()[:32])
    seen_key = f"cairn:api-seen:{etag}"
    first_seen = page_cache.get(seen_key)
    if first_seen is None:
        first_seen = int(time.time())
        page_cache.set(seen_key, first_seen, 86_400)
    request.api_validators = (etag, first_seen)  # type: ignore[attr-defined]
    if _matches(request, etag, first_seen):
        raise NotModified


def _matches(request: HttpRequest, etag: str, last_modified: int | None) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return etag in tags or "*" in tags
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and last_modified is not None and last_modified <= since


def _cache_headers(request: HttpRequest, response: HttpResponse) -> None:
    response["Vary"] = "Accept-Language, Authorization, Cookie"
    response["Content-Language"] = get_language() or settings.LANGUAGE_CODE
    if request.method in ("GET", "HEAD") and is_public_request(request):
        response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
        # Any site may read public data; no credential ever rides on it (no
        # Access-Control-Allow-Credentials), so a session or token answer stays private.
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Retry-After, Content-Language"
    else:
        response["Cache-Control"] = "private, no-store"


# --- Rate limits --------------------------------------------------------------------------------

#: The window of the rate limits, in seconds (the limits: ``CAIRN_API_RATE_PER_IP`` and
#: ``CAIRN_API_RATE_PER_TOKEN`` requests in it).
RATE_WINDOW = 60


class RateLimit(BaseThrottle):
    """A fixed window per minute in the shared cache (``default``: Redis, or the database
    table every worker sees — decision 0020), keyed on the token or on the client address
    allauth's adapter reads (the one rule for it, docs/architecture.md)."""

    def __init__(self) -> None:
        self._wait = 0

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "api_token", None)
        if token is not None:
            who, limit = f"token:{token.pk}", settings.CAIRN_API_RATE_PER_TOKEN
        else:
            who, limit = f"ip:{get_adapter().get_client_ip(request)}", settings.CAIRN_API_RATE_PER_IP
        now = int(time.time())
        window = now // RATE_WINDOW
        key = f"cairn:api-rate:{who}:{window}"
        shared = caches["default"]
        # Increment first: the same number of queries whether the window's counter exists
        # (get, set) or not (get, add) — six on the database cache, one on Redis.
        try:
            count = shared.incr(key)
        except ValueError:
            count = 1 if shared.add(key, 1, RATE_WINDOW + 5) else shared.incr(key)
        self._wait = (window + 1) * RATE_WINDOW - now
        return count <= limit

    def wait(self) -> float:
        return max(self._wait, 1)


# --- The API object ----------------------------------------------------------------------------


class CairnAPI(NinjaAPI):
    def create_response(
        self, request: HttpRequest, data: Any, *, status: int | None = None, temporal_response: HttpResponse | None = None
    ) -> HttpResponse:
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        if response.status_code == 200 and request.method in ("GET", "HEAD"):
            validators = getattr(request, "api_validators", None)
            if validators is None:
                etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
                validators = (etag, None)
                if _matches(request, etag, None):
                    response = HttpResponse(status=304)
            etag, last_modified = validators
            response["ETag"] = etag
            if last_modified is not None:
                response["Last-Modified"] = http_date(last_modified)
        _cache_headers(request, response)
        return response


def _not_modified(request: HttpRequest, exc: Any) -> HttpResponse:
    response = HttpResponse(status=304)
    etag, last_modified = request.api_validators  # type: ignore[attr-defined]
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    _cache_headers(request, response)
    return response


def _api_error(request: HttpRequest, exc: Any) -> HttpResponse:
    return problem(request, status=exc.status, title=exc.title, detail=exc.detail, kind=exc.kind, errors=exc.errors)


def _not_found(request: HttpRequest, exc: Any) -> HttpResponse:
    return problem(
        request,
        status=404,
        title=_("Introuvable"),
        detail=_("Rien n’existe à cette adresse, ou vous ne pouvez pas le voir."),
        kind="not-found",
    )


def _invalid(request: HttpRequest, exc: Any) -> HttpResponse:
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


def _throttled(request: HttpRequest, exc: Any) -> HttpResponse:
    response = problem(
        request,
        status=429,
        title=_("Trop de requêtes"),
        detail=_("Réessayez dans %(seconds)s secondes.") % {"seconds": int(exc.wait or 1)},
        kind="rate-limited",
    )
    response["Retry-After"] = str(int(exc.wait or 1))
    return response


def _http_error(request: HttpRequest, exc: Any) -> HttpResponse:
    if isinstance(exc, AuthenticationError):
        return problem(request, status=401, title=_("Jeton d’accès invalide"), kind="unauthorised")
    titles = {405: _("Méthode non permise"), 413: _("Requête trop grande")}
    return problem(request, status=exc.status_code, title=str(titles.get(exc.status_code, _("Requête refusée"))), kind="error")


def _server_error(request: HttpRequest, exc: Any) -> HttpResponse:
    logger.exception("API error on %s", request.path, exc_info=exc)
    return problem(
        request,
        status=500,
        title=_("Erreur du serveur"),
        detail=_("Une erreur imprévue est survenue ; elle a été signalée."),
        kind="server-error",
    )


_api: CairnAPI | None = None


def build_api() -> CairnAPI:
    """The one API object, with every app's router (``api_routers`` hook) mounted."""
    global _api
    if _api is not None:
        return _api
    api = CairnAPI(
        title="Cairn",
        version=API_VERSION,
        description=str(
            gettext_lazy(
                "L’API publique de Cairn : le registre des recommandations, leurs suites, les récits, les événements et les chiffres."
            )
        ),
        urls_namespace="api",
        docs_url=None,
        openapi_url="/openapi.json",
        throttle=[RateLimit()],
    )
    api.add_exception_handler(NotModified, _not_modified)
    api.add_exception_handler(ApiError, _api_error)
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(ValidationError, _invalid)
    api.add_exception_handler(Throttled, _throttled)
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(Exception, _server_error)
    for entry in hooks.get_hooks("api_routers"):
        entry.router.tags = [entry.tag]
        api.add_router(f"/{entry.prefix}/", entry.router)
    _api = api
    return api


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    summary: str
    description: str
    tag: str


def endpoints(api: NinjaAPI) -> list[Endpoint]:
    """Every endpoint of the schema, for the documentation page."""
    schema = api.get_openapi_schema()
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            found.append(
                Endpoint(
                    method.upper(), path, operation.get("summary", ""), operation.get("description", ""), (operation.get("tags") or [""])[0]
                )
            )
    return found
