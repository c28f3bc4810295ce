"""What experiments add to the home page, the recommendation's page and a member's personal
data (``cairn.core.hooks``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cairn.accounts.services import PersonalData
from cairn.core import hooks
from cairn.core.api import ApiRouter
from cairn.core.items import ItemKind
from cairn.core.menus import MANAGE, MINE, MenuLink
from cairn.core.scheduling import ScheduledJob
from cairn.core.sections import Section
from cairn.core.seeding import Seeder
from cairn.core.selectors import HomeCard, HomeSection
from cairn.core.translation import TranslatableKind
from cairn.experiments import api, notify, selectors, state_of_play
from cairn.experiments.models import Call, CallState, Topic
from cairn.experiments.seed import seed_experiments
from cairn.experiments.services.personal_data import personal_data_erase
from cairn.experiments.stamps import calls_stamp
from cairn.experiments.tasks import expire_invitations, register_members, request_checkins
from cairn.notifications.registry import EventKind, Followable

hooks.register(
    "home_sections",
    HomeSection("experiments", template="experiments/_home_section.html", context=selectors.home_section_context),
    order=20,
)
hooks.register(
    "recommendation_page_sections",
    Section(
        "experiments",
        title=_("Appels à expérimentations ouverts"),
        template="experiments/_recommendation_section.html",
        load=selectors.open_calls_for_recommendation,
        stamp=calls_stamp,
    ),
    order=15,
)
hooks.register("personal_data", PersonalData("experiments", export=selectors.personal_data, erase=personal_data_erase))
# Invitations past their delay expire and their places go to the next people, daily; the
# facilitators' monthly check-in (a request for news of each group's project), weekly.
hooks.register("scheduled_jobs", ScheduledJob("experiments.expire_invitations", every="daily", hour=7, run=expire_invitations.enqueue))
hooks.register("scheduled_jobs", ScheduledJob("experiments.checkins", every="weekly", hour=9, run=request_checkins.enqueue))
# After events.daily (6 h) has kept the series a year ahead: the groups' people registered for
# the meetings it added.
hooks.register("scheduled_jobs", ScheduledJob("experiments.meeting_registrations", every="daily", hour=7, run=register_members.enqueue))
hooks.register("seeders", Seeder("experiments", seed_experiments), order=50)  # after events (40): groups meet through events
hooks.register(
    "state_of_play_sections",
    Section(
        "experiments",
        title=_("Expérimentations par grande thématique"),
        template="experiments/_state_of_play_section.html",
        load=state_of_play.state_of_play_experiments,
        stamp=state_of_play.groups_stamp,
    ),
)
hooks.register(
    "followables",
    Followable(notify.GROUP, label=_("Groupe d’expérimentation"), titles=notify.group_titles, implicit_followers=notify.group_people),
)
hooks.register("notification_kinds", EventKind(notify.LOG_ENTRY, describe=notify.describe_log_entry))
# Questions about a call or a group; an expression of interest routed to a call invites the
# member to answer it, one routed to a group asks to join it (docs/inbox.md).
hooks.register(
    "inbox_items",
    ItemKind(
        "call", label=_("Appel à expérimentations"), shown=notify.calls_shown, route=notify.call_interest_route, topics=notify.call_topics
    ),
    order=50,
)
hooks.register(
    "inbox_items",
    ItemKind(
        notify.GROUP,
        label=_("Groupe d’expérimentation"),
        shown=notify.groups_shown,
        route=notify.group_join_route,
        topics=notify.group_topics,
    ),
    order=51,
)

hooks.register("api_routers", ApiRouter("experiments", api.router, tag="experiments"), order=70)

# The app's pages in the header's menus (cairn.core.menus), with the permission each view checks.
hooks.register(
    "menu_links",
    MenuLink("call_create", MANAGE, _("Nouvel appel à expérimentations"), "experiments:create", "experiments.manage"),
    order=80,
)
hooks.register(
    "menu_links",
    MenuLink("facilitation", MANAGE, _("Mes groupes à animer"), "experiments:facilitation", "experiments.facilitate"),
    order=81,
)
hooks.register(
    "menu_links", MenuLink("my_experiments", MINE, _("Mes expérimentations"), "experiments:mine", "experiments.express_interest"), order=25
)
# A way to act on the recommendations: a card of the home page leading to the calls.
hooks.register(
    "home_cards",
    HomeCard(
        "experiments",
        _("Expérimentations"),
        _("Des groupes de sociétaires, accompagnés par une personne qui anime, portent un projet à leur rythme."),
        "experiments:list",
    ),
    order=50,
)

hooks.register(
    "translatables",
    TranslatableKind(
        "calls",
        _("Appels à expérimentations"),
        Call,
        items=lambda: Call.objects.order_by("-interest_deadline", "-pk"),
        edit_url=lambda call: reverse("experiments:edit", args=[call.pk]),
    ),
    order=50,
)
hooks.register(
    "translatables",
    TranslatableKind(
        "topics",
        _("Sujets des appels à expérimentations"),
        Topic,
        # Only the topics of calls still in draft or open: a closed call's topics no longer change.
        items=lambda: (
            Topic.objects.filter(call__state__in=[CallState.DRAFT, CallState.OPEN])
            .select_related("call")
            .order_by("call", "position", "pk")
        ),
        edit_url=lambda topic: reverse("experiments:topic_edit", args=[topic.pk]),
        described=lambda topic: topic.call.title,
    ),
    order=51,
)
