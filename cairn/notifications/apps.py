from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "cairn.notifications"
    label = "notifications"
    verbose_name = _("Suivis et notifications")

    def ready(self) -> None:
        from cairn.accounts.services import ERASURE_STEPS, PERSONAL_DATA_EXPORTERS

        from .services import erase_member_notifications, export_member_notifications

        PERSONAL_DATA_EXPORTERS.append(("notifications", export_member_notifications))
        ERASURE_STEPS.append(erase_member_notifications)
