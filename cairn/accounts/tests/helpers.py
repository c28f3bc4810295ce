"""Helpers shared by the accounts and core tests: members of each role, fresh logins,
and a snapshot of the accounts tables to prove a refused request changed nothing.
"""

from __future__ import annotations

import re
import time
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.test import Client

from cairn.accounts.factories import UserFactory
from cairn.accounts.models import STAFF_ROLES, MemberImport, Profile, Skill, User
from cairn.core.http import KEPT_CSRF_FIELD

#: The roles of DESIGN.md §2, plus the visitor (no account) and the registered account
#: (signed up and confirmed its address, but the register does not list it: no member role).
ROLES = ["visitor", "registered", "member", "facilitator", "coordination", "department_lead", "admin"]

#: The sections the apps add to a member's data export (the ``personal_data`` hook), after
#: accounts' own parts (account, profile, audit).
PERSONAL_DATA_SECTIONS = {
    "notifications",
    "recommendations",
    "projects",
    "stories",
    "events",
    "inbox",
    "hackathons",
    "experiments",
    "reports",
}


def activate_totp(user: User) -> Authenticator:
    """Give the user a TOTP device, as allauth does when they scan the QR code."""
    return TOTP.activate(user, generate_totp_secret()).instance


def make_user(role: str, **kwargs: Any) -> User:
    """An account holding ``role`` (on top of the member role), or, for ``"registered"``,
    an account that signed up and confirmed its address but holds no role at all.

    Staff roles get a TOTP device, as production requires; the admin is a Django
    superuser with access to the admin site, as ``cairn seed`` makes them.
    """
    if role == "registered":
        return UserFactory(member=False, **kwargs)
    roles = [] if role == "member" else [role]
    if role == "admin":
        kwargs.setdefault("is_staff", True)
        kwargs.setdefault("is_superuser", True)
    user = UserFactory(roles=roles, **kwargs)
    if role in STAFF_ROLES:
        activate_totp(user)
    return user


def mark_recently_reauthenticated(client: Client, user: User) -> None:
    """Record in the session that ``user`` just confirmed their password.

    This is what allauth's reauthentication form writes
    (``allauth.account.internal.flows.reauthentication.reauthenticate_by_password``).
    """
    session = client.session
    session["account_authentication_methods"] = [{"method": "password", "at": time.time(), "email": user.email, "reauthenticated": True}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


_VOLATILE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken" value=""'),
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
]


def stable_html(content: bytes) -> str:
    """The page without what changes on every request (CSRF token, CSP nonce)."""
    html = content.decode()
    for pattern, replacement in _VOLATILE:
        html = pattern.sub(replacement, html)
    return html


def accounts_snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the accounts tables, to compare before and after a refused request."""
    return {
        "users": list(
            User.objects.order_by("pk").values_list("pk", "email", "password", "is_active", "invited_at", "anonymised_at", "last_login")
        ),
        "profiles": list(
            Profile.objects.order_by("pk").values_list(
                "pk", "user_id", "display_name", "language", "country", "office_id", "sector_id", "profession", "bio", "visibility"
            )
        ),
        "profile_skills": list(Profile.skills.through.objects.order_by("pk").values_list("profile_id", "skill_id")),
        "profile_interests": list(Profile.interests.through.objects.order_by("pk").values_list("profile_id", "interest_id")),
        "skills": list(Skill.objects.order_by("pk").values_list("pk", "name")),
        "email_addresses": list(EmailAddress.objects.order_by("pk").values_list("user_id", "email", "verified", "primary")),
        "authenticators": list(Authenticator.objects.order_by("pk").values_list("user_id", "type")),
        "roles": list(User.groups.through.objects.order_by("pk").values_list("user_id", "group_id")),
        "groups": list(Group.objects.order_by("pk").values_list("pk", "name")),
        "imports": list(
            MemberImport.objects.order_by("pk").values_list("pk", "created_count", "recognised_count", "updated_count", "unchanged_count")
        ),
    }


def signed_in(user: User, *, csrf: bool = False) -> Client:
    """A client signed in as ``user``; with ``csrf``, Django's CSRF checks are on, as for a
    browser posting a form it was served (the kept pages' forms are posted that way)."""
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def form_token(html: str, after: str = "") -> str:
    """The CSRF token a browser would post back: that of the first form in ``html``, or of
    the first one after the text ``after`` (a form's ``action``, say). A kept page's
    placeholder must never reach the reader."""
    assert KEPT_CSRF_FIELD not in html
    if after:
        assert after in html, after
        html = html.split(after, 1)[1]
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)
