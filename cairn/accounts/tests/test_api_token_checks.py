"""A token's check is kept in the shared cache (``services/tokens.py``, decision 0038), so a
kept answer costs a token no query of its own; and the kept check never outlives anything
that makes it false: a revocation, an edit of the token, its owner deactivated, erased or
without their role, its expiry."""

from __future__ import annotations

import datetime
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from cairn.accounts.factories import ApiTokenFactory
from cairn.accounts.models import ApiToken, Role
from cairn.accounts.services import api_token_revoke, member_anonymise

pytestmark = pytest.mark.django_db

LIST = "/api/v1/registry/cycles/"


def _get(client: Client, token: Any, path: str = LIST) -> Any:
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {token.secret}")


@pytest.fixture
def token() -> Any:
    return ApiTokenFactory(scopes=["read_internal"])


def test_a_kept_answer_costs_a_token_only_its_kept_check(client: Client, token: Any, django_assert_num_queries: Any) -> None:
    assert _get(client, token).status_code == 200
    # The rate limit's counter (1) and the kept check (1): neither the token's row, nor its
    # owner, nor their roles are read again.
    with django_assert_num_queries(2):
        again = _get(client, token)
    assert again.status_code == 200 and again.json()["items"] == []


def test_a_revoked_token_is_refused_at_once(client: Client, token: Any) -> None:
    assert _get(client, token).status_code == 200
    api_token_revoke(token=ApiToken.objects.get(pk=token.pk), actor=token.user)
    assert _get(client, token).status_code == 401


def test_an_owner_without_their_role_deactivated_or_erased_is_refused_at_once(client: Client) -> None:
    without_role, deactivated, erased = (ApiTokenFactory(scopes=["read_internal"]) for _ in range(3))
    for token in (without_role, deactivated, erased):
        assert _get(client, token).status_code == 200

    without_role.user.groups.remove(Group.objects.get(name=Role.COORDINATION))
    deactivated.user.is_active = False
    deactivated.user.save()
    member_anonymise(user=erased.user)

    assert [_get(client, token).status_code for token in (without_role, deactivated, erased)] == [401, 401, 401]


def test_a_group_emptied_from_its_side_refuses_its_members_tokens(client: Client, token: Any) -> None:
    assert _get(client, token).status_code == 200
    Group.objects.get(name=Role.COORDINATION).user_set.clear()
    assert _get(client, token).status_code == 401


def test_an_edited_token_is_read_again(client: Client) -> None:
    from cairn.recommendations.factories import RecommendationFactory

    RecommendationFactory(is_internal=True)
    token = ApiTokenFactory(scopes=["read_internal"])
    internal = "/api/v1/registry/recommendations/"
    assert len(_get(client, token, internal).json()["items"]) == 1
    stored = ApiToken.objects.get(pk=token.pk)
    stored.scopes = []
    stored.save()
    # Without read_internal the token reads as a visitor: its kept check was forgotten.
    assert _get(client, token, internal).json()["items"] == []


def test_a_token_that_expires_while_its_check_is_kept_is_refused(client: Client) -> None:
    token = ApiTokenFactory(scopes=["read_internal"], expires_at=timezone.now() + datetime.timedelta(hours=1))
    assert _get(client, token).status_code == 200
    later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("cairn.accounts.services.tokens.timezone.now", return_value=later):
        assert _get(client, token).status_code == 401
