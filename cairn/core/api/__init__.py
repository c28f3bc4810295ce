"""The API's frame (docs/api.md, decision 0034), by concern: ``routers`` (the one API
object at ``/api/v1/`` and the routers the apps register), ``problems`` (RFC 9457
refusals), ``tokens`` (who is asking, whom the pages' rules see, the scopes),
``pagination`` (the query string, cursor pages, dates and links), ``caching`` (ETag,
``304``, cache headers), ``cors`` (cross-origin reads) and ``rates`` (rate limits).

Each app writes its endpoints in its own ``api.py`` and registers its router under the
``api_routers`` hook from its ``hooks.py``; ``build_api`` mounts them all together, so
no earlier app imports a later one. An endpoint reads through the app's selectors and
``visible_to`` exactly as its page does, with the viewer ``api_viewer(request)`` gives.
What an endpoint needs is named here too, so the apps import it from ``cairn.core.api``.
"""

from cairn.core.api.caching import PUBLIC_MAX_AGE, NotModified, conditional
from cairn.core.api.pagination import (
    PAGE_SIZE,
    PAGE_SIZE_MAX,
    PAGING_PARAMETERS,
    ObjectId,
    Paging,
    form_errors,
    iso,
    page_url,
    paginate,
    parse_query,
    refuse_unknown_parameters,
)
from cairn.core.api.problems import PROBLEM_TYPE, ApiError, Problem, problem
from cairn.core.api.rates import RATE_WINDOW, RateLimit
from cairn.core.api.routers import API_VERSION, ApiRouter, CairnAPI, build_api, endpoints
from cairn.core.api.tokens import READ_INTERNAL, api_scopes, api_viewer, has_token, is_public_request, require_scope

__all__ = [
    "API_VERSION",
    "PAGE_SIZE",
    "PAGE_SIZE_MAX",
    "PAGING_PARAMETERS",
    "PROBLEM_TYPE",
    "PUBLIC_MAX_AGE",
    "RATE_WINDOW",
    "READ_INTERNAL",
    "ApiError",
    "ApiRouter",
    "CairnAPI",
    "NotModified",
    "ObjectId",
    "Paging",
    "Problem",
    "RateLimit",
    "api_scopes",
    "api_viewer",
    "build_api",
    "conditional",
    "endpoints",
    "form_errors",
    "has_token",
    "is_public_request",
    "iso",
    "page_url",
    "paginate",
    "parse_query",
    "problem",
    "refuse_unknown_parameters",
    "require_scope",
]
