from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cairn.accounts.rules import is_staff_member

# Paths a staff member without TOTP can still reach: setting it up, signing out, health checks.
ALLOWED_URL_NAMES = ("mfa_index", "mfa_activate_totp", "mfa_view_recovery_codes", "account_logout", "account_reauthenticate")


class StaffMFARequiredMiddleware:
    """Coordination team, department leads and admins must set up TOTP before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.CAIRN_STAFF_MFA_REQUIRED
            and user.is_authenticated
            and is_staff_member(user)
            and not request.path.startswith(("/static/", "/healthz", "/readyz"))
        ):
            allowed = {reverse(name) for name in ALLOWED_URL_NAMES}
            if request.path not in allowed and not is_mfa_enabled(user):
                messages.warning(
                    request, _("Votre rôle donne accès à des données sensibles : activez la double authentification pour continuer.")
                )
                return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
