"""One ``cairn seed`` for the whole platform: each app registers what it seeds.

Apps call ``register_seeder`` from ``AppConfig.ready()``; seeders run in ``order``
(an app after those it depends on) with one shared, seeded random generator, so the
same ``--seed`` always builds the same cooperative.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

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
    order: int
    run: Callable[[SeedContext], None]


_SEEDERS: dict[str, Seeder] = {}


def register_seeder(name: str, run: Callable[[SeedContext], None], *, order: int) -> None:
    _SEEDERS[name] = Seeder(name, order, run)


def seeders() -> list[Seeder]:
    return sorted(_SEEDERS.values(), key=lambda s: (s.order, s.name))
