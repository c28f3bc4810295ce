"""Demo stories: filled below."""

from __future__ import annotations

from cairn.core.seeding import SeedContext


def seed_stories(ctx: SeedContext) -> None:
    pass
