"""Pagination for long lists whose total is costly to count."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from django.core.paginator import Paginator

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
