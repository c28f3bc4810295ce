"""What accounts adds to other apps' pages and commands (``cairn.core.hooks``)."""

from __future__ import annotations

from django.utils.translation import ngettext

from cairn.accounts.models import Office, Profile
from cairn.accounts.seed import seed_accounts
from cairn.core import hooks
from cairn.core.seeding import Seeder
from cairn.core.selectors import HomeFigure

hooks.register(
    "home_figures",
    HomeFigure(
        "members",
        count=lambda: Profile.objects.active().count(),
        label=lambda n: ngettext("sociétaire sur Cairn", "sociétaires sur Cairn", n),
    ),
    order=10,
)
hooks.register(
    "home_figures",
    HomeFigure(
        "offices",
        count=lambda: Office.objects.count(),
        label=lambda n: ngettext("bureau en Belgique et en France", "bureaux en Belgique et en France", n),
    ),
    order=20,
)
hooks.register("seeders", Seeder("accounts", seed_accounts), order=10)
