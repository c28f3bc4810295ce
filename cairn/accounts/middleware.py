from collections.abc import Callable
from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from cairn.accounts.rules import is_staff_member

#: Where personal access tokens open the API (``ApiTokenMiddleware``).
API_PATH = "/api/"
# Paths a staff member without TOTP can still reach: setting it up, signing out, health checks.
ALLOWED_URL_NAMES = ("mfa_index", "mfa_activate_totp", "mfa_view_recovery_codes", "account_logout", "account_reauthenticate")


def has_second_factor(user: Any) -> bool:
    """allauth's ``is_mfa_enabled``, answered from the account as ``get_user`` read it
    (``cairn.accounts.backends``) when it carries the answer."""
    known = getattr(user, "has_second_factor", None)
    return is_mfa_enabled(user) if known is None else bool(known)


class StaffMFARequiredMiddleware:
    """Coordination team, department leads and admins must set up TOTP before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.CAIRN_STAFF_MFA_REQUIRED
            # A personal access token is its own proof (made after signing in with TOTP);
            # first, so that its owner is not read for nothing (ApiTokenMiddleware).
            and getattr(request, "api_token", None) is None
            and user.is_authenticated
            and is_staff_member(user)
            and not request.path.startswith(("/static/", "/healthz", "/readyz"))
            # The second factor before the allowed addresses: read with the account, it
            # spares reversing them on every staff request.
            and not has_second_factor(user)
            and request.path not in {reverse(name) for name in ALLOWED_URL_NAMES}
        ):
            messages.warning(
                request, _("Votre rôle donne accès à des données sensibles : activez la double authentification pour continuer.")
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class ApiTokenMiddleware:
    """A request to the API with ``Authorization: Bearer <token>`` acts as the token's
    owner, with the token's scopes (``cairn.core.api``); a token that is unknown, expired,
    revoked or whose owner left the staff is refused with a problem detail, never read as
    a visitor. Elsewhere the header is ignored: pages are opened by sessions only."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if request.path.startswith(API_PATH) and header:
            from cairn.accounts.services import api_token_authenticate
            from cairn.core.api import problem

            scheme, _space, secret = header.partition(" ")
            token = api_token_authenticate(secret=secret.strip()) if scheme.lower() == "bearer" and secret.strip() else None
            if token is None:
                response = problem(
                    request,
                    status=401,
                    title=_("Jeton d’accès invalide"),
                    detail=_("Ce jeton n’existe pas, a expiré ou a été révoqué."),
                    kind="invalid-token",
                )
                response["WWW-Authenticate"] = 'Bearer realm="cairn", error="invalid_token"'
                return response
            # The owner is read when a rule needs them: an answer the API keeps needs only the id.
            request.user = SimpleLazyObject(lambda: token.user)  # type: ignore[assignment]
            request.api_token = token  # type: ignore[attr-defined]
            request.api_scopes = frozenset(token.scopes)  # type: ignore[attr-defined]
        return self.get_response(request)
