"""What hackathons add to other apps: the recommendation's and the project's chain, the home
page's section, the demo seed, notifications and a member's personal data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cairn.accounts.services import PersonalData
from cairn.core import hooks
from cairn.core.api import ApiRouter
from cairn.core.sections import Section
from cairn.core.seeding import Seeder
from cairn.core.selectors import HomeSection
from cairn.hackathons import api, notify, selectors, state_of_play
from cairn.hackathons.seed import seed_hackathons
from cairn.hackathons.services.personal_data import personal_data_erase
from cairn.notifications.registry import EventKind

hooks.register(
    "recommendation_page_sections",
    Section(
        "hackathons",
        title=_("Questions de hackathon"),
        template="hackathons/_recommendation_section.html",
        load=selectors.questions_for_recommendation,
    ),
    order=15,
)
hooks.register(
    "project_page_sections",
    Section("hackathons", title=_("Né d’un hackathon"), template="hackathons/_project_section.html", load=selectors.teams_for_project),
    order=5,
)
hooks.register(
    "home_sections", HomeSection("hackathons", template="hackathons/_home_section.html", context=selectors.home_section_context), order=20
)
hooks.register(
    "state_of_play_sections",
    Section(
        "hackathons",
        title=_("Recommandations traitées par un hackathon, par grande thématique"),
        template="hackathons/_state_of_play_section.html",
        load=state_of_play.state_of_play_hackathons,
        stamp=state_of_play.questions_stamp,
    ),
    order=10,  # after the experiments' section
)
hooks.register("seeders", Seeder("hackathons", seed_hackathons), order=50)  # after events (40)
hooks.register("notification_kinds", EventKind(notify.QUESTION_PROPOSED, describe=notify.describe_question_proposed))
hooks.register("personal_data", PersonalData("hackathons", export=selectors.personal_data, erase=personal_data_erase))

hooks.register("api_routers", ApiRouter("hackathons", api.router, tag="hackathons"), order=60)
