"""Who is asking: an anonymous caller, a signed-in browser (its session), or a personal
access token (``Authorization: Bearer …``), which ``cairn.accounts.middleware`` turns into
``request.user`` with ``request.api_scopes``. Whom the pages' rules see (``api_viewer``),
whether the answer is public, and the scope a write needs (``require_scope``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils.translation import gettext as _

from cairn.core.api.problems import ApiError

#: The scope that lets a token read what its owner may read (internal items for staff).
READ_INTERNAL = "read_internal"


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


def viewer_id(request: HttpRequest) -> int | None:
    """The id of ``api_viewer(request)`` (None for a visitor), without reading the token's
    owner: an answer kept under its stamps is found by it with no query."""
    if has_token(request):
        return request.api_token.user_id if READ_INTERNAL in api_scopes(request) else None  # type: ignore[attr-defined]
    return request.user.pk


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
