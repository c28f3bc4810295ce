from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "cairn.inbox"
    label = "inbox"
    verbose_name = _("Questions")

    def ready(self) -> None:
        from .models import Conversation
        from .stamps import inbox_stamp

        # The inbox's list and figures are kept under this stamp (cairn.core.stamps).
        inbox_stamp.watch(Conversation)
