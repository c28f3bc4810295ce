"""What notifications adds to the worker and to a member's personal data (``cairn.core.hooks``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cairn.accounts.services import PersonalData
from cairn.core import hooks
from cairn.core.menus import MINE, MenuLink
from cairn.core.scheduling import ScheduledJob
from cairn.notifications.selectors import personal_data
from cairn.notifications.services import personal_data_erase
from cairn.notifications.tasks import send_digests

# Digests: every morning for the daily choice, Monday morning for the weekly one (cairn worker).
hooks.register(
    "scheduled_jobs",
    ScheduledJob("notifications.daily_digest", every="daily", hour=7, run=lambda: send_digests.enqueue(frequency="daily")),
)
hooks.register(
    "scheduled_jobs",
    ScheduledJob("notifications.weekly_digest", every="weekly", hour=7, run=lambda: send_digests.enqueue(frequency="weekly")),
)
hooks.register("personal_data", PersonalData("notifications", export=personal_data, erase=personal_data_erase))

# The app's pages in the header's menus (cairn.core.menus), with the permission each view checks.
hooks.register("menu_links", MenuLink("follows", MINE, _("Ce que je suis"), "notifications:follows", "notifications.follow"), order=40)
