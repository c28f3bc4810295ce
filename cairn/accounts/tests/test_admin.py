"""The Django admin pages of the accounts app open for an admin and show what they should."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.factories import DepartmentFactory, OfficeFactory, SectorFactory, UserFactory
from cairn.accounts.models import MemberImport
from cairn.accounts.tests.helpers import make_user, mark_recently_reauthenticated

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    admin = make_user("admin")
    client.force_login(admin)
    mark_recently_reauthenticated(client, admin)
    return client


@pytest.mark.parametrize(
    "path",
    [
        "accounts/user/",
        "accounts/office/",
        "accounts/sector/",
        "accounts/department/",
        "accounts/interest/",
        "accounts/skill/",
        "accounts/memberimport/",
        "accounts/user/add/",
        "accounts/office/add/",
    ],
)
def test_every_accounts_admin_page_opens(admin_client: Client, path: str) -> None:
    UserFactory(profile__display_name="Ada")
    OfficeFactory()
    SectorFactory()
    DepartmentFactory()
    MemberImport.objects.create(created_count=1, updated_count=0, unchanged_count=0)

    assert admin_client.get(f"/fr/admin/{path}").status_code == 200


def test_a_user_change_page_shows_the_profile_inline(admin_client: Client) -> None:
    user = UserFactory(email="ada@example.org", profile__display_name="Ada")

    response = admin_client.get(f"/fr/admin/accounts/user/{user.pk}/change/")

    assert response.status_code == 200
    assert 'value="ada@example.org"' in response.text
    assert 'value="Ada"' in response.text


def test_the_user_list_searches_display_names(admin_client: Client) -> None:
    UserFactory(email="ada@example.org", profile__display_name="Ada Lovelace")
    UserFactory(email="bob@example.org", profile__display_name="Bob")

    response = admin_client.get("/fr/admin/accounts/user/", {"q": "lovelace"})

    assert "ada@example.org" in response.text
    assert "bob@example.org" not in response.text


def test_import_history_is_read_only(admin_client: Client) -> None:
    record = MemberImport.objects.create(created_count=1, updated_count=0, unchanged_count=0)

    assert admin_client.get("/fr/admin/accounts/memberimport/add/").status_code == 403
    response = admin_client.post(f"/fr/admin/accounts/memberimport/{record.pk}/change/", {"created_count": 99})
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.created_count == 1
