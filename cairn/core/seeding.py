"""One ``cairn seed`` for the whole platform: each app registers what it seeds.

Each app registers a ``Seeder`` under the ``seeders`` hook from its ``hooks.py``, with an
``order`` after the apps whose data it needs; they run in that order with one shared,
seeded random generator, so the same ``--seed`` always builds the same cooperative.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

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
