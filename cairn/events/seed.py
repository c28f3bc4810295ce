"""The demo's events (filled in below)."""

from __future__ import annotations

from cairn.core.seeding import SeedContext


def seed_events(ctx: SeedContext) -> None:
    return None
