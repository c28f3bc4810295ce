from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "cairn.notifications"
    label = "notifications"
    verbose_name = _("Suivis et notifications")

    def ready(self) -> None:
        from django.utils.translation import get_language
        from django.utils.translation import gettext as _

        from cairn.accounts.services import ERASURE_STEPS, PERSONAL_DATA_EXPORTERS
        from cairn.core.scheduling import register_scheduled_job

        from .registry import register_event_kind
        from .services import erase_member_notifications, export_member_notifications
        from .tasks import send_digests

        # The stories app raises it through ``services.story_published``; the title in the
        # reader's language when the story exists in it.
        def describe_story(data: dict) -> str:
            title = (data.get("titles") or {}).get((get_language() or "fr")[:2]) or data.get("title", "")
            return _("Nouveau récit : %(title)s") % {"title": title}

        register_event_kind("story_published", describe=describe_story)

        # Digests: every morning for the daily choice, Monday morning for the weekly one (cairn worker).
        register_scheduled_job("notifications.daily_digest", every="daily", hour=7, run=lambda: send_digests.enqueue(frequency="daily"))
        register_scheduled_job("notifications.weekly_digest", every="weekly", hour=7, run=lambda: send_digests.enqueue(frequency="weekly"))

        PERSONAL_DATA_EXPORTERS.append(("notifications", export_member_notifications))
        ERASURE_STEPS.append(erase_member_notifications)
