"""What the state of play adds to the seed and to a member's personal data (``cairn.core.hooks``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cairn.accounts.services import PersonalData
from cairn.core import hooks
from cairn.core.items import ItemKind
from cairn.core.menus import MANAGE, MenuLink
from cairn.core.seeding import Seeder
from cairn.core.selectors import HomeCard
from cairn.reports.seed import seed_reports
from cairn.reports.selectors import personal_data, state_of_play_shown

# After the registry (20) and every app whose data a state of play may show.
hooks.register("seeders", Seeder("reports", seed_reports), order=90)
hooks.register("personal_data", PersonalData("reports", export=personal_data))
hooks.register("inbox_items", ItemKind("state_of_play", label=_("État des lieux"), shown=state_of_play_shown), order=40)

from cairn.core.api import ApiRouter  # noqa: E402
from cairn.reports import api  # noqa: E402

hooks.register("api_routers", ApiRouter("state-of-play", api.router, tag="state-of-play"), order=90)
# The app's pages in the header's menus (cairn.core.menus), with the permission each view checks.
hooks.register("menu_links", MenuLink("state_of_play", MANAGE, _("Gérer l’état des lieux"), "reports:manage", "reports.manage"), order=10)

# A way to act on the recommendations: a card of the home page leading to the app's page.
hooks.register(
    "home_cards",
    HomeCard(
        "state_of_play",
        _("L’état des lieux"),
        _("Les chiffres, l’analyse par grande thématique et les récits des projets."),
        "reports:dashboard",
    ),
    order=20,
)
