"""What accounts adds to other apps' pages, the commands and the worker (``cairn.core.hooks``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cairn.accounts.models import Office, Profile
from cairn.accounts.seed import seed_accounts
from cairn.accounts.tasks import purge_shared_cache
from cairn.core import hooks
from cairn.core.menus import MANAGE, MINE, MenuLink
from cairn.core.scheduling import ScheduledJob
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
# The shared cache's expired rows (sign-in counters keyed by address) go every night.
hooks.register("scheduled_jobs", ScheduledJob("accounts.purge_shared_cache", every="daily", hour=3, run=purge_shared_cache.enqueue))

# The app's pages in the header's menus (cairn.core.menus), with the permission each view checks.
hooks.register(
    "menu_links",
    MenuLink("member_import", MANAGE, _("Importer des sociétaires"), "accounts:import_members", "accounts.import_members"),
    order=31,
)
hooks.register("menu_links", MenuLink("profile", MINE, _("Mon profil"), "accounts:profile", None), order=10)
hooks.register("menu_links", MenuLink("privacy", MINE, _("Mes données"), "accounts:privacy", None), order=90)
hooks.register(
    "menu_links", MenuLink("api_tokens", MINE, _("Mes jetons d’API"), "accounts:api_tokens", "accounts.manage_api_tokens"), order=80
)
