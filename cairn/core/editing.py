"""Stale edits: an edit made on a version someone else has changed since is refused.

Every edit form carries the version of the object it was opened on (``VersionField``,
filled with ``version_of(obj)``: its ``updated_at`` to the microsecond). The service that
applies the edit locks the row, then calls ``refuse_stale(current, expected)``: when the
row changed in between, it raises ``StaleEdit`` and writes nothing. ``StaleEdit`` is a
``ValidationError``, so the view shows it like any other refusal of the service
(``cairn.core.forms.add_service_errors``), with one message for every kind of object.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

STALE_EDIT_MESSAGE = _(
    "Quelqu’un a modifié ces informations pendant que vous les éditiez. Rechargez la page pour repartir "
    "de leur version actuelle ; vos changements n’ont pas été enregistrés."
)


class StaleEdit(ValidationError):
    """The object changed since the form was opened; the edit is refused."""

    def __init__(self) -> None:
        super().__init__(STALE_EDIT_MESSAGE, code="stale")


def version_of(obj: Any) -> str:
    """The version an edit form carries: the object's last change, to the microsecond."""
    return obj.updated_at.isoformat() if getattr(obj, "updated_at", None) else ""


def refuse_stale(current: Any, expected: datetime.datetime | None) -> None:
    """Raise ``StaleEdit`` when ``current`` (the row, locked by the caller) changed since the
    version ``expected``. No version (an API call, a test) checks nothing."""
    if expected is not None and current.updated_at != expected:
        raise StaleEdit


class VersionField(forms.CharField):
    """The hidden version of an edit form; cleans to the datetime ``refuse_stale`` compares.

    A ``DateTimeField`` would round the microseconds away and refuse every edit."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime.datetime | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return datetime.datetime.fromisoformat(text)
        except ValueError as error:
            raise ValidationError(_("Rechargez la page : la version de ces informations est illisible."), code="version") from error
