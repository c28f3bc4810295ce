"""Stamps, and the one read-through cache keyed on them.

``cached(name, *parts, stamps=…, ttl=…, compute=…)`` is how Cairn caches anything it
computed (figures, facet counts, a chart, a section of the home page): the value is kept
under a key made of its name, the parts that select it (language, filters, audience) and
the current value of each stamp it depends on, and computed again when any of them
changes. The ``ttl`` only bounds what no stamp sees. ``cache_key`` builds the same key
for Django's ``{% cache %}`` template tag, which keeps rendered HTML the same way.

A stamp is a cheap answer to "may this data have changed?".

A stamp is a small query (row counts and latest change times of the tables a page reads)
whose value changes whenever those tables do. Pages cache what they render under it, so
they are never staler than the stamp. Computing it costs a query on every view, though —
a few milliseconds on tables of thousands of rows — so the value itself is kept in the
cache for ``STAMP_TTL`` seconds and forgotten as soon as one of its models is written:

- ``save()``, ``delete()`` and many-to-many changes of the watched models forget it
  through Django's signals (admin, forms, factories);
- a service that writes in bulk (``QuerySet.update``, ``bulk_create``), which sends no
  signal, calls ``stamp.forget()`` itself.

Forgetting happens at once and again when the transaction commits, so a request that read
the old rows during the transaction cannot leave its old stamp behind. With Redis as the
cache every process sees it at once; with the per-process memory cache another web worker
keeps its value for at most ``STAMP_TTL`` seconds.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import Http404
from django.utils.connection import ConnectionProxy
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from cairn.core.oncommit import on_commit_batch

#: The alias, in ``settings.CACHES``, of everything Cairn computes or renders to serve it
#: again: stamps, ``cached`` values and the ``{% cache … using=page_cache %}`` blocks.
PAGE_CACHE = "pages"
#: The cache every process shares (decision 0020): Redis, or a database table without it.
SHARED_CACHE = "default"
#: That cache, for this module and the few that drop a value by hand.
cache = ConnectionProxy(caches, PAGE_CACHE)

#: How long a computed stamp is trusted when no write in this process (or through Redis)
#: forgot it first.
STAMP_TTL = 10


class Stamp:
    """``stamp()`` gives the current value (cached); ``stamp.forget()`` drops it."""

    def __init__(self, name: str, compute: Callable[[], tuple[Any, ...]]) -> None:
        self.name = name
        self.compute = compute
        self.key = f"cairn:stamp:{name}"
        self.listeners: list[Callable[[], None]] = []
        self.__doc__ = compute.__doc__

    def __call__(self) -> tuple[Any, ...]:
        value = cache.get(self.key)
        if value is None:
            value = self.compute()
            cache.set(self.key, value, STAMP_TTL)
        return value

    def forget(self) -> None:
        cache.delete(self.key)
        transaction.on_commit(lambda: cache.delete(self.key))
        for listener in self.listeners:
            # Once per transaction, however many rows it wrote (cairn.core.oncommit).
            on_commit_batch(f"stamp:{self.name}:{listener.__module__}.{listener.__qualname__}", None, partial(_call_once, listener))

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` after each transaction that changed what the stamp watches
        (once per transaction): an app that keeps something built from that data (the
        open-data files) queues its rebuild there. Called from an ``AppConfig.ready``."""
        if listener not in self.listeners:
            self.listeners.append(listener)

    def watch(self, *models: type[Model], through: Iterable[type[Model]] = ()) -> None:
        """Forget the stamp whenever one of ``models`` is saved or deleted, or one of the
        many-to-many ``through`` tables changes. Called from an ``AppConfig.ready``."""

        def forget(**_kwargs: Any) -> None:
            self.forget()

        for model in models:
            post_save.connect(forget, sender=model, weak=False, dispatch_uid=f"stamp:{self.name}:save:{model._meta.label}")
            post_delete.connect(forget, sender=model, weak=False, dispatch_uid=f"stamp:{self.name}:delete:{model._meta.label}")
        for table in through:
            m2m_changed.connect(forget, sender=table, weak=False, dispatch_uid=f"stamp:{self.name}:m2m:{table._meta.label}")


def _call_once(listener: Callable[[], None], _items: list[Any]) -> None:
    listener()


def stamp(name: str) -> Callable[[Callable[[], tuple[Any, ...]]], Stamp]:
    """Decorate the function that computes a stamp: ``@stamp("registry")``."""

    def decorate(compute: Callable[[], tuple[Any, ...]]) -> Stamp:
        return Stamp(name, compute)

    return decorate


_MISSING = object()


