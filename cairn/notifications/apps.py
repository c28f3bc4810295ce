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

        from .registry import register_event_kind
        from .services import erase_member_notifications, export_member_notifications

        # The stories app raises it through ``services.story_published``; the title in the
        # reader's language when the story exists in it.
        def describe_story(data: dict) -> str:
            title = (data.get("titles") or {}).get((get_language() or "fr")[:2]) or data.get("title", "")
            return _("Nouveau récit : %(title)s") % {"title": title}

        register_event_kind("story_published", describe=describe_story)

        PERSONAL_DATA_EXPORTERS.append(("notifications", export_member_notifications))
        ERASURE_STEPS.append(erase_member_notifications)
