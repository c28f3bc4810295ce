"""The one API object (``/api/v1/``) with the routers every app registers under the
``api_routers`` hook, and what it does to every answer: validators and cache headers on
success, a problem detail for every refusal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Router
from ninja.errors import HttpError, Throttled, ValidationError

from cairn.core import hooks
from cairn.core.api import problems
from cairn.core.api.caching import NotModified, Served, cache_headers, not_modified, served, with_validators
from cairn.core.api.cors import answer_preflights, with_path_parameters
from cairn.core.api.problems import ApiError
from cairn.core.api.rates import RateLimit
from cairn.core.api.schema import document_problems

API_VERSION = "1"


@dataclass(frozen=True)
class ApiRouter:
    """What an app registers under the ``api_routers`` hook: its ninja router, mounted at
    ``/api/v1/<prefix>/``."""

    prefix: str
    router: Router
    #: The tag grouping its endpoints in the documentation.
    tag: str


class CairnAPI(NinjaAPI):
    def create_response(
        self, request: HttpRequest, data: Any, *, status: int | None = None, temporal_response: HttpResponse | None = None
    ) -> HttpResponse:
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        response = with_validators(request, response)
        cache_headers(request, response)
        return response

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        return document_problems(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


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
    api.add_exception_handler(NotModified, not_modified)
    api.add_exception_handler(Served, served)
    api.add_exception_handler(ApiError, problems.api_error)
    api.add_exception_handler(Http404, problems.not_found)
    api.add_exception_handler(PermissionDenied, problems.forbidden)
    api.add_exception_handler(ValidationError, problems.invalid)
    api.add_exception_handler(Throttled, problems.throttled)
    api.add_exception_handler(HttpError, problems.http_error)
    api.add_exception_handler(Exception, problems.server_error)
    for entry in hooks.get_hooks("api_routers"):
        entry.router.tags = [entry.tag]
        answer_heads(entry.router)
        answer_preflights(entry.router)
        api.add_router(f"/{entry.prefix}/", entry.router)
    _api = api
    return api


def answer_heads(router: Router) -> None:
    """Give every address of ``router`` that answers ``GET`` its ``HEAD`` (RFC 9110): the
    same status and headers — validators, caching, ``Content-Length`` — without the body,
    from the ``GET`` operation itself (its parameters, permissions and rate limit), out of
    the schema. Link checkers and caches ask for it; ninja answers only the methods declared."""
    for path, path_view in list(router.path_operations.items()):
        methods = {method for operation in path_view.operations for method in operation.methods}
        if "GET" in methods and "HEAD" not in methods:
            router.add_api_operation(path, ["HEAD"], _head_view(path), include_in_schema=False, throttle=[])


def _head_view(path: str) -> Callable[..., HttpResponseBase]:
    def head(request: HttpRequest, **values: Any) -> HttpResponseBase:
        # The address's view again, as a GET: ninja mounts copies of the routers' operations,
        # so the one that answers is found as the request found this one.
        match = request.resolver_match
        assert match is not None  # noqa: S101 — a view is reached through the resolver
        request.method = "GET"
        try:
            response = match.func(request, *match.args, **match.kwargs)
        finally:
            request.method = "HEAD"
        if isinstance(response, HttpResponse):
            if response.status_code not in (204, 304):  # those have no body to measure
                response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response

    return with_path_parameters(head, path)  # the GET operation reads them itself


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
