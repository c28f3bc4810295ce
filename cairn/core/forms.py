"""Form helpers shared by every app's views."""

from __future__ import annotations

import datetime
import html
from functools import cached_property
from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils import formats
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData
from django.utils.translation import gettext_lazy as _

#: Django's templates for a ``<select>`` and its options, which ``FormRenderer`` writes in Python.
SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


class FormRenderer(DjangoTemplates):
    """Django's form renderer, with ``<select>`` written in Python: Django's own template
    includes a template per ``<option>``, and even one template loop over the options
    (this renderer's first version, kept in ``form_templates`` for the selects it cannot
    write) left the agenda's "Projet" filter — about 900 projects at the benchmark's large
    scale — half of the page's time (docs/performance.md). Same HTML, byte for byte
    (``cairn/core/tests/test_forms_rendering.py``); a select whose options are not all plain
    text options (a custom option template, a number or a date as a label, which the
    template would localise) goes through the template as before."""

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

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name == SELECT_TEMPLATE:
            html = select_html(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request)


def _text(value: Any) -> str:
    """What ``{{ value|stringformat:'s' }}`` writes: the value as text, escaped unless safe
    (``html.escape`` is what Django's ``escape`` calls, without its wrapping, which counts
    at hundreds of options)."""
    return str(value) if isinstance(value, SafeData) else html.escape(str(value))


def _attrs(attrs: dict[str, Any]) -> str:
    """What Django's ``attrs.html`` writes: `` name="value"``, a bare name for ``True``, nothing for ``False``."""
    if not attrs:
        return ""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_text(value)}"' for name, value in attrs.items() if value is not False
    )


def _is_text(value: Any) -> bool:
    return isinstance(value, (str, Promise))


def select_html(widget: dict[str, Any]) -> str | None:
    """The HTML of Django's ``select.html`` for ``widget`` (a select's template context), or
    ``None`` when an option needs the template (see ``FormRenderer``)."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name and not _is_text(group_name):
            return None
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE or not _is_text(option["label"]):
                return None
            parts.append(f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>{_text(option["label"])}</option>\n')
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


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
