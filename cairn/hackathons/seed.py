"""The demo's hackathons: one past, whose chosen answer became a project, and one open for registration."""

from __future__ import annotations

from cairn.core.seeding import SeedContext


def seed_hackathons(ctx: SeedContext) -> None:
    ctx.log("hackathons: nothing seeded yet")
