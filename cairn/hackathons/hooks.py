"""What hackathons add to other apps: the recommendation's and the project's chain, the home
page's section, the demo seed, notifications and a member's personal data."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cairn.accounts.services import PersonalData
from cairn.core import hooks
from cairn.core.api import ApiRouter
from cairn.core.items import ItemKind
from cairn.core.menus import MANAGE, MenuLink
from cairn.core.sections import Section
from cairn.core.seeding import Seeder
from cairn.core.selectors import HomeCard, HomeSection
from cairn.core.translation import TranslatableKind
from cairn.hackathons import api, notify, selectors, state_of_play, stories
from cairn.hackathons.models import Question
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
        stamp=state_of_play.chain_stamp,
    ),
    order=15,
)
hooks.register(
    "project_page_sections",
    Section(
        "hackathons",
        title=_("Né d’un hackathon"),
        template="hackathons/_project_section.html",
        load=selectors.teams_for_project,
        stamp=state_of_play.chain_stamp,
    ),
    order=5,
)
# A story about a hackathon names it on its page (the hackathon holds the link: stories.py).
hooks.register(
    "story_page_sections",
    Section(
        "hackathons",
        title=_("Le hackathon de ce récit"),
        template="hackathons/_story_section.html",
        load=stories.hackathons_for_story,
        stamp=selectors.hackathons_stamp,
    ),
    order=10,
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
# Questions about a hackathon; an interest routed to it sends the member the link to propose
# a question or register while either is open (docs/inbox.md).
hooks.register(
    "inbox_items",
    ItemKind(
        "hackathon",
        label=_("Hackathon"),
        shown=notify.hackathons_shown,
        route=notify.hackathon_interest_route,
        topics=notify.hackathon_topics,
    ),
    order=45,
)

hooks.register("api_routers", ApiRouter("hackathons", api.router, tag="hackathons"), order=60)

# The app's staff page in the header's "Gestion" menu (cairn.core.menus), with the permission its view checks.
hooks.register(
    "menu_links",
    MenuLink("hackathon_create", MANAGE, _("Créer un hackathon"), "hackathons:create", "hackathons.create_hackathon"),
    order=90,
)
# A way to act on the recommendations: a card of the home page leading to the hackathons.
hooks.register(
    "home_cards",
    HomeCard(
        "hackathons",
        _("Hackathons"),
        _("Des équipes de sociétaires qui répondent à une question précise et portent un projet."),
        "hackathons:list",
    ),
    order=40,
)

hooks.register(
    "translatables",
    TranslatableKind(
        "hackathon_questions",
        _("Questions des hackathons"),
        Question,
        items=lambda: Question.objects.select_related("hackathon").order_by("-hackathon__pk", "pk"),
        edit_url=lambda question: reverse("hackathons:edit_question", args=[question.hackathon.slug, question.pk]),
        described=lambda question: question.hackathon.title,
    ),
    order=60,
)
