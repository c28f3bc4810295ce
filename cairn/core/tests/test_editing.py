"""The one stale-edit mechanism (``cairn.core.editing``): the version an edit form carries,
and the refusal every edit service raises when the object changed since."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.utils import timezone, translation

from cairn.core.editing import STALE_EDIT_MESSAGE, StaleEdit, VersionField, refuse_stale, version_of
from cairn.core.forms import add_service_errors


class _Edited:
    def __init__(self, updated_at: datetime.datetime) -> None:
        self.updated_at = updated_at


class _EditForm(forms.Form):
    title = forms.CharField()
    version = VersionField()


def test_the_version_keeps_the_microseconds_through_the_form() -> None:
    moment = datetime.datetime(2026, 3, 14, 9, 26, 53, 589793, tzinfo=datetime.UTC)
    form = _EditForm({"title": "Titre", "version": version_of(_Edited(moment))})

    assert form.is_valid()
    assert form.cleaned_data["version"] == moment


def test_an_unreadable_version_is_a_translated_error_on_the_form() -> None:
    form = _EditForm({"title": "Titre", "version": "pas-une-date"})

    assert not form.is_valid()
    assert form.errors["version"] == ["Rechargez la page : la version de ces informations est illisible."]
    with translation.override("nl"):
        assert _EditForm({"title": "Titel", "version": "?"}).errors["version"] == [
            "Herlaad de pagina: de versie van deze gegevens is onleesbaar."
        ]


def test_without_a_version_nothing_is_compared() -> None:
    form = _EditForm({"title": "Titre"})

    assert form.is_valid()
    assert form.cleaned_data["version"] is None
    refuse_stale(_Edited(timezone.now()), None)  # raises nothing


def test_the_same_version_passes_and_a_later_change_is_refused() -> None:
    seen = timezone.now()
    refuse_stale(_Edited(seen), seen)

    with pytest.raises(StaleEdit) as refused:
        refuse_stale(_Edited(seen + datetime.timedelta(microseconds=1)), seen)
    assert refused.value.code == "stale"


def test_a_stale_edit_shows_as_the_forms_own_error_in_the_readers_language() -> None:
    form = _EditForm({"title": "Titre"})
    assert form.is_valid()

    add_service_errors(form, StaleEdit())

    assert form.non_field_errors() == [str(STALE_EDIT_MESSAGE)]
    with translation.override("en"):
        english = _EditForm({"title": "Title"})
        english.is_valid()
        add_service_errors(english, StaleEdit())
        assert english.non_field_errors() == [
            "Someone changed this information while you were editing it. Reload the page to start again from "
            "its current version; your changes were not saved."
        ]
