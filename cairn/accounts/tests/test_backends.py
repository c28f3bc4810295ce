"""Cairn's authentication backends read the signed-in account with its profile, roles and
second factor in one query (decision 0041), without keeping any of it between requests;
the migration that named them kept every open session signed in."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from cairn.accounts.backends import signed_in_user
from cairn.accounts.models import Role
from cairn.accounts.tests.helpers import make_user

pytestmark = pytest.mark.django_db


def test_the_account_comes_with_its_profile_roles_and_second_factor_in_one_query(django_assert_num_queries) -> None:
    coordinator = make_user("coordination", profile__display_name="Inès Coordination")
    member = make_user("member")

    with django_assert_num_queries(1):
        found = signed_in_user(coordinator.pk)
        assert found is not None
        assert found.role_names == {Role.MEMBER, Role.COORDINATION}
        assert found.profile.display_name == "Inès Coordination"
        assert found.has_second_factor is True  # type: ignore[attr-defined]
    with django_assert_num_queries(1):
        plain = signed_in_user(member.pk)
        assert plain is not None and plain.role_names == {Role.MEMBER} and plain.has_second_factor is False  # type: ignore[attr-defined]
    assert signed_in_user(10**9) is None


def test_a_role_taken_away_counts_on_the_next_request(client: Client) -> None:
    coordinator = make_user("coordination")
    client.force_login(coordinator)
    assert client.get("/fr/gestion/questions/chiffres/").status_code == 200

    coordinator.groups.remove(Group.objects.get(name=Role.COORDINATION))

    assert client.get("/fr/gestion/questions/chiffres/").status_code == 403


def test_a_staff_member_without_a_second_factor_is_sent_to_set_one_up(client: Client) -> None:
    coordinator = make_user("coordination")
    coordinator.authenticator_set.all().delete()
    client.force_login(coordinator)

    response = client.get("/fr/gestion/questions/")

    assert response.status_code == 302 and "totp" in response["Location"]


def test_sessions_signed_in_before_the_change_stay_signed_in(client: Client) -> None:
    """A session names its backend; the data migration renames the old names to Cairn's."""
    member = make_user("member")
    old = SessionStore()
    old[SESSION_KEY] = str(member.pk)
    old[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    old[HASH_SESSION_KEY] = member.get_session_auth_hash()
    old.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = old.session_key
    assert client.get("/fr/profil/").status_code == 302  # the old name is no longer configured

    migration = importlib.import_module("cairn.accounts.migrations.0010_sessions_cairn_backends")
    migration.rename_backends(apps, None)

    assert SessionStore(old.session_key).load()[BACKEND_SESSION_KEY] == "cairn.accounts.backends.AuthenticationBackend"
    assert client.get("/fr/profil/").status_code == 200
