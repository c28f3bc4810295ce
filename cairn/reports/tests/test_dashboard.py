"""The dashboard and the open-data downloads: what they show, where their numbers lead,
bad filters, and their query counts pinned at two volumes."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from cairn.accounts.tests.helpers import make_user
from cairn.recommendations.tests.registry_fixtures import Registry, add_volume, assess, build_registry

pytestmark = pytest.mark.django_db

URL = "/fr/etat-des-lieux/"


@pytest.fixture
def reg() -> Registry:
    return build_registry()


def text(html: bytes) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))


def test_headline_figures_with_their_counts(client: Client, reg: Registry) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    page = text(response.content)
    assert "Taux de réalisation : 40 % — 2 réalisées sur 5 évaluées" in page
    assert "Taux d’engagement : 60 % — 3 réalisées ou en cours sur 5 évaluées" in page
    html = response.content.decode()
    # Every number links to the registry listing the recommendations behind it.
    assert '<a href="/fr/recommandations/">6</a>' in html
    assert '<a href="/fr/recommandations/?status=done">2</a>' in html
    eco = reg.categories["eco"].pk
    assert f'<a href="/fr/recommandations/?category={eco}&amp;status=in_progress">1</a>' in html


def test_each_chart_is_an_svg_with_a_title_a_description_and_a_table(client: Client, reg: Registry) -> None:
    html = client.get(URL).content.decode()
    svgs = re.findall(r"<svg[^>]*>", html)
    charts = [svg for svg in svgs if 'class="chart__svg"' in svg]
    assert len(charts) == 4  # category, cycle, trend, completion by group
    for svg in charts:
        assert 'role="img"' in svg
        title_id, desc_id = re.search(r'aria-labelledby="([^ "]+) ([^"]+)"', svg).groups()  # type: ignore[union-attr]
        assert f'<title id="{title_id}">' in html
        assert f'<desc id="{desc_id}">' in html
    assert html.count('<table class="figures-table">') == 8  # four beside a chart, four tables alone


def test_names_from_the_registry_are_escaped_in_the_charts_and_tables(client: Client, reg: Registry) -> None:
    """The charts' SVG is marked safe: every label in it must come out escaped."""
    category = reg.categories["eco"]
    category.name_fr = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    category.save(update_fields=["name_fr"])

    html = client.get(URL).content.decode()

    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_filters_narrow_the_figures_and_carry_into_the_links(client: Client, reg: Registry) -> None:
    eco = reg.categories["eco"].pk
    response = client.get(URL, {"category": eco, "as_of": "2023-06-30"})
    page = text(response.content)
    assert "Les chiffres au 30 juin 2023" in page
    # acc1 done, acc2 in progress, acc3 not assessed, num1 postponed (2023-05-05).
    assert "Taux de réalisation : 33 % — 1 réalisées sur 3 évaluées" in page
    html = response.content.decode()
    assert f'<a href="/fr/recommandations/?category={eco}&amp;as_of=2023-06-30&amp;status=done">1</a>' in html


def test_the_registry_lists_what_a_dashboard_number_counts(client: Client, reg: Registry) -> None:
    """Follow a number: the registry, as of the same date, lists exactly that many."""
    html = client.get(URL, {"as_of": "2023-01-01"}).content.decode()
    link = re.search(r'<a href="([^"]*status=rejected[^"]*)">(\d+)</a>', html)
    assert link is not None
    href, count = link.group(1).replace("&amp;", "&"), int(link.group(2))
    registry = client.get(href).content.decode()
    assert f"{count} recommandation" in text(registry.encode())
    assert "Élire le conseil par tirage au sort" in registry


def test_a_bad_filter_is_reported_and_the_others_still_apply(client: Client, reg: Registry) -> None:
    response = client.get(URL, {"status": "finished", "country": "FR", "as_of": "2023-02-30"})
    assert response.status_code == 200
    page = text(response.content)
    assert "Cet état d’avancement n’existe pas." in page
    assert "Saisissez une date valide." in page
    assert "Taux de réalisation : 0 % — 0 réalisées sur 1 évaluées" in page  # France only: num1 postponed


