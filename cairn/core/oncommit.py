"""Work gathered over a transaction and done once when it commits.

An import writes 20,000 rows in one transaction; each row may raise a notification event
or change a stamp whose files must be built again. Queuing one task per row buries the
bulk lane under thousands of tasks; ``on_commit_batch`` gathers the items of the whole
transaction and hands them to ``flush`` once, after the commit, so the caller queues a few
tasks of many items each. A rolled-back transaction (or savepoint) drops its batch with
its other ``on_commit`` callbacks. Outside a transaction ``flush`` runs at once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import partial
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction


class _Batch:
    """The items of one transaction under one name. Each item has its own ``on_commit``
    callback (so a rolled-back savepoint takes its callbacks away as usual); the first one
    to run flushes its item and every later one, and the others find theirs done."""

    def __init__(self, name: str, flush: Callable[[list[Any]], None], batches: dict[str, _Batch]) -> None:
        self.name, self.flush, self.batches = name, flush, batches
        self.items: list[Any] = []
        self.done: set[int] = set()

    def add(self, item: Any) -> int:
        self.items.append(item)
        return len(self.items) - 1

    def run(self, index: int) -> None:
        if index in self.done:
            return
        if self.batches.get(self.name) is self:
            del self.batches[self.name]  # the transaction is over: its next items make a new batch
        indices = [i for i in range(index, len(self.items)) if i not in self.done]
        self.done.update(indices)
        self.flush(list(dict.fromkeys(self.items[i] for i in indices)))


def on_commit_batch(name: str, item: Hashable, flush: Callable[[list[Any]], None], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Add ``item`` to the batch ``name`` of the current transaction: ``flush(items)`` runs
    once when it commits, with every item added under that name meanwhile (in order, each
    once). ``flush`` is the first caller's."""
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        flush([item])
        return
    batches: dict[str, _Batch] = connection.__dict__.setdefault("_cairn_batches", {})
    batch = batches.get(name)
    if batch is None:
        batch = batches[name] = _Batch(name, flush, batches)
    transaction.on_commit(partial(batch.run, batch.add(item)), using=using)
