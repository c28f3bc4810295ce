"""What stories add to the home page, the pages of projects and recommendations, the state
of play, the seed, notifications and a member's personal data (``cairn.core.hooks``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cairn.accounts.services import PersonalData
from cairn.core import hooks
from cairn.core.api import ApiRouter
from cairn.core.menus import MANAGE, MenuLink
from cairn.core.sections import Section
from cairn.core.seeding import Seeder
from cairn.core.selectors import HomeSection
from cairn.notifications.registry import EventKind, Followable
from cairn.stories import api, notify, selectors, services
from cairn.stories.seed import seed_stories

hooks.register(
    "home_sections", HomeSection("stories", template="stories/_home_section.html", context=selectors.home_section_context), order=10
)
hooks.register("seeders", Seeder("stories", seed_stories), order=40)
hooks.register(
    "project_page_sections",
    Section(
        "stories", title=_("Récits"), template="stories/_page_section.html", load=selectors.project_section, stamp=selectors.published_stamp
    ),
    order=30,
)
hooks.register(
    "recommendation_page_sections",
    Section(
        "stories",
        title=_("Récits"),
        template="stories/_page_section.html",
        load=selectors.recommendation_section,
        stamp=selectors.published_stamp,
    ),
    order=30,
)
hooks.register(
    "state_of_play_sections",
    Section(
        "stories",
        title=_("Récits par grande thématique"),
        template="stories/_state_of_play_section.html",
        load=selectors.state_of_play_stories,
        stamp=selectors.published_stamp,
    ),
)
hooks.register("followables", Followable("series", label=_("Série de récits"), titles=selectors.series_titles))
hooks.register("notification_kinds", EventKind(notify.STORY_PUBLISHED, describe=notify.describe_story_published))
hooks.register("personal_data", PersonalData("stories", export=selectors.personal_data, erase=services.personal_data_erase))

hooks.register("api_routers", ApiRouter("stories", api.router, tag="stories"), order=40)
# The app's pages in the header's menus (cairn.core.menus), with the permission each view checks.
hooks.register("menu_links", MenuLink("stories", MANAGE, _("Écrire et relire les récits"), "stories:staff_list", "stories.write"), order=50)
