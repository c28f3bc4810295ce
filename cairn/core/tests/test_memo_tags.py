"""``{% translate %}`` and ``{% url %}`` remember their result per node
(``cairn/core/templatetags/memo.py``) and give exactly what Django's tags give, in every
language, escaped or not, and fail as Django's do."""

from __future__ import annotations

import pytest
from django.template import Context, Template, engines
from django.test import override_settings
from django.urls import NoReverseMatch, re_path, reverse
from django.utils import translation

from cairn.core.templatetags.memo import RememberedTranslateNode, RememberedURLNode

TRANSLATED = '{% translate "Aller au contenu" %}|{% translate "Menu" context "navigation" %}|{% translate "Accueil" as home %}{{ home }}'


def render(source: str, context: dict | None = None, *, autoescape: bool = True) -> str:
    template = engines["django"].from_string(source)
    return template.template.render(Context(context or {}, autoescape=autoescape))


def test_the_builtin_tags_are_the_remembering_ones() -> None:
    nodes = engines["django"].from_string('{% translate "Menu" %}{% url "core:home" %}').template.nodelist
    assert [type(node) for node in nodes] == [RememberedTranslateNode, RememberedURLNode]


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_a_constant_translation_is_djangos_in_each_language_however_often_it_renders(language: str) -> None:
    template = engines["django"].from_string(TRANSLATED).template
    reference = engines["django"].from_string("{% load i18n %}" + TRANSLATED).template
    with translation.override(language):
        expected = reference.render(Context({}))
        assert [template.render(Context({})) for _ in range(3)] == [expected] * 3
    assert expected.split("|")[0] == {"fr": "Aller au contenu", "nl": "Naar de inhoud", "en": "Skip to content"}[language]


def test_languages_and_escaping_never_share_a_remembered_translation() -> None:
    template = engines["django"].from_string('{% translate "Aller au contenu" %}').template
    with translation.override("nl"):
        dutch = template.render(Context({}))
    with translation.override("en"):
        english = template.render(Context({}))
    with translation.override("fr"):
        french = template.render(Context({}))
    assert (dutch, english, french) == ("Naar de inhoud", "Skip to content", "Aller au contenu")


def test_a_translated_variable_is_translated_each_time() -> None:
    source = "{% translate message %}"
    assert render(source, {"message": "Menu"}) == "Menu"
    assert render(source, {"message": "<b>"}) == "&lt;b&gt;"
    assert render(source, {"message": "<b>"}, autoescape=False) == "<b>"


def test_a_url_is_djangos_in_each_language_with_its_arguments() -> None:
    source = "{% url 'accounts:profile_detail' pk %}|{% url 'core:home' %}|{% url 'core:about' as about %}{{ about }}"
    for language in ("fr", "nl", "en"):
        with translation.override(language):
            for pk in (1, 2, 1):
                assert (
                    render(source, {"pk": pk})
                    == f"{reverse('accounts:profile_detail', args=[pk])}|{reverse('core:home')}|{reverse('core:about')}"
                )


def test_a_url_is_escaped_as_django_escapes_it() -> None:
    # A keyword argument with characters HTML escapes.
    source = "{% url 'recommendations:detail' reference=ref %}"
    with translation.override("fr"):
        url = reverse("recommendations:detail", kwargs={"reference": "A&B/C"})
        assert render(source, {"ref": "A&B/C"}) == url.replace("&", "&amp;")
        assert render(source, {"ref": "A&B/C"}, autoescape=False) == url


def test_a_url_that_does_not_reverse_fails_as_djangos_does_every_time() -> None:
    for _ in range(2):
        with pytest.raises(NoReverseMatch):
            render("{% url 'core:nowhere' %}")
        assert render("{% url 'core:nowhere' as link %}[{{ link }}]") == "[]"


def test_an_argument_that_is_not_a_string_or_an_integer_is_reversed_each_time() -> None:
    class Pk:
        def __init__(self, value: int) -> None:
            self.value = value

        def __str__(self) -> str:
            return str(self.value)

    source = "{% url 'accounts:profile_detail' pk %}"
    assert render(source, {"pk": Pk(3)}) == reverse("accounts:profile_detail", args=[3])
    assert render(source, {"pk": Pk(4)}) == reverse("accounts:profile_detail", args=[4])


def test_a_script_prefix_changes_the_remembered_url() -> None:
    template = engines["django"].from_string("{% url 'core:about' %}").template
    with translation.override("fr"):
        plain = template.render(Context({}))
        with override_settings(FORCE_SCRIPT_NAME="/cairn/"):
            from django.urls import set_script_prefix

            set_script_prefix("/cairn/")
            try:
                prefixed = template.render(Context({}))
            finally:
                set_script_prefix("/")
    assert (plain, prefixed) == ("/fr/processus/", "/cairn/fr/processus/")


def test_templates_compiled_from_strings_keep_nothing_between_them() -> None:
    assert render('{% translate "Menu" %}') == Template('{% translate "Menu" %}').render(Context({}))


def test_numbers_in_a_list_go_into_one_remembered_shape_of_the_address() -> None:
    source = "{% url 'events:decide' event registration 'valider' %}|{% url 'events:attendees_export' fmt='csv' pk=event %}"
    template = engines["django"].from_string(source).template
    for language in ("fr", "nl", "en"):
        with translation.override(language):
            for event, registration in [(7, 1), (7, 2), (12, 10), (0, 739182640000), (3, 3)]:
                expected = (
                    f"{reverse('events:decide', args=[event, registration, 'valider'])}"
                    f"|{reverse('events:attendees_export', kwargs={'pk': event, 'fmt': 'csv'})}"
                )
                assert template.render(Context({"event": event, "registration": registration})) == expected
    decide, export = (node for node in template.nodelist if isinstance(node, RememberedURLNode))
    # One shape per language, not one address per row.
    assert len(decide.memory) == len(export.memory) == 3


def year_view(request, year):
    raise AssertionError("never called")


# A pattern that takes only some numbers: no shape can stand for it, each value is reversed.
urlpatterns = [
    re_path(r"^annee/(?P<year>[0-9]{4})/$", year_view, name="year"),
    re_path(r"^annee/(?P<year>[0-9]+)/toutes/$", year_view, name="any_year"),
]


@override_settings(ROOT_URLCONF=__name__)
def test_a_pattern_that_takes_only_some_numbers_is_reversed_for_each() -> None:
    template = engines["django"].from_string("{% url 'year' year %}|{% url 'any_year' year %}").template
    for year in (2024, 2025, 1999):
        assert template.render(Context({"year": year})) == f"/annee/{year}/|/annee/{year}/toutes/"
    with pytest.raises(NoReverseMatch):
        template.render(Context({"year": 12345}))
    year_node, any_node = (node for node in template.nodelist if isinstance(node, RememberedURLNode))
    assert len(any_node.memory) == 1  # a shape
    assert len(year_node.memory) == 4  # no shape, then each year


def test_reverse_ids_gives_djangos_address_for_any_ids_in_each_language() -> None:
    from cairn.core.templatetags.memo import reverse_ids

    for language in ("fr", "nl", "en"):
        with translation.override(language):
            for ids in [(1,), (42,), (0,), (739182640000,)]:
                assert reverse_ids("accounts:profile_detail", *ids) == reverse("accounts:profile_detail", args=ids)
            assert reverse_ids("events:detail", 5) == reverse("events:detail", args=[5])
            with pytest.raises(NoReverseMatch):
                reverse_ids("events:detail", -1)
