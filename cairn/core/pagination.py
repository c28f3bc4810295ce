"""Pagination for long lists whose total is costly to count."""

from __future__ import annotations

import hashlib
from functools import cached_property
from typing import Any

from django.core.cache import cache
from django.core.paginator import Paginator


class CachedCountPaginator(Paginator):
    """A paginator whose total is cached for ``timeout`` seconds under ``cache_key``.

    Counting a filtered table of hundreds of thousands of rows on every page view costs
    more than the rest of the page; the total of a directory may be a minute or two old.
    ``cache_key`` must identify the whole query: build it with ``count_cache_key``.
    """

    def __init__(self, object_list: Any, per_page: int, *, cache_key: str, timeout: int = 120, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cache_key = cache_key
        self.timeout = timeout

    @cached_property
    def count(self) -> int:
        value = cache.get(self.cache_key)
        if value is None:
            value = super().count
            cache.set(self.cache_key, value, self.timeout)
        return value


class KnownCountPaginator(Paginator):
    """A paginator given its total: the page already counted it (in a grouped query that
    counts several lists at once), so paging runs no ``COUNT`` of its own."""

    def __init__(self, object_list: Any, per_page: int, *, count: int, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def count_cache_key(name: str, *parts: object) -> str:
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"cairn:count:{name}:{digest}"
