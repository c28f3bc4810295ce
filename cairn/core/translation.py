"""Content in the reader's language: the one mechanism for titles, names and summaries that
staff write in French and may translate into Dutch and English (decision 0037).

A translated field keeps its French column as it was (``title``, ``summary``…) and gains
two columns beside it, made by ``translations(field)``: ``title_nl`` and ``title_en``, same
kind and length, blank when nobody translated it yet. A model lists those fields in
``TRANSLATED`` and inherits ``Translatable``; ``TranslatedNameModel``'s vocabularies
(``name_fr``, ``name_nl``, ``name_en``) are the same pattern with the French column
suffixed too. Everything that shows such a field asks ``shown_in(obj, field)`` (templates:
``{% load translated %}{% translated obj "title" %}``; exports and the API:
``text_in``): the reader's language when it is written, else the French original,
marked as such (``lang="fr"`` and "(en français)" on a page). ``translation_field_names``
gives the staff forms their fields; ``missing_q`` is what the staff's "what is still
untranslated" page counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext, gettext_lazy

#: The source language every field is written in first.
SOURCE_LANGUAGE = "fr"
#: The languages a field can be translated into, and how a form's label names them.
TARGET_LANGUAGES = {"nl": gettext_lazy("néerlandais"), "en": gettext_lazy("anglais")}


def translations(field: models.Field) -> tuple[models.Field, models.Field]:
    """The Dutch and English columns of ``field``: same kind, length and validators, optional.

    ``title_nl, title_en = translations(title)`` in a model's body, beside ``title``."""
    _name, _path, args, kwargs = field.deconstruct()
    for key in ("unique", "db_index", "help_text", "default", "null"):
        kwargs.pop(key, None)
    kwargs.update(blank=True, default="")
    return tuple(  # type: ignore[return-value]
        field.__class__(*args, **dict(kwargs, verbose_name=format_lazy("{} ({})", field.verbose_name, label)))
        for label in TARGET_LANGUAGES.values()
    )


class Translatable:
    """A model whose ``TRANSLATED`` fields have Dutch and English columns beside the French one."""

    TRANSLATED: ClassVar[tuple[str, ...]] = ()
    #: How the French column is named from the field: "" (``title``), or "_fr" (``name_fr``).
    SOURCE_SUFFIX: ClassVar[str] = ""


@dataclass(frozen=True)
class Shown:
    """A field as a reader sees it: its ``text`` in ``language``; ``marked`` when that is
    not the reader's language (the French original standing in for a missing translation)."""

    text: str
    language: str
    marked: bool

    def __str__(self) -> str:
        return self.text

    @property
    def note(self) -> str:
        """The marker a page shows beside a text left in its original language."""
        return gettext("(en français)") if self.marked else ""

    def __html__(self) -> str:
        """In a template (``{{ shown }}``): the text escaped, and when marked, its language
        for screen readers and the note for everyone."""
        if not self.marked:
            return format_html("{}", self.text)
        return format_html('<span lang="{}">{}</span> <small class="muted">{}</small>', self.language, self.text, self.note)


def reader_language(language: str | None = None) -> str:
    return (language or get_language() or SOURCE_LANGUAGE)[:2]


def shown_in(obj: Translatable, field: str, language: str | None = None) -> Shown:
    """``obj.field`` in ``language`` (the active one by default) when it is written, else
    the French original, marked when the reader asked for another language."""
    language = reader_language(language)
    source = str(getattr(obj, f"{field}{obj.SOURCE_SUFFIX}") or "")
    if language != SOURCE_LANGUAGE and language in TARGET_LANGUAGES:
        translated = str(getattr(obj, f"{field}_{language}", "") or "")
        if translated:
            return Shown(translated, language, marked=False)
    return Shown(source, SOURCE_LANGUAGE, marked=language != SOURCE_LANGUAGE and bool(source))


def text_in(obj: Translatable, field: str, language: str | None = None) -> str:
    """``shown_in``'s text alone, for exports and the API (which say the language elsewhere)."""
    return shown_in(obj, field, language).text


def translation_field_names(model: type[Translatable], fields: tuple[str, ...] | None = None) -> list[str]:
    """The translation columns a staff form edits: ``title_nl``, ``title_en``, ``summary_nl``…"""
    return [f"{field}_{language}" for field in (fields or model.TRANSLATED) for language in TARGET_LANGUAGES]


