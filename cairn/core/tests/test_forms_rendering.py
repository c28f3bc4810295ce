"""Cairn's form renderer writes ``<select>`` in Python: the same HTML as Django's, byte for
byte, for every kind of select the pages use; what it cannot write goes through the template."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import override_settings
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from cairn.accounts.models import Office
from cairn.core.forms import FormRenderer, select_html

HOSTILE = '<script>alert("x")</script> & « Liège »'


class Filters(forms.Form):
    kind = forms.ChoiceField(required=False, choices=[("", "Tous"), ("a", HOSTILE), (3, "trois")])
    grouped = forms.ChoiceField(
        required=False, choices=[("Belgique", [("be", "Bruxelles")]), ("France", [("fr", "Lille"), ("x", HOSTILE)])]
    )
    several = forms.MultipleChoiceField(required=False, choices=[("a", "A"), ("b", "B")])
    office = forms.ModelChoiceField(queryset=Office.objects.order_by("pk"), required=False, empty_label="Tous")
    flagged = forms.ChoiceField(
        required=False,
        choices=[("a", "A")],
        widget=forms.Select(attrs={"hx-get": "/x/?a=1&b=2", "disabled": True, "aria-describedby": "h"}),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("data", [{}, {"kind": "a", "grouped": "x", "several": ["a", "b"], "office": "1"}, {"kind": "nope", "office": "x"}])
def test_selects_render_as_django_renders_them(data: dict) -> None:
    Office.objects.create(name=HOSTILE, city="Liège", country="BE")
    Office.objects.create(name="Gand", city="Gent", country="BE")

    ours = Filters(data, renderer=FormRenderer()).as_div()
    django = Filters(data, renderer=DjangoTemplates()).as_div()

    assert ours == django
    assert "<script>" not in ours and "&lt;script&gt;" in ours
    assert ours.count("<option") == 12


class Unusual(forms.Form):
    """Labels the template would localise, lazy and safe labels, attributes of every kind,
    an option with its own template."""

    lazy = forms.ChoiceField(required=False, choices=[("", gettext_lazy("Tous")), ("fr", gettext_lazy("Français"))])
    safe = forms.ChoiceField(required=False, choices=[("a", mark_safe("<b>gras</b>")), ("b", "<b>échappé</b>")])
    year = forms.TypedChoiceField(required=False, coerce=int, choices=[(2024, 2024), (12345, 12345)])
    attrs = forms.ChoiceField(
        required=False,
        choices=[("a", "A")],
        widget=forms.Select(attrs={"data-n": 3, "data-list": [1, "<"], "data-off": False, "data-safe": mark_safe("&amp;")}),
    )
    custom = forms.ChoiceField(required=False, choices=[("a", "A")], widget=forms.Select())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["custom"].widget.option_template_name = "django/forms/widgets/input_option.html"


@pytest.mark.parametrize("language", ["fr", "nl"])
@pytest.mark.parametrize("data", [{}, {"lazy": "fr", "safe": "a", "year": "12345"}])
def test_unusual_selects_render_as_django_renders_them(language: str, data: dict) -> None:
    # With a thousands separator the template writes 12 345: a number label must go through it.
    with override(language), override_settings(USE_THOUSAND_SEPARATOR=True):
        assert Unusual(data, renderer=FormRenderer()).as_div() == Unusual(data, renderer=DjangoTemplates()).as_div()


def test_python_writes_plain_selects_and_leaves_the_rest_to_the_template() -> None:
    form = Unusual(renderer=FormRenderer())
    context = {name: form[name].field.widget.get_context(name, form[name].value(), {"id": f"id_{name}"}) for name in form.fields}
    written = {name: select_html(ctx["widget"]) is not None for name, ctx in context.items()}
    assert written == {"lazy": True, "safe": True, "year": False, "attrs": True, "custom": False}
    # A safe label is kept as it is, any other is escaped.
    lazy_and_safe = select_html(context["safe"]["widget"])
    assert "<b>gras</b>" in lazy_and_safe and "&lt;b&gt;échappé&lt;/b&gt;" in lazy_and_safe


def test_the_site_uses_it() -> None:
    from django.conf import settings

    assert settings.FORM_RENDERER == "cairn.core.forms.FormRenderer"
