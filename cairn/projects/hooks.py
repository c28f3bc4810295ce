"""What projects add to the registry's pages, the seed, the worker, notifications and a
member's personal data (``cairn.core.hooks``)."""

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
from cairn.core.translation import TranslatableKind
from cairn.notifications.registry import EventKind, Followable
from cairn.projects import api, notify, services
from cairn.projects.models import Project
from cairn.projects.seed import seed_projects
from cairn.projects.selectors import followed_from_section, personal_data
from cairn.projects.stamps import projects_stamp
from cairn.projects.tasks import remind_update_requests

hooks.register(
    "recommendation_page_sections",
    Section(
        "projects",
        title=_("Ce qui en a découlé"),
        template="projects/_recommendation_section.html",
        load=followed_from_section,
        stamp=projects_stamp,
    ),
    order=10,
)
hooks.register("seeders", Seeder("projects", seed_projects), order=30)
# Unanswered update requests are reminded once a day (cairn worker).
hooks.register(
    "scheduled_jobs", ScheduledJob("projects.update_request_reminders", every="daily", hour=8, run=remind_update_requests.enqueue)
)
hooks.register("followables", Followable("project", label=_("Projet"), titles=notify.project_titles))
hooks.register("notification_kinds", EventKind("project_update", describe=notify.describe_project_update))
hooks.register("notification_kinds", EventKind("project_linked", describe=notify.describe_project_linked))
hooks.register("personal_data", PersonalData("projects", export=personal_data, erase=services.personal_data_erase))
hooks.register(
    "inbox_items",
    ItemKind("project", label=_("Projet"), shown=notify.projects_shown, route=notify.project_follow_route, topics=notify.project_topics),
    order=20,
)

hooks.register("api_routers", ApiRouter("projects", api.router, tag="projects"), order=30)
# The app's pages in the header's menus (cairn.core.menus), with the permission each view checks.
hooks.register(
    "menu_links", MenuLink("project_create", MANAGE, _("Nouveau projet"), "projects:create", "projects.manage_projects"), order=40
)
hooks.register(
    "menu_links",
    MenuLink("update_requests", MANAGE, _("Demandes d’actualité en attente"), "projects:requests", "projects.request_update"),
    order=41,
)
hooks.register(
    "menu_links",
    MenuLink("our_recommendations", MINE, _("Nos recommandations"), "projects:our_recommendations", "projects.view_our_recommendations"),
    order=30,
)

hooks.register(
    "translatables",
    TranslatableKind(
        "projects",
        _("Projets"),
        Project,
        items=lambda: Project.objects.order_by("title", "pk"),
        edit_url=lambda project: reverse("projects:edit", args=[project.pk]),
    ),
    order=30,
)
