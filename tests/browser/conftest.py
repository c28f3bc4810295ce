"""Fixtures every browser test shares: the live server as base URL, a French desktop
browser, and the role groups for each test (the root conftest empties the cache). The
helpers the tests call are in ``helpers.py``.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group

from cairn.accounts.models import Role
from tests.browser.helpers import DESKTOP


@pytest.fixture(scope="session")
def base_url(live_server: Any) -> str:
    """Every ``page.goto("/fr/…")`` goes to pytest-django's live server."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": DESKTOP, "locale": "fr-BE"}


@pytest.fixture(autouse=True)
def role_groups(transactional_db: None) -> None:
    """The role groups a data migration creates; a live-server test flushes the tables
    after each test, so they are made again for the next one."""
    for role in Role.values:
        Group.objects.get_or_create(name=role)
