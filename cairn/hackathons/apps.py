from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HackathonsConfig(AppConfig):
    name = "cairn.hackathons"
    label = "hackathons"
    verbose_name = _("Hackathons")

    def ready(self) -> None:
        from .models import Hackathon
        from .selectors import hackathons_stamp

        # The home page's hackathons are cached under this stamp (cairn.core.stamps).
        hackathons_stamp.watch(Hackathon)
