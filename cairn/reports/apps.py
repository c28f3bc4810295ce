from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "cairn.reports"
    label = "reports"
    verbose_name = _("État des lieux")

    def ready(self) -> None:
        from .models import CategoryAnalysis
        from .selectors import analyses_stamp

        # The state of play's cached page is keyed on this stamp (cairn.core.stamps).
        analyses_stamp.watch(CategoryAnalysis)
