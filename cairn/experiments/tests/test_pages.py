"""Pages of experiments that are about one person are never kept by a cache."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.tests.helpers import make_user

pytestmark = pytest.mark.django_db


def test_the_facilitators_page_is_personal(client: Client) -> None:
    client.force_login(make_user("facilitator"))
    response = client.get("/fr/experimentations/animation/")
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
