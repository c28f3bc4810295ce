"""What events add to the pages of projects and recommendations, the seed, the worker and
a member's personal data (``cairn.core.hooks``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
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
from cairn.events import api
from cairn.events.models import Event
from cairn.events.seed import seed_events
from cairn.events.selectors import events_shown, home_section_context, personal_data, upcoming_for_project, upcoming_for_recommendation
from cairn.events.services.personal_data import personal_data_erase
from cairn.events.stamps import agenda_stamp
from cairn.events.tasks import queue_daily_event_tasks

hooks.register("seeders", Seeder("events", seed_events), order=40)  # after projects (30): seeded events link to projects
# Tomorrow's reminders and the series kept a year ahead, once a day (cairn worker).
hooks.register("scheduled_jobs", ScheduledJob("events.daily", every="daily", hour=6, run=queue_daily_event_tasks))
hooks.register(
    "project_page_sections",
    Section(
        "events",
        title=_("Prochains évènements"),
        template="events/_project_section.html",
        load=upcoming_for_project,
        stamp=agenda_stamp,
    ),
    order=20,
)
hooks.register(
    "recommendation_page_sections",
    Section(
        "events",
        title=_("Prochains évènements"),
        template="events/_recommendation_section.html",
        load=upcoming_for_recommendation,
        stamp=agenda_stamp,
    ),
    order=20,
)
hooks.register("personal_data", PersonalData("events", export=personal_data, erase=personal_data_erase))
hooks.register("inbox_items", ItemKind("event", label=_("Évènement"), shown=events_shown), order=30)

hooks.register("api_routers", ApiRouter("events", api.router, tag="events"), order=50)
# The app's pages in the header's menus (cairn.core.menus), with the permission each view checks.
hooks.register("menu_links", MenuLink("event_create", MANAGE, _("Créer un évènement"), "events:create", "events.create_event"), order=60)
hooks.register(
    "menu_links",
    MenuLink("series_create", MANAGE, _("Créer une série d’évènements"), "events:series_create", "events.create_event"),
    order=61,
)
hooks.register("menu_links", MenuLink("my_events", MINE, _("Mes évènements"), "events:mine", "events.register"), order=20)

# A way to act on the recommendations: a card of the home page leading to the app's page.
hooks.register(
    "home_cards",
    HomeCard(
        "agenda",
        _("Ateliers et rencontres"),
        _("Ateliers de présentation, afterworks, petits-déjeuners de travail et rencontres sectorielles."),
        "events:agenda",
    ),
    order=30,
)
# The next events on the home page, after the latest stories.
hooks.register("home_sections", HomeSection("events", template="events/_home_section.html", context=home_section_context), order=20)

hooks.register(
    "translatables",
    TranslatableKind(
        "events",
        _("Évènements"),
        Event,
        items=lambda: Event.objects.order_by("-starts_at", "pk"),
        edit_url=lambda event: reverse("events:edit", args=[event.pk]),
        described=lambda event: date_format(localtime(event.starts_at), "DATE_FORMAT"),
    ),
    order=40,
)
