from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "cairn.inbox"
    label = "inbox"
    verbose_name = _("Questions")

    def ready(self) -> None:
        from .models import Attachment, Conversation, Message, SavedAnswer
        from .stamps import exchanges_stamp, inbox_stamp

        # The inbox's list and figures, and a conversation's page, are kept under these
        # stamps (cairn.core.stamps).
        inbox_stamp.watch(Conversation)
        exchanges_stamp.watch(Message, Attachment, SavedAnswer)
