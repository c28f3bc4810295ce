"""Roles as predicates, and the permissions of the accounts app.

Every app writes its own ``rules.py`` from these role predicates; the role × page
matrix checks them end to end: each app's ``tests/test_permission_matrix.py``, on the harness
of ``cairn/accounts/tests/matrix.py``.

Two predicates must not be confused. ``is_signed_in`` is any active account: whoever signed
up and confirmed an address may edit their own profile, follow public items, download or
erase their data. ``is_member`` is the cooperative's member: an account holding the member
role, which only the member import gives (the register is the source of truth, README
"Importing members"). Every rule that means "member" is built on ``is_member``, never on
being signed in.
"""

from __future__ import annotations

from typing import Any

import rules

from cairn.accounts.models import Role


def _has_role(role: str) -> rules.Predicate:
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user: Any) -> bool:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        return role in user.role_names

    return predicate


is_authenticated = rules.is_authenticated
is_superuser = rules.is_superuser
#: Any active account, member or not (signed up and confirmed, or imported).
is_signed_in = rules.is_active & rules.is_authenticated
#: A member of the cooperative: the register lists them (the member import gave the role).
is_member = _has_role(Role.MEMBER)
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
def profile_in_viewer_scope(user: Any, profile: Any) -> bool:
    """The profile's visibility is one the viewer sees: ``models.listing_scope``, the one
    statement of who sees which profile (``Profile.objects.visible_to`` reads it too)."""
    from cairn.accounts.models import listing_scope

    return profile is not None and profile.visibility in listing_scope(user)


@rules.predicate
def profile_is_active(user: Any, profile: Any) -> bool:
    return profile is not None and profile.user.is_active and profile.user.anonymised_at is None


rules.add_perm("accounts.view_profile", profile_is_active & (profile_in_viewer_scope | is_profile_owner))
rules.add_perm("accounts.change_own_profile", is_signed_in & is_profile_owner)
#: What only the cooperative's members get: members-only profiles and pages, registering
#: for events. Templates ask it to tell an account the register does not list yet why.
rules.add_perm("accounts.view_members_only", is_member)
rules.add_perm("accounts.view_directory", rules.always_allow)
rules.add_perm("accounts.import_members", is_coordinator | is_admin)
#: Who fills in forms that name people (organisers, coordinators, teams, assignees…): the
#: people picker's search by name answers them only.
rules.add_perm("accounts.search_people", is_staff_member | is_facilitator)
rules.add_perm("accounts.view_components", rules.always_allow)
#: Personal access tokens for the API: the staff, each for their own account.
rules.add_perm("accounts.manage_api_tokens", is_staff_member)
