"""The open-data files are built once per state of the data, audience, language and
filters, then served from the cache — never one viewer's file to another."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cairn.accounts.tests.helpers import make_user
from cairn.recommendations.tests.registry_fixtures import Registry, assess, build_registry
from cairn.reports import exports

pytestmark = pytest.mark.django_db

DOWNLOADS = "/fr/etat-des-lieux/donnees-ouvertes/"


@pytest.fixture
def reg() -> Registry:
    return build_registry()


def rows(client: Client, query: str = "") -> list[dict[str, str]]:
    response = client.get(DOWNLOADS + "recommandations.csv" + query)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    for name in ("list_csv", "figures_xlsx", "figures_json", "figures_csv"):
        original = getattr(exports, name)
        monkeypatch.setattr(exports, name, lambda *a, _o=original, _n=name, **k: calls.append(_n) or _o(*a, **k))
    return calls


@pytest.mark.parametrize("filename", ["recommandations.csv", "chiffres.xlsx", "chiffres.json", "chiffres.csv"])
def test_a_file_is_built_once_then_served_from_the_cache(client: Client, reg: Registry, builds: list[str], filename: str) -> None:
    first = client.get(DOWNLOADS + filename)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(DOWNLOADS + filename)

    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert len(builds) == 1
    assert len(queries) == 0  # the stamps and the file come from the cache
    assert again["Content-Disposition"] == f'attachment; filename="etat-des-lieux-{filename}"'


def test_a_change_to_the_data_gives_a_new_file(client: Client, reg: Registry, builds: list[str]) -> None:
    before = client.get(DOWNLOADS + "chiffres.json").content
    assess(reg.recs["acc3"], "done", datetime.date(2024, 5, 1))

    assert client.get(DOWNLOADS + "chiffres.json").content != before
    assert len(builds) == 2


def test_filters_and_languages_have_their_own_files(client: Client, reg: Registry) -> None:
    everything, belgium = rows(client), rows(client, "?country=BE")

    assert len(belgium) < len(everything)
    assert rows(client) == everything
    assert client.get("/nl/etat-des-lieux/donnees-ouvertes/chiffres.csv").content != client.get(DOWNLOADS + "chiffres.csv").content


def test_no_viewer_gets_the_file_of_another_audience(reg: Registry) -> None:
    public, coordination = Client(), Client()
    coordination.force_login(make_user("coordination"))

    seen_by_public = rows(public)
    seen_by_coordination = rows(coordination)  # after the public file is cached
    assert len(seen_by_coordination) > len(seen_by_public)  # the internal recommendation
    assert rows(Client()) == seen_by_public  # and the other way round
    assert rows(coordination) == seen_by_coordination
