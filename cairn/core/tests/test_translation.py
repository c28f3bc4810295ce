"""The one mechanism for translated titles, names and summaries (``cairn.core.translation``)."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from cairn.core.translation import missing_q, shown_in, text_in, translation_field_names, with_translations
from cairn.projects.factories import ProjectFactory
from cairn.projects.models import Project
from cairn.recommendations.models import ThemeCategory

pytestmark = pytest.mark.django_db


def test_the_readers_language_when_written_else_the_french_original_marked() -> None:
    project = ProjectFactory(title="Des abris vélos", title_nl="Fietsenstallingen", summary="Dans chaque bureau.")

    dutch = shown_in(project, "title", "nl")
    assert (dutch.text, dutch.language, dutch.marked) == ("Fietsenstallingen", "nl", False)
    english = shown_in(project, "title", "en")
    assert (english.text, english.language, english.marked) == ("Des abris vélos", "fr", True)
    assert shown_in(project, "title", "fr").marked is False
    with translation.override("nl"):
        assert text_in(project, "summary") == "Dans chaque bureau."
        assert text_in(project, "title") == "Fietsenstallingen"


def test_a_page_marks_the_original_for_screen_readers_and_everyone_and_escapes_it() -> None:
    project = ProjectFactory(title="<b>Des abris</b>", title_nl="")
    template = Template('{% load translated %}<h1>{% translated project "title" %}</h1>')

    with translation.override("nl"):
        html = template.render(Context({"project": project}))
    assert html == '<h1><span lang="fr">&lt;b&gt;Des abris&lt;/b&gt;</span> <small class="muted">(in het Frans)</small></h1>'
    with translation.override("fr"):
        assert template.render(Context({"project": project})) == "<h1>&lt;b&gt;Des abris&lt;/b&gt;</h1>"


def test_the_vocabularies_names_are_the_same_mechanism() -> None:
    category = ThemeCategory.objects.create(slug="mobilite", name_fr="Mobilité", name_nl="Mobiliteit")

    with translation.override("nl"):
        assert category.name == "Mobiliteit"
    with translation.override("en"):
        assert category.name == "Mobilité"
        assert shown_in(category, "name").marked is True
    assert ThemeCategory.objects.filter(missing_q(ThemeCategory, "en")).get() == category
    assert not ThemeCategory.objects.filter(missing_q(ThemeCategory, "nl")).exists()


def test_forms_and_services_take_the_translation_columns_beside_their_source() -> None:
    assert translation_field_names(Project) == ["title_nl", "title_en", "summary_nl", "summary_en"]
    assert with_translations(["kind", "title", "summary"], Project) == [
        "kind",
        "title",
        "title_nl",
        "title_en",
        "summary",
        "summary_nl",
        "summary_en",
    ]
    assert Project._meta.get_field("title_nl").max_length == Project._meta.get_field("title").max_length
