"""What the inbox adds to the pages of recommendations, projects and events, the worker, the seed
and a member's personal data (``cairn.core.hooks``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from cairn.accounts.services import PersonalData
from cairn.core import hooks
from cairn.core.menus import MANAGE, MINE, MenuLink
from cairn.core.scheduling import ScheduledJob
from cairn.core.sections import Section, unchanging
from cairn.core.seeding import Seeder
from cairn.inbox import selectors, tasks
from cairn.inbox.seed import seed_inbox
from cairn.inbox.services.personal_data import personal_data_erase


def _ask_about(kind: str) -> Any:
    """A section's ``load``: the item itself, for the "Poser une question" link (no query)."""

    def load(obj: Any, viewer: Any) -> list[dict[str, Any]]:
        return [{"kind": kind, "id": obj.pk}]

    return load


hooks.register(
    "recommendation_page_sections",
    Section("ask", title=_("Une question ?"), template="inbox/_ask_section.html", load=_ask_about("recommendation"), stamp=unchanging),
    order=90,
)
hooks.register(
    "project_page_sections",
    Section("ask", title=_("Une question ?"), template="inbox/_ask_section.html", load=_ask_about("project"), stamp=unchanging),
    order=90,
)
# Events share the inbox's layer: their page cannot load the inbox's tag, so the link comes
# through the page's sections, like on a recommendation's or a project's page.
hooks.register(
    "event_page_sections",
    Section("ask", title=_("Une question ?"), template="inbox/_ask_section.html", load=_ask_about("event"), stamp=unchanging),
    order=90,
)
hooks.register("seeders", Seeder("inbox", seed_inbox), order=60)  # after projects (30) and events (40): conversations are about them
# Closed conversations past the retention, unconfirmed ones past their week (cairn worker).
hooks.register("scheduled_jobs", ScheduledJob("inbox.retention", every="daily", hour=3, run=tasks.apply_retention.enqueue))
# The mailbox, every five minutes (cairn worker; nothing to do without CAIRN_INBOX_IMAP_HOST).
hooks.register("scheduled_jobs", ScheduledJob("inbox.mailbox", every="five_minutes", hour=0, run=tasks.read_mailbox.enqueue))
hooks.register("personal_data", PersonalData("inbox", export=selectors.personal_data, erase=personal_data_erase))

# The app's pages in the header's menus (cairn.core.menus), with the permission each view checks.
hooks.register("menu_links", MenuLink("inbox", MANAGE, _("Questions reçues"), "inbox:inbox", "inbox.view_inbox"), order=70)
hooks.register("menu_links", MenuLink("inbox_figures", MANAGE, _("Chiffres des questions"), "inbox:figures", "inbox.triage"), order=71)
hooks.register("menu_links", MenuLink("my_questions", MINE, _("Mes questions"), "inbox:mine", None), order=50)
