"""Form helpers shared by every app's views."""

from __future__ import annotations

import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils import formats
from django.utils.translation import gettext_lazy as _


class FormRenderer(DjangoTemplates):
    """Django's form renderer, with ``<select>`` written in one template loop: Django's own
    template includes a template per ``<option>``, which made the filter forms (a project,
    an office, a sector per option) a fifth to a third of the directory, the agenda, the
    calendar and the projects (docs/performance.md). Same HTML, byte for byte
    (``cairn/core/tests/test_forms_rendering.py``)."""

    @cached_property
    def engine(self) -> Any:
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [Path(__file__).parent / "form_templates", Path(forms.__file__).parent / "templates"],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when it names one the form
    has, otherwise at the top (``form.add_error`` alone refuses fields the form lacks)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


#: The dates Cairn accepts from a form or a query string. Outside them a date is a typo or
#: an attack, and some would crash the arithmetic or the database (``9999-12-31`` plus a
#: day overflows Python's dates; PostgreSQL and SQLite disagree about year 1).
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2199, 12, 31)


class BoundedDateField(forms.DateField):
    """A date between ``EARLIEST_DATE`` and ``LATEST_DATE``, in ISO form (``2024-12-31``,
    what a date input sends) or the locale's: every date a page, a feed, an export or a
    staff form reads goes through it, so no date out of range reaches a query."""

    default_error_messages = {  # Django merges it with the parent classes' messages
        "out_of_range": _("Saisissez une date entre le %(earliest)s et le %(latest)s."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("min", EARLIEST_DATE.isoformat())
        self.widget.attrs.setdefault("max", LATEST_DATE.isoformat())

    def to_python(self, value: Any) -> datetime.date | None:
        # A huge or NUL-laden string is refused before any parsing tries it.
        if isinstance(value, str) and (len(value) > 40 or "\x00" in value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None:
            check_date_range(value, self.error_messages)


def check_date_range(value: datetime.date, messages: dict[str, Any] | None = None) -> None:
    """Refuse a date outside ``EARLIEST_DATE``–``LATEST_DATE``, with the translated message."""
    if not (EARLIEST_DATE <= value <= LATEST_DATE):
        raise ValidationError(
            (messages or BoundedDateField.default_error_messages)["out_of_range"],
            code="out_of_range",
            params={"earliest": formats.date_format(EARLIEST_DATE), "latest": formats.date_format(LATEST_DATE)},
        )


class BoundedDateTimeField(forms.DateTimeField):
    """A date and time whose day is between ``EARLIEST_DATE`` and ``LATEST_DATE`` (an
    event's start, a registration deadline)."""

    default_error_messages = BoundedDateField.default_error_messages

    def to_python(self, value: Any) -> datetime.datetime | None:
        if isinstance(value, str) and (len(value) > 40 or "\x00" in value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None:
            check_date_range(value.date(), self.error_messages)


class ObjectIdField(forms.IntegerField):
    """The id of a row, read from a query string or a form: a positive integer a database
    key can hold (a longer one would overflow the query; ``²`` is a digit to ``isdigit``
    but no number)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(**kwargs)
