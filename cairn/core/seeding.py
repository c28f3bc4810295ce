"""One ``cairn seed`` for the whole platform: each app registers what it seeds.

Each app registers a ``Seeder`` under the ``seeders`` hook from its ``hooks.py``, with an
``order`` after the apps whose data it needs; they run in that order with one shared,
seeded random generator, so the same ``--seed`` always builds the same cooperative.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import connection
from django.db.models import Field, Model

from cairn.core import hooks

Scale = Literal["small", "realistic", "large"]

#: Members at each scale; other apps size their data from this.
MEMBERS_AT_SCALE: dict[str, int] = {"small": 300, "realistic": 30_000, "large": 300_000}


@dataclass
class SeedContext:
    scale: Scale
    rng: random.Random
    log: Callable[[str], None]
    #: What earlier seeders made that later ones need (ids, lookups).
    shared: dict[str, Any] = field(default_factory=dict)

    @property
    def members(self) -> int:
        return MEMBERS_AT_SCALE[self.scale]


@dataclass(frozen=True)
class Seeder:
    name: str
    run: Callable[[SeedContext], None]


def seeders() -> list[Seeder]:
    """The seeders in the order they run."""
    return hooks.get_hooks("seeders")


def insert_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]], *, chunk: int = 5000) -> int:
    """Insert plain rows into ``model``'s table, ``chunk`` at a time, without building a
    model instance per row: for the demo's link tables (a member's group, skills and
    interests: over a hundred thousand rows at the realistic scale), where ``bulk_create``
    spends most of its time making and checking instances. Nothing is validated: seeders
    only, with values they made themselves. Returns the number of rows."""
    table = connection.ops.quote_name(model._meta.db_table)
    fields = [model._meta.get_field(column) for column in columns]
    names = ", ".join(connection.ops.quote_name(field.column) for field in fields if isinstance(field, Field) and field.column)
    if names.count(",") != len(columns) - 1:
        raise ValueError(f"insert_rows: every column of {columns} must be a concrete field of {model.__name__}")
    # Names from the model's own metadata, quoted; every value is a query parameter.
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    total = 0
    batch: list[Sequence[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) == chunk:
                cursor.executemany(sql, batch)
                total += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            total += len(batch)
    return total
