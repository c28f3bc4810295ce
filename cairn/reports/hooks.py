"""What the state of play adds to the seed (``cairn.core.hooks``)."""

from __future__ import annotations

from cairn.core import hooks
from cairn.core.seeding import Seeder
from cairn.reports.seed import seed_reports

# After the registry (20) and every app whose data a state of play may show.
hooks.register("seeders", Seeder("reports", seed_reports), order=90)
