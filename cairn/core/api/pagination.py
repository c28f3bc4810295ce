"""What an answer is made of: the query string read by the page's own filter form
(``parse_query``), cursor pages (``paginate``), ISO dates and links to the HTML pages."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from typing import Annotated, Any
from urllib.parse import urlencode

from django import forms
from django.core import signing
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Schema
from pydantic import Field

from cairn.core.api.problems import ApiError

#: Items per page when the caller does not say, and the most a caller may ask for.
PAGE_SIZE = 25
PAGE_SIZE_MAX = 100
#: The query parameters every list endpoint reads besides its filters.
PAGING_PARAMETERS = ("cursor", "limit")

# --- Reading the query string ------------------------------------------------------------------


def form_errors(form: forms.BaseForm) -> dict[str, list[str]]:
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}


def _invalid_parameters(errors: dict[str, list[str]]) -> ApiError:
    return ApiError(
        400, _("Paramètres invalides"), _("Un ou plusieurs paramètres sont invalides."), errors=errors, kind="invalid-parameters"
    )


def parse_query[F: forms.Form](request: HttpRequest, form_class: type[F], *, extra: Iterable[str] = PAGING_PARAMETERS, **options: Any) -> F:
    """The query string read by the page's own filter form (``options`` are its keyword
    arguments): an unknown parameter or a bad value is refused with a problem detail
    naming it, in the caller's language."""
    form = form_class(request.GET, **options)
    known = {*form.fields, *extra}
    unknown = sorted(set(request.GET) - known)
    errors = {} if form.is_valid() else form_errors(form)
    for name in unknown:
        errors[name] = [_("Ce paramètre n’existe pas.")]
    if errors:
        raise _invalid_parameters(errors)
    return form


def refuse_unknown_parameters(request: HttpRequest, known: Iterable[str] = ()) -> None:
    parse_query(request, forms.Form, extra=known)


# --- Pagination ----------------------------------------------------------------------------------

_CURSOR_SALT = "cairn.api.cursor"


class PageForm(forms.Form):
    cursor = forms.CharField(required=False, max_length=200)
    limit = forms.IntegerField(required=False, min_value=1, max_value=PAGE_SIZE_MAX)


#: A database id in a path (``{theme_id}``): a positive 64-bit integer; a larger one is a
#: 400 before any query (it would overflow the database's integer).
ObjectId = Annotated[int, Path(ge=1, le=2**63 - 1)]


class Paging(Schema):
    """The paging parameters of every list, for the schema (``paginate`` reads them)."""

    cursor: str | None = Field(None, description="Le curseur du lien `next` de la page précédente.", max_length=200)
    limit: int | None = Field(None, description="Éléments par page (1 à 100, 25 par défaut).")


def paginate[T](request: HttpRequest, queryset: QuerySet[Any], *, serialise: Callable[[Sequence[Any]], list[T]]) -> dict[str, Any]:
    """One page of ``queryset`` in the order of its ids, after the item the ``cursor``
    names: ``{"items": [...], "next": url or null}``. A cursor is signed, so a forged or
    truncated one is refused (400) rather than read. Queries: one for the page (plus what
    ``serialise`` prefetches), whatever the size of the list."""
    form = PageForm(request.GET)
    if not form.is_valid():
        raise _invalid_parameters(form_errors(form))
    limit = form.cleaned_data["limit"] or PAGE_SIZE
    ordered = queryset.order_by("pk")
    if cursor := form.cleaned_data["cursor"]:
        try:
            after = signing.loads(cursor, salt=_CURSOR_SALT)
        except signing.BadSignature:
            raise ApiError(
                400,
                _("Curseur invalide"),
                _("Ce curseur n’est pas valide : repartez du lien « next » d’une page."),
                errors={"cursor": [_("Ce curseur n’est pas valide.")]},
                kind="invalid-cursor",
            ) from None
        if not isinstance(after, int):
            raise ApiError(400, _("Curseur invalide"), errors={"cursor": [_("Ce curseur n’est pas valide.")]}, kind="invalid-cursor")
        ordered = ordered.filter(pk__gt=after)
    rows = list(ordered[: limit + 1])
    next_url = None
    if len(rows) > limit:
        rows = rows[:limit]
        query = request.GET.copy()
        query["cursor"] = signing.dumps(rows[-1].pk, salt=_CURSOR_SALT)
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    return {"items": serialise(rows), "next": next_url}


# --- Values --------------------------------------------------------------------------------------


def page_url(request: HttpRequest, path: str, **query: Any) -> str:
    """The absolute URL of an HTML page (in the caller's language)."""
    values = {key: value for key, value in query.items() if value not in (None, "")}
    return request.build_absolute_uri(path + (f"?{urlencode(values)}" if values else ""))


def iso(value: datetime.date | datetime.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()
