"""Personal access tokens on the staff member's profile: made with a name, scopes and an
expiry, the secret shown once and stored as a digest, revoked, audited."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from cairn.accounts.factories import ApiTokenFactory
from cairn.accounts.models import ApiToken
from cairn.accounts.services import api_token_digest
from cairn.accounts.tests.helpers import make_user
from cairn.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PAGE = "/fr/profil/jetons-api/"


@pytest.fixture
def staff(client: Client):  # type: ignore[no-untyped-def]
    user = make_user("coordination")  # with TOTP, as staff must have
    client.force_login(user)
    return user


def test_a_staff_member_makes_a_token_sees_its_secret_once_and_it_opens_the_api(client: Client, staff) -> None:  # type: ignore[no-untyped-def]
    response = client.post(PAGE, {"name": "Tableau de bord BI", "scopes": ["read_internal"]})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    secret = re.search(r"<code>(cairn_[^<]+)</code>", response.content.decode()).group(1)  # type: ignore[union-attr]
    token = ApiToken.objects.get(user=staff)
    assert (token.name, token.scopes, token.digest) == ("Tableau de bord BI", ["read_internal"], api_token_digest(secret))
    assert secret not in str(ApiToken.objects.values().get())
    assert AuditEntry.objects.filter(object_id=str(token.pk), action="create", actor=staff).exists()
    assert secret not in client.get(PAGE).content.decode()  # never shown again
    client.logout()
    assert client.get("/api/v1/registry/recommendations/", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "data",
    [{"name": "", "scopes": []}, {"name": "Outil", "scopes": ["everything"]}, {"name": "Outil", "expires_on": "2001-01-01"}],
    ids=["no-name", "unknown-scope", "expired-already"],
)
def test_a_refused_token_is_not_made(client: Client, staff, data: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    response = client.post(PAGE, data)
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_revoking_a_token_closes_the_api_to_it(client: Client, staff) -> None:  # type: ignore[no-untyped-def]
    token = ApiTokenFactory(user=staff)
    response = client.post(f"{PAGE}{token.pk}/revoquer/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(object_id=str(token.pk), action="revoke").exists()
    client.logout()
    assert client.get("/api/v1/registry/cycles/", HTTP_AUTHORIZATION=f"Bearer {token.secret}").status_code == 401


def test_another_staff_members_token_looks_missing(client: Client, staff) -> None:  # type: ignore[no-untyped-def]
    other = ApiTokenFactory()
    assert client.post(f"{PAGE}{other.pk}/revoquer/").status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None
    assert other.name not in client.get(PAGE).content.decode()
