"""Demo projects: filled in below."""

from cairn.core.seeding import SeedContext


def seed_projects(ctx: SeedContext) -> None:
    pass
