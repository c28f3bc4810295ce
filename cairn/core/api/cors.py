"""Cross-origin reads (CORS): any site may read public data, never with credentials, so an
answer to a session or a token stays private to its caller. A browser's preflight
(``OPTIONS`` with ``Access-Control-Request-Method``) is answered for reads only: no other
site may write, whatever it sends."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router

from cairn.core.api.problems import problem

#: The headers a script of another site may read on a public answer.
EXPOSED_HEADERS = "ETag, Last-Modified, Retry-After, Content-Language"
#: What another site may do: read.
CROSS_ORIGIN_METHODS = ("GET",)
#: The headers another site's script may send with a read (no ``Authorization``: a token
#: is its owner's, and its answers are private).
CROSS_ORIGIN_REQUEST_HEADERS = "Accept, Accept-Language, If-None-Match, If-Modified-Since"
#: How long a browser may keep a preflight's answer, in seconds.
PREFLIGHT_MAX_AGE = 86_400


def allow_public_reads(response: HttpResponse) -> None:
    """A public answer: readable from any origin. No ``Access-Control-Allow-Credentials``
    ever, so a browser never sends a session's cookie across sites for it."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS


def preflight(request: HttpRequest, methods: Iterable[str]) -> HttpResponse:
    """The answer to ``OPTIONS`` on an address whose methods are ``methods``: a browser's
    preflight for a read gets ``204`` with the ``Access-Control-Allow-*`` headers; one for
    any other method is refused (``403``, without them, so the browser sends nothing); a
    plain ``OPTIONS`` learns the methods (``Allow``)."""
    allowed = ", ".join(sorted({*methods, "OPTIONS"}))
    asked = request.META.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD")
    if asked is not None and (asked not in CROSS_ORIGIN_METHODS or asked not in methods):
        response = problem(
            request,
            status=403,
            title=_("Requête d’un autre site refusée"),
            detail=_("Depuis un autre site, l’API ne permet que la lecture (GET)."),
            kind="cross-origin",
        )
    else:
        response = HttpResponse(status=204)
        if asked is not None:
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = ", ".join(CROSS_ORIGIN_METHODS)
            response["Access-Control-Allow-Headers"] = CROSS_ORIGIN_REQUEST_HEADERS
            response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    response["Allow"] = allowed
    response["Vary"] = "Access-Control-Request-Method, Accept-Language"
    return response


def answer_preflights(router: Router) -> None:
    """Give every address of ``router`` its ``OPTIONS`` answer (out of the schema, and not
    counted by the rate limits: a preflight reads nothing)."""
    for path, path_view in list(router.path_operations.items()):
        methods = {method for operation in path_view.operations for method in operation.methods}
        if "OPTIONS" not in methods:
            router.add_api_operation(path, ["OPTIONS"], _preflight_view(path, methods), include_in_schema=False, throttle=[])


def with_path_parameters[V: Callable[..., Any]](view: V, path: str) -> V:
    """``view(request, **values)`` given the signature ninja reads an operation's parameters
    from: the request and the address's own parameters, as text (a view added beside an
    address's operations — its ``OPTIONS``, its ``HEAD`` — reads none of them itself)."""
    names = re.findall(r"{(?:\w+:)?(\w+)}", path)
    request = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=HttpRequest)
    view.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [request, *(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=str) for name in names)]
    )
    return view


def _preflight_view(path: str, methods: set[str]) -> Callable[..., HttpResponse]:
    def options(request: HttpRequest, **values: Any) -> HttpResponse:
        return preflight(request, methods)

    return with_path_parameters(options, path)
