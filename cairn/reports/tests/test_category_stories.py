"""Each broad theme's latest published stories under its figures: on the dashboard (cached
with the stories' stamp, so that a publication shows at once), on an edition's page and in
the live PDF; a constant number of queries whatever the number of stories."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cairn.recommendations.tests.registry_fixtures import Registry, add_volume, build_registry
from cairn.reports.selectors import pdf_context
from cairn.reports.services import category_analysis_update, edition_publish
from cairn.reports.tests.test_dashboard import DASHBOARD_QUERIES, DASHBOARD_QUERIES_CACHED
from cairn.stories.factories import make_story
from cairn.stories.models import Story
from cairn.stories.services import story_unpublish

pytestmark = pytest.mark.django_db

URL = "/fr/etat-des-lieux/"


@pytest.fixture
def reg() -> Registry:
    return build_registry()


def _at(day: int) -> datetime.datetime:
    return datetime.datetime(2024, 3, day, 10, 0, tzinfo=datetime.UTC)


def _stories_block(html: str) -> str:
    return html.split('id="category-stories-title"')[1].split("</section>")[0]


def _titles(block: str) -> list[str]:
    return re.findall(r'<a href="[^"]*/recits/[^"]+/"[^>]*>([^<]+)</a>', block)


def test_the_dashboard_shows_each_themes_three_latest_published_stories(client: Client, reg: Registry) -> None:
    economy = reg.categories["eco"]
    for day in range(1, 5):
        make_story(titles={"fr": f"Économie {day}"}, published=_at(day), categories=[economy])
    make_story(titles={"fr": "Brouillon"}, categories=[economy])
    make_story(titles={"nl": "Alleen in het Nederlands"}, published=_at(9), categories=[reg.categories["vie"]])

    block = _stories_block(client.get(URL).content.decode())

    assert _titles(block) == ["Économie 4", "Économie 3", "Économie 2", "Alleen in het Nederlands"]
    assert "<h4>Économie</h4>" in block and "<h4>Vie coopérative</h4>" in block
    assert 'lang="nl">Alleen in het Nederlands</a>' in block


def test_without_published_stories_there_is_no_block(client: Client, reg: Registry) -> None:
    make_story(titles={"fr": "Brouillon"}, categories=[reg.categories["eco"]])

    assert 'id="category-stories-title"' not in client.get(URL).content.decode()


def test_a_publication_or_an_unpublication_shows_at_once_on_the_cached_dashboard(client: Client, reg: Registry) -> None:
    first = make_story(titles={"fr": "Premier récit"}, published=_at(1), categories=[reg.categories["eco"]])
    assert _titles(_stories_block(client.get(URL).content.decode())) == ["Premier récit"]

    make_story(titles={"fr": "Deuxième récit"}, published=_at(2), categories=[reg.categories["eco"]])
    assert _titles(_stories_block(client.get(URL).content.decode())) == ["Deuxième récit", "Premier récit"]

    story_unpublish(actor=None, story=Story.objects.get(pk=first.pk))
    assert _titles(_stories_block(client.get(URL).content.decode())) == ["Deuxième récit"]


# With stories, the first time: the links of the themes' stories, the chosen stories and
# their versions; then nothing, as without stories.
@pytest.mark.parametrize("count", [3, 30])
def test_the_dashboard_queries_do_not_grow_with_the_stories(client: Client, reg: Registry, count: int) -> None:
    add_volume(6)
    for n in range(count):
        make_story(titles={"fr": f"Récit {n}"}, published=_at(1 + n % 28), categories=list(reg.categories.values()))

    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    # DASHBOARD_QUERIES counts the block's one query when no theme has a story.
    assert len(queries) == DASHBOARD_QUERIES + 2, "\n".join(q["sql"][:100] for q in queries)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    assert len(queries) == DASHBOARD_QUERIES_CACHED


def test_an_edition_page_shows_the_latest_stories(client: Client, reg: Registry) -> None:
    for key, category in reg.categories.items():
        category_analysis_update(category=category, text_fr=f"Analyse {key}.", text_nl=f"Analyse {key}.", text_en="", actor=None)
    edition_publish(title="État des lieux 2023", as_of=datetime.date(2023, 1, 1), actor=None)
    make_story(titles={"fr": "Vingt vélos"}, published=_at(1), categories=[reg.categories["eco"]])

    html = client.get("/fr/etat-des-lieux/editions/etat-des-lieux-2023/").content.decode()

    assert _titles(_stories_block(html)) == ["Vingt vélos"]


def test_the_live_pdf_lists_the_stories_with_absolute_links_and_an_editions_pdf_does_not(reg: Registry) -> None:
    story = make_story(titles={"fr": "Vingt vélos", "nl": "Twintig fietsen"}, published=_at(1), categories=[reg.categories["eco"]])

    with translation.override("nl"):
        html = render_to_string("reports/pdf.html", pdf_context())
    assert f'<a href="{settings.SITE_URL}/nl/recits/{story.slug}/">Twintig fietsen</a>' in html

    for key, category in reg.categories.items():
        category_analysis_update(category=category, text_fr=f"Analyse {key}.", text_nl=f"Analyse {key}.", text_en="", actor=None)
    edition = edition_publish(title="État des lieux 2023", as_of=datetime.date(2023, 1, 1), actor=None)
    with translation.override("fr"):
        frozen = render_to_string("reports/pdf.html", pdf_context(edition=edition))
    assert "Vingt vélos" not in frozen