def with_translations(fields: list[str], model: type[Translatable]) -> list[str]:
    """A service's or a form's ``fields`` with each translated field's Dutch and English
    columns right after it: ``["title", "title_nl", "title_en", "summary", …]``."""
    out = []
    for name in fields:
        out.append(name)
        if name in model.TRANSLATED:
            out.extend(translation_field_names(model, (name,)))
    return out


def translation_form_fields(model: type[models.Model]) -> dict[str, Any]:
    """The form fields of a model's translation columns, for a plain ``forms.Form``: same
    length limits (and so the same translated "at most N characters" message) as the model."""
    translatable: Any = model
    fields: dict[str, Any] = {}
    for name in translation_field_names(translatable):
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field)  # noqa: S101 — a column made by ``translations``
        fields[name] = field.formfield()
    return fields


def missing_q(model: type[Translatable], language: str) -> Q:
    """The rows with a French text lacking its ``language`` version in one of the model's fields."""
    condition = Q()
    for field in model.TRANSLATED:
        condition |= ~Q(**{f"{field}{model.SOURCE_SUFFIX}": ""}) & Q(**{f"{field}_{language}": ""})
    return condition


def translation_values(path: str) -> list[str]:
    """The columns a ``values()`` query adds to ``path`` ("theme__title") for ``value_in``."""
    return [f"{path}_{language}" for language in TARGET_LANGUAGES]


def value_in(row: dict[str, Any], path: str, language: str | None = None) -> Any:
    """``path``'s text of a ``values()`` row in the reader's language, else the French one."""
    language = reader_language(language)
    return (row.get(f"{path}_{language}") if language in TARGET_LANGUAGES else None) or row[path]


def translated_languages(obj: Translatable, language: str | None = None) -> dict[str, str]:
    """In which language each ``TRANSLATED`` field is given (the API's ``languages``)."""
    return {field: shown_in(obj, field, language).language for field in obj.TRANSLATED}


def translated_values(obj: Translatable, language: str | None = None) -> dict[str, Any]:
    """Every ``TRANSLATED`` field's text in the reader's language, for a serialiser."""
    return {field: text_in(obj, field, language) for field in obj.TRANSLATED}


@dataclass(frozen=True)
class TranslatableKind:
    """A kind of item staff translate, registered under the ``translatables`` hook: the
    staff's "what is still untranslated" page lists, per language, its items that lack a
    translation, each with a link to the page where staff write it.

    ``items()`` is every item staff may translate (internal ones too); ``edit_url(item)``
    the staff page with its translation fields; ``described(item)`` a short context shown
    beside the title (a cycle, a date) from what ``items()`` selects."""

    key: str
    label: Any
    model: type[models.Model]
    items: Any
    edit_url: Any
    described: Any = None

    def missing(self, language: str) -> Any:
        """The items lacking their ``language`` version of a field (none for French, the source)."""
        model: Any = self.model
        if language not in TARGET_LANGUAGES:
            return self.items().none()
        return self.items().filter(missing_q(model, language))


#: How many untranslated items of each kind the staff's page lists (the count says the rest).
UNTRANSLATED_SHOWN = 20


@dataclass(frozen=True)
class Untranslated:
    """One kind's part of the staff's page: how many items lack each language, and the
    first ones lacking the language the page shows, as (title, context, edit URL)."""

    key: str
    label: Any
    counts: dict[str, int]
    items: list[tuple[str, str, str]]


def untranslated_kinds(language: str) -> list[Untranslated]:
    """Every registered kind's untranslated items in ``language`` (two queries a kind: the
    counts per language, the first items), in the hooks' order."""
    from django.db.models import Count

    from cairn.core.hooks import get_hooks

    out = []
    for kind in get_hooks("translatables"):
        model: Any = kind.model
        counts = kind.items().aggregate(**{code: Count("pk", filter=missing_q(model, code)) for code in TARGET_LANGUAGES})
        counts[SOURCE_LANGUAGE] = 0
        shown = kind.missing(language)[:UNTRANSLATED_SHOWN] if language in TARGET_LANGUAGES else []
        items = [
            (str(shown_in(item, model.TRANSLATED[0], SOURCE_LANGUAGE)), kind.described(item) if kind.described else "", kind.edit_url(item))
            for item in shown
        ]
        out.append(Untranslated(kind.key, kind.label, counts, items))
    return out
