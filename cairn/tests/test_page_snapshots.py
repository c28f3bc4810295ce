"""Every benchmark page's main content on a fixed cooperative, compared with its recorded
snapshot: an optimisation of how a page is built must not change what it shows.

A snapshot is ``cairn/tests/snapshots/<database>/<page>.txt``. After a change meant to
alter a page, record the pages again and review the diff:

    CAIRN_UPDATE_SNAPSHOTS=1 uv run pytest -q cairn/tests/test_page_snapshots.py
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from cairn.tests.page_snapshots import bench_pages, clients, frozen_clock, main_content, page_path, seeded_cooperative, snapshot_file

#: Each test runs in its own savepoint inside the module's seeded transaction.
pytestmark = pytest.mark.django_db

UPDATE = os.environ.get("CAIRN_UPDATE_SNAPSHOTS", "") == "1"
PAGES = [page for page in bench_pages().PAGES if page.name != bench_pages().BASELINE]


@pytest.fixture(scope="module")
def cooperative(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Client]]:
    with django_db_blocker.unblock(), seeded_cooperative():
        yield clients()


@pytest.fixture
def as_role(cooperative: dict[str, Client]) -> Iterator[dict[str, Client]]:
    with frozen_clock():
        yield cooperative


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_the_page_shows_what_its_snapshot_recorded(as_role: dict[str, Client], page: Any) -> None:
    client = as_role["staff" if page.staff else "member" if page.member else "visitor"]
    path = page_path(page)
    first = client.get(path)  # caches empty (conftest empties them before each test)
    steady = client.get(path)  # what the caches give back
    assert first.status_code == steady.status_code == page.status
    shown = main_content(steady)
    assert main_content(first) == shown, f"{page.name}: the cached page differs from the page built afresh"
    file = snapshot_file(page.name)
    if UPDATE:
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(shown, encoding="utf-8")
    assert file.exists(), f"no snapshot of {page.name} on {file.parent.name}: record it with CAIRN_UPDATE_SNAPSHOTS=1"
    assert shown == file.read_text(encoding="utf-8"), f"{page.name} ({path}) no longer shows what {file.name} recorded"
