"""What the state of play adds to the seed and to a member's personal data (``cairn.core.hooks``)."""

from __future__ import annotations

from cairn.accounts.services import PersonalData
from cairn.core import hooks
from cairn.core.seeding import Seeder
from cairn.reports.seed import seed_reports
from cairn.reports.selectors import personal_data

# After the registry (20) and every app whose data a state of play may show.
hooks.register("seeders", Seeder("reports", seed_reports), order=90)
hooks.register("personal_data", PersonalData("reports", export=personal_data))
