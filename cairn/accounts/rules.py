"""Roles as predicates, and the permissions of the accounts app.

Every app writes its own ``rules.py`` from these role predicates; the role × page
matrix checks them end to end: each app's ``tests/test_permission_matrix.py``, on the harness
of ``cairn/accounts/tests/matrix.py``.
"""

from __future__ import annotations

from typing import Any

import rules

from cairn.accounts.models import Role, Visibility


def _has_role(role: str) -> rules.Predicate:
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user: Any) -> bool:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        return role in user.role_names

    return predicate


is_authenticated = rules.is_authenticated
is_superuser = rules.is_superuser
is_member = rules.is_active & rules.is_authenticated
is_facilitator = _has_role(Role.FACILITATOR)
is_coordinator = _has_role(Role.COORDINATION)
is_department_lead = _has_role(Role.DEPARTMENT_LEAD)
is_admin = _has_role(Role.ADMIN) | is_superuser
is_staff_member = is_coordinator | is_department_lead | is_admin

can_see_private_profiles = is_coordinator | is_admin


@rules.predicate
def is_profile_owner(user: Any, profile: Any) -> bool:
    return profile is not None and user.is_authenticated and profile.user_id == user.pk


@rules.predicate
def profile_is_public(user: Any, profile: Any) -> bool:
    return profile is not None and profile.visibility == Visibility.PUBLIC


@rules.predicate
def profile_is_for_members(user: Any, profile: Any) -> bool:
    return profile is not None and profile.visibility == Visibility.MEMBERS


@rules.predicate
def profile_is_active(user: Any, profile: Any) -> bool:
    return profile is not None and profile.user.is_active and profile.user.anonymised_at is None


rules.add_perm(
    "accounts.view_profile",
    profile_is_active & (profile_is_public | (is_member & profile_is_for_members) | is_profile_owner | can_see_private_profiles),
)
rules.add_perm("accounts.change_own_profile", is_member & is_profile_owner)
rules.add_perm("accounts.view_directory", rules.always_allow)
rules.add_perm("accounts.import_members", is_coordinator | is_admin)
rules.add_perm("accounts.view_components", rules.always_allow)
