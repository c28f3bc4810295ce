from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "cairn.stories"
    label = "stories"
    verbose_name = _("Récits")

    def ready(self) -> None:
        from .models import Story, StoryVersion
        from .selectors import published_stamp

        # Pages that show published stories are cached under this stamp (cairn.core.stamps).
        published_stamp.watch(Story, StoryVersion)
