from __future__ import annotations

from typing import Any

import rules
from django.http import HttpRequest


class _RulesApp:
    def __init__(self, user: Any, app_label: str) -> None:
        self.user, self.app_label = user, app_label

    def __getitem__(self, codename: str) -> bool:
        return rules.has_perm(f"{self.app_label}.{codename}", self.user)

    def __getattr__(self, codename: str) -> bool:
        return self[codename]


class RulesPerms:
    """``{{ can.accounts.import_members }}``: the rules-defined permissions of the user.

    Unlike Django's ``perms``, it asks only the rules registry, so a refused check does
    not fall through to the model backend's two permission queries on every page.
    """

    def __init__(self, user: Any) -> None:
        self.user = user

    def __getitem__(self, app_label: str) -> _RulesApp:
        return _RulesApp(self.user, app_label)

    def __getattr__(self, app_label: str) -> _RulesApp:
        return self[app_label]


def permissions(request: HttpRequest) -> dict[str, RulesPerms]:
    # Error pages raised before the authentication middleware ran have no user.
    from django.contrib.auth.models import AnonymousUser

    return {"can": RulesPerms(getattr(request, "user", None) or AnonymousUser())}
