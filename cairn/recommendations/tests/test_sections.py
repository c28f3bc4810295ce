"""The recommendation page's extension point: later apps add sections from their
``hooks.py`` under the ``recommendation_page_sections`` hook (the projects app shows what
followed from a recommendation; stories show the stories that tell of it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client

from cairn.core import hooks
from cairn.core.sections import Section, unchanging
from cairn.recommendations.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def extra_section() -> Iterator[list]:
    seen: list = []

    def load(recommendation, viewer):  # type: ignore[no-untyped-def]
        seen.append((recommendation.pk, viewer.is_authenticated))
        return ["<b>un élément</b>"] if recommendation.title.startswith("Avec") else []

    section = Section(
        "test-extra", title="Section de test", template="recommendations/tests/_extra_section.html", load=load, stamp=unchanging
    )
    with hooks.register_temporarily("recommendation_page_sections", section, order=99):
        yield seen


def test_a_registered_section_is_shown_with_its_items_escaped_and_hidden_when_empty(
    client: Client, extra_section: list, tmp_path, settings
) -> None:
    template_dir = tmp_path / "recommendations" / "tests"
    template_dir.mkdir(parents=True)
    (template_dir / "_extra_section.html").write_text("<ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    shown, empty = RecommendationFactory(title="Avec une suite"), RecommendationFactory(title="Sans suite")

    page = client.get(f"/fr/recommandations/{shown.reference}/").text
    other = client.get(f"/fr/recommandations/{empty.reference}/").text

    assert '<h2 id="section-test-extra-title">Section de test</h2>' in page
    assert "<li>&lt;b&gt;un élément&lt;/b&gt;</li>" in page
    assert "Section de test" not in other
    assert extra_section == [(shown.pk, False), (empty.pk, False)]


def test_a_section_that_names_no_stamp_is_refused_where_the_page_is_kept(client: Client) -> None:
    """A visitor's recommendation page is kept under its sections' stamps: a section without
    one would be kept stale, so the page refuses it (a mistake of the app that registers it)."""
    from django.core.exceptions import ImproperlyConfigured

    section = Section("no-stamp", title="Sans tampon", template="recommendations/tests/_extra_section.html", load=lambda rec, viewer: [])
    rec = RecommendationFactory()
    with (
        hooks.register_temporarily("recommendation_page_sections", section, order=99),
        pytest.raises(ImproperlyConfigured, match="no-stamp"),
    ):
        client.get(f"/fr/recommandations/{rec.reference}/")