def cache_key(name: str, *parts: object, stamps: Iterable[Callable[[], Any]] = ()) -> str:
    """The cache key of ``name`` for ``parts`` and the current values of ``stamps``: any
    change of a part or of a stamp gives another key."""
    values = (*parts, *(current() for current in stamps))
    digest = hashlib.sha256(repr(values).encode()).hexdigest()[:32]
    return f"cairn:{name}:{digest}"


def cached[T](
    name: str, *parts: object, compute: Callable[[], T], ttl: int, stamps: Iterable[Callable[[], Any]] = (), shared: bool = False
) -> T:
    """``compute()``, read through the cache under ``cache_key(name, *parts, stamps=…)`` and
    kept ``ttl`` seconds at most. ``None`` is cached like any other value.

    ``shared`` is for what costs too much to compute once per process or after each
    restart (the state of play's figures and charts): the value is also kept in the cache
    every process shares (``SHARED_CACHE``: Redis, or the database table without it),
    read there when this process's memory does not hold it. The key holds the stamps, so
    a shared value is never staler than a local one."""
    key = cache_key(name, *parts, stamps=stamps)
    value = cache.get(key, _MISSING)
    if value is _MISSING and shared:
        value = caches[SHARED_CACHE].get(key, _MISSING)
        if value is not _MISSING:
            cache.set(key, value, ttl)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, ttl)
        if shared:
            caches[SHARED_CACHE].set(key, value, ttl)
    return value  # type: ignore[return-value]


def for_visitors[T](request: Any, name: str, *parts: object, ttl: int, stamps: Iterable[Callable[[], Any]], compute: Callable[[], T]) -> T:
    """``compute()`` for a page every visitor sees alike: read through ``cached`` per
    language and ``parts`` under ``stamps`` for a visitor, built afresh for anyone signed in
    (their follow button, their registration, what their role shows). ``None`` — a page the
    viewer may not see — is kept like any value, so the view answers 404 from it."""
    if request.user.is_authenticated:
        return compute()
    return cached(name, get_language(), *parts, ttl=ttl, stamps=stamps, compute=compute)


def reader(user: Any) -> tuple[Any, ...] | None:
    """The part of a key that keeps a page built for one reader apart from another's: None
    for every visitor alike; the person and their role names for someone signed in, so
    that a role taken away gives another key on the next request."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (user.pk, tuple(sorted(getattr(user, "role_names", ()))))


def kept_list(name: str, *parts: object, ttl: int, stamps: Iterable[Callable[[], Any]] = ()) -> dict[str, Any]:
    """What a list page's template needs to keep its filters and rows with Django's cache
    tag, ``{% cache list_ttl "<fragment>" list_key using=page_cache %}``: the key of
    ``name`` for ``parts`` (the audience when viewers see different rows, the address with
    its query string) and the current ``stamps``, and how long the HTML is kept. The view
    passes its form and page as lazy objects, so a kept block costs no query."""
    return {"list_key": cache_key(name, *parts, stamps=stamps), "list_ttl": ttl, "page_cache": PAGE_CACHE}


def built_lazily(build: Callable[[], tuple[Any, ...]], *names: str) -> dict[str, Any]:
    """The template's ``names``, each a lazy value of one call of ``build()`` (which returns
    them in that order): a view whose blocks are kept (``kept_list``) builds its form and
    rows only when one of them is rendered anew, and then once for all."""
    once = functools.cache(build)
    return {name: SimpleLazyObject(partial(_nth, once, index)) for index, name in enumerate(names)}


def _nth(build: Callable[[], tuple[Any, ...]], index: int) -> Any:
    return build()[index]


def kept_access(
    name: str, user: Any, *parts: object, ttl: int, stamps: Iterable[Callable[[], Any]], decide: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """Who may read a kept page, kept with it: ``decide()`` reads what decides it (raising
    ``Http404`` or ``PermissionDenied`` for a reader refused) and returns the few plain
    values the page needs outside its kept blocks (a title, what the reader may do). The
    answer, a refusal included, is kept per reader (``reader(user)``) and ``parts`` under
    ``stamps``, which must hold everything ``decide()`` reads (the object's visibility,
    its organisers or members, the roles through the reader): a kept page then reads
    nothing, and a change to who may read it shows on the next request. Refusals are
    raised again from the kept answer."""

    def compute() -> dict[str, Any]:
        try:
            return {"refused": None, **decide()}
        except Http404:
            return {"refused": 404}
        except PermissionDenied:
            return {"refused": 403}

    seen = cached(f"{name}-access", reader(user), *parts, ttl=ttl, stamps=stamps, compute=compute)
    if seen["refused"] == 404:
        raise Http404
    if seen["refused"] == 403:
        raise PermissionDenied
    return {key: value for key, value in seen.items() if key != "refused"}
