"""Pagination for long lists: totals that are costly to count, and keyset pages for lists
that can be deep."""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import F, Field, Model, Q, QuerySet
from django.db.models.expressions import OrderBy

from cairn.core.stamps import cached


class CachedCountPaginator(Paginator):
    """A paginator whose total is cached for ``timeout`` seconds (``cairn.core.stamps.cached``).

    Counting a filtered table of hundreds of thousands of rows on every page view costs
    more than the rest of the page; the total of a directory may be a minute or two old.
    ``cache_name`` and ``cache_parts`` must identify the whole query.
    """

    def __init__(
        self, object_list: Any, per_page: int, *, cache_name: str, cache_parts: Sequence[object], timeout: int = 120, **kwargs: Any
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cache_name = cache_name
        self.cache_parts = tuple(cache_parts)
        self.timeout = timeout

    @cached_property
    def count(self) -> int:
        return cached(self.cache_name, *self.cache_parts, ttl=self.timeout, compute=lambda: Paginator.count.func(self))  # type: ignore[attr-defined]


class KnownCountPaginator(Paginator):
    """A paginator given its total: the page already counted it (in a grouped query that
    counts several lists at once, or the facets of the registry), so paging runs no
    ``COUNT`` of its own."""

    def __init__(self, object_list: Any, per_page: int, *, count: int, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


# --- Keyset (seek) pagination -------------------------------------------------------------
# A deep page of a long list read with ``OFFSET`` makes the database sort and skip every
# row before it (the directory's last page: ~90,000 profiles). A keyset page starts instead
# *after* (or *before*) the last row the reader saw, read from an index on the list's
# order: every page costs what the first one does. The links are plain URLs — first,
# previous, next, last — so the list pages without JavaScript; the last page is the first
# one of the reversed order. The order must end with a unique column (the id) so that rows
# with equal names keep one place, and its columns must not be NULL. A column is a field of
# the list's model, of a related one (``cycle__starts_on``) or an annotation of the queryset
# (``SortKey``), ascending or descending.

#: The query-string parameters of a keyset page.
AFTER, BEFORE, LAST = "after", "before", "last"


@dataclass(frozen=True)
class SortKey:
    """A column of a keyset order: ``name`` a field path or an annotation of the queryset,
    ``field`` what reads its value back from a cursor (``models.DateField()``…)."""

    name: str
    field: Field[Any, Any]
    descending: bool = False


def _field_at(model: type[Model], path: str) -> Field[Any, Any]:
    """The field ``path`` (``cycle__starts_on``, ``pk``) names from ``model``."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model  # type: ignore[assignment]
    return model._meta.pk if name == "pk" else model._meta.get_field(name)  # type: ignore[return-value]


def keyset_order(ordering: Sequence[str | SortKey], *, reverse: bool = False) -> list[OrderBy]:
    """``ORDER BY`` expressions of a keyset order (a plain name is ascending), or of its
    reverse: what ``queryset.order_by(*…)`` needs to list rows as the pages do."""
    order = []
    for key in ordering:
        name, descending = (key.name, key.descending) if isinstance(key, SortKey) else (key, False)
        order.append(F(name).desc() if descending != reverse else F(name).asc())
    return order


def _value_at(row: Any, path: str) -> Any:
    for name in path.split("__"):
        row = getattr(row, name)
    return row


class InvalidCursor(ValueError):
    """A page link that Cairn did not write (edited, truncated): the list shows its first page."""


@dataclass
class KeysetPage:
    object_list: list[Any]
    paginator: KeysetPaginator
    has_next: bool
    has_previous: bool
    #: The cursors of the rows on each end (for the next and previous links).
    first_cursor: str = ""
    last_cursor: str = ""
    #: True when the asked cursor was refused and the first page is shown instead.
    invalid_cursor: bool = False

    def __len__(self) -> int:
        return len(self.object_list)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


class KeysetPaginator:
    """Pages of ``queryset`` in the order of ``ordering`` (field names, ascending, the last
    one unique), by seeking from a cursor instead of counting an offset: one query per page
    (``per_page`` + 1 rows, the extra one tells whether another page follows), plus the
    queryset's prefetches. ``count`` is the list's total when the page shows it (a cached
    count, ``CachedCountPaginator``), or a callable giving it."""

    def __init__(self, queryset: QuerySet[Any], per_page: int, *, ordering: Sequence[str | SortKey], count: Any = None) -> None:
        self.queryset = queryset
        self.per_page = per_page
        self.keys = tuple(key if isinstance(key, SortKey) else SortKey(key, _field_at(queryset.model, key)) for key in ordering)
        self._count = count

    @cached_property
    def count(self) -> int:
        return int(self._count() if callable(self._count) else (self._count or 0))

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    def cursor(self, row: Any) -> str:
        """The cursor of ``row``: its ordering values (dates as ISO strings), JSON in URL-safe base64."""
        values = [_value_at(row, key.name) for key in self.keys]
        return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":"), cls=DjangoJSONEncoder).encode()).decode().rstrip("=")

    def decode(self, cursor: str) -> list[Any]:
        """The ordering values of ``cursor``, each checked against its model field."""
        try:
            values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
        except (ValueError, UnicodeDecodeError) as error:
            raise InvalidCursor(cursor) from error
        if not isinstance(values, list) or len(values) != len(self.keys):
            raise InvalidCursor(cursor)
        checked = []
        for key, value in zip(self.keys, values, strict=True):
            if (
                not isinstance(value, (str, int, float))
                or isinstance(value, bool)
                or (isinstance(value, float) and not math.isfinite(value))
            ):
                raise InvalidCursor(cursor)
            try:
                value = key.field.to_python(value)
            except (ValidationError, TypeError, ValueError, OverflowError) as error:  # a date's field given a number…
                raise InvalidCursor(cursor) from error
            if value is None or (isinstance(value, float) and not math.isfinite(value)):
                raise InvalidCursor(cursor)  # no column of a keyset order is NULL
            if isinstance(value, int) and not -(2**63) <= value < 2**63:
                raise InvalidCursor(cursor)  # beyond any database integer
            checked.append(value)
        return checked

    def _beyond(self, values: list[Any], *, after: bool) -> Q:
        """Rows strictly after (or before) ``values`` in the order: (a, b) > (x, y) is
        a > x, or a = x and b > y — written out, as every database can use an index for it
        (``<`` instead of ``>`` for a descending column)."""
        condition = Q()
        for depth, key in enumerate(self.keys):
            equal = {earlier.name: values[i] for i, earlier in enumerate(self.keys[:depth])}
            lookup = "gt" if after != key.descending else "lt"
            condition |= Q(**equal, **{f"{key.name}__{lookup}": values[depth]})
        # The bound on the first column, redundant, lets the index scan start at the cursor
        # instead of filtering every row before it.
        first = self.keys[0]
        return Q(**{f"{first.name}__{'gte' if after != first.descending else 'lte'}": values[0]}) & condition

    def _rows(self, queryset: QuerySet[Any], *, reverse: bool) -> tuple[list[Any], bool]:
        rows = list(queryset.order_by(*keyset_order(self.keys, reverse=reverse))[: self.per_page + 1])
        more = len(rows) > self.per_page
        rows = rows[: self.per_page]
        return (rows[::-1] if reverse else rows), more

    def get_page(self, params: Mapping[str, Any]) -> KeysetPage:
        """The page a query string asks for: ``after=<cursor>``, ``before=<cursor>``,
        ``last=1``, or the first page. A cursor that cannot be read gives the first page,
        marked ``invalid_cursor`` (the list says so, ``{% results %}``)."""
        after, before, last = params.get(AFTER) or "", params.get(BEFORE) or "", params.get(LAST) or ""
        try:
            if after:
                rows, more = self._rows(self.queryset.filter(self._beyond(self.decode(after), after=True)), reverse=False)
                if rows:
                    return self._page(rows, has_next=more, has_previous=True)
                last = "1"  # nothing after any more (rows removed since): the last page
            elif before:
                rows, more = self._rows(self.queryset.filter(self._beyond(self.decode(before), after=False)), reverse=True)
                if more:
                    return self._page(rows, has_next=True, has_previous=True)
                # Nothing further back: this is the start of the list, shown as the first page.
            if last:
                rows, more = self._rows(self.queryset, reverse=True)
                return self._page(rows, has_next=False, has_previous=more)
            invalid = False
        except InvalidCursor:
            invalid = True
        rows, more = self._rows(self.queryset, reverse=False)
        return self._page(rows, has_next=more, has_previous=False, invalid_cursor=invalid)

    def _page(self, rows: list[Any], **flags: Any) -> KeysetPage:
        return KeysetPage(
            object_list=rows,
            paginator=self,
            first_cursor=self.cursor(rows[0]) if rows else "",
            last_cursor=self.cursor(rows[-1]) if rows else "",
            **flags,
        )
