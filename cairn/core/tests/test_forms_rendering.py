"""Cairn's form renderer writes ``<select>`` in one loop: the same HTML as Django's, byte
for byte, for every kind of select the pages use."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from cairn.accounts.models import Office
from cairn.core.forms import FormRenderer

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


def test_the_site_uses_it() -> None:
    from django.conf import settings

    assert settings.FORM_RENDERER == "cairn.core.forms.FormRenderer"
