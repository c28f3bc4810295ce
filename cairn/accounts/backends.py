"""The authentication backends: Django's and allauth's, reading the signed-in account the
way every page needs it.

Each request of someone signed in reads their account (``get_user``), then, on nearly
every page, their profile (the account menu's name), their role names (every rule) and,
for the staff, whether they have a second factor (``StaffMFARequiredMiddleware``): four
queries. ``get_user`` here reads all of it in one — the profile joined, the role names
and the second factor as subqueries — and leaves the answers where ``User.role_names``
and the middleware look for them. Nothing is kept between requests: a role taken away or
a second factor removed counts on the very next request.
"""

from __future__ import annotations

import functools
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from allauth.mfa.models import Authenticator
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db.models import Exists, OuterRef, QuerySet, StringAgg, Subquery, Value

from cairn.accounts.models import User

#: Between role names in the aggregated column (no role name holds it).
ROLE_SEPARATOR = "\x1f"


@functools.cache
def _signed_in_accounts() -> QuerySet[User]:
    """The accounts with their profile, role names and second factor: built once per
    process (resolving the subqueries is most of the cost of building the query), then
    filtered for each request — a filter clones it."""
    roles = (
        User.groups.through.objects.filter(user_id=OuterRef("pk"))
        .order_by()
        .values("user_id")
        .annotate(names=StringAgg("group__name", delimiter=Value(ROLE_SEPARATOR)))
        .values("names")  # type: ignore[misc]  # django-stubs does not see the annotation
    )
    return User._default_manager.select_related("profile").annotate(
        role_list=Subquery(roles), has_second_factor=Exists(Authenticator.objects.filter(user_id=OuterRef("pk")))
    )


def signed_in_user(user_id: Any) -> User | None:
    """The account ``user_id`` with its profile, its role names and whether it has a second
    factor, in one query; None if there is no such account."""
    user = _signed_in_accounts().filter(pk=user_id).first()
    if user is not None:
        user._role_names = set(user.role_list.split(ROLE_SEPARATOR)) if user.role_list else set()  # type: ignore[attr-defined]
    return user


class SignedInUserMixin:
    def get_user(self, user_id: Any) -> User | None:
        user = signed_in_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(SignedInUserMixin, DjangoModelBackend):
    """Django's backend (``Client.force_login``, the admin), reading the account with
    ``signed_in_user``."""


class AuthenticationBackend(SignedInUserMixin, AllauthBackend):
    """allauth's backend (signing in by e-mail), reading the account with ``signed_in_user``."""