def test_htmx_gets_the_results_and_the_filters_only(client: Client, reg: Registry) -> None:
    response = client.get(URL, {"country": "BE"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<h1>" not in html
    assert 'hx-swap-oob="true"' in html
    assert "4 évaluées" in text(response.content)


def test_the_coordination_team_sees_the_internal_recommendation_counted(client: Client, reg: Registry) -> None:
    client.force_login(make_user("coordination"))
    response = client.get(URL)
    assert "3 réalisées sur 6 évaluées" in text(response.content)


# The dashboard, whatever the volume or the filters, the first time for a state of the
# registry and these filters:
#  1 the registry's stamp, 2 the analyses' stamp and 3 the stories' stamp: the key of the
#    rendered page body (each stamp then stays in the cache until a write forgets it, see
#    cairn.core.stamps; the facets' and the figures' caches reuse the registry's)
#  4 the cities of the visible groups, 5–13 one grouped COUNT per facet (as the registry),
#  14 the cities again, 15 overall counts, 16–21 one grouped COUNT per breakdown (category,
#  cycle, theme, group, country, department), 22 one COUNT per city and status,
#  23 recommendations per cycle start, 24 the history, 25 the analyses of the broad themes,
#  26 the broad themes' latest stories (none here; with some, two more: see
#  test_category_stories.py), 27 the experiment groups' stamp (part of the page body's
#  key), 28 the experiments by broad theme (the section ``cairn.experiments`` registers),
#  29 the hackathon questions' stamp and 30 the recommendations addressed by a hackathon
#  (the section ``cairn.hackathons`` registers), then the cache every process shares (a
#  database table without Redis, decision 0020; one query to read an entry, five to write
#  one): 31 the figures looked up, 32–36 written, 37 the four charts looked up, 38–42
#  written. Those twelve are paid once per state of the registry for every process and
#  across restarts; before, each process paid the thirty after each restart.
DASHBOARD_QUERIES = 42
#: With an "as of" date: the dates of the registry's changes (the figures are cached under
#: the last one on or before it), read (2), looked up in and written to the shared cache (6).
AS_OF_QUERIES = 8
# Again, nothing changed: no query at all, the stamps and the page body are cached.
DASHBOARD_QUERIES_CACHED = 0


@pytest.mark.parametrize("volume", [6, 60])
@pytest.mark.parametrize("params", [{}, {"country": "BE", "status": "done", "as_of": "2023-06-30", "city": "Bruxelles"}])
def test_dashboard_query_count_does_not_grow_with_the_registry(client: Client, reg: Registry, volume: int, params: dict) -> None:
    add_volume(volume)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    expected = DASHBOARD_QUERIES + (AS_OF_QUERIES if "as_of" in params else 0)
    assert len(queries) == expected, "\n".join(q["sql"][:100] for q in queries)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    assert len(queries) == DASHBOARD_QUERIES_CACHED


def test_publishing_an_assessment_shows_at_once(client: Client, reg: Registry) -> None:
    client.get(URL)
    assess(reg.recs["acc3"], "done", datetime.date(2024, 5, 1))
    assert "3 réalisées sur 6 évaluées" in text(client.get(URL).content)


# --- Downloads ------------------------------------------------------------------------------

DOWNLOADS = "/fr/etat-des-lieux/donnees-ouvertes/"


def test_open_data_page_lists_the_downloads_the_licence_and_the_definitions(client: Client, reg: Registry) -> None:
    page = text(client.get(DOWNLOADS).content)
    assert "Licence : Creative Commons Attribution 4.0" in page
    assert "Réalisées ÷ évaluées" in page
    for name in ("chiffres.csv", "chiffres.xlsx", "chiffres.json", "recommandations.csv"):
        assert client.get(DOWNLOADS + name).status_code == 200


def test_downloads_agree_with_the_page(client: Client, reg: Registry) -> None:
    data = json.loads(client.get(DOWNLOADS + "chiffres.json").content)
    assert (data["total"], data["done"], data["assessed"], data["completion_rate"]) == (6, 2, 5, 0.4)
    rows = list(csv.DictReader(io.StringIO(client.get(DOWNLOADS + "chiffres.csv", {"country": "FR"}).content.decode())))
    assert (rows[0]["breakdown"], rows[0]["total"], rows[0]["postponed"]) == ("all", "1", "1")
    listing = list(csv.DictReader(io.StringIO(client.get(DOWNLOADS + "recommandations.csv").content.decode())))
    assert [r["reference"] for r in listing][:2] == ["2019-20/ACC/01", "2019-20/ACC/02"]
    assert "2020-21/NUM/02" not in {r["reference"] for r in listing}  # internal: never in open data
    workbook = load_workbook(io.BytesIO(client.get(DOWNLOADS + "chiffres.xlsx").content))
    assert workbook.sheetnames == ["all", "category", "cycle", "theme", "group", "city", "country", "department", "recommendations"]
    assert [c.value for c in workbook["all"][2]][:4] == ["all", None, None, 6]
    assert workbook["recommendations"].max_row == 7


def test_an_unknown_download_is_404(client: Client, reg: Registry) -> None:
    assert client.get(DOWNLOADS + "secret.csv").status_code == 404
