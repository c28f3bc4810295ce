from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "cairn.reports"
    label = "reports"
    verbose_name = _("État des lieux")

    def ready(self) -> None:
        from cairn.recommendations.selectors.registry import registry_stamp

        from .models import CategoryAnalysis, Edition
        from .selectors import analyses_stamp, editions_stamp
        from .tasks import queue_refresh_exports

        # The state of play's cached page is keyed on this stamp (cairn.core.stamps).
        analyses_stamp.watch(CategoryAnalysis)
        # The API's list of editions is kept under this one.
        editions_stamp.watch(Edition)
        # The open-data files are built again, in the background, once per change of the registry.
        registry_stamp.on_change(queue_refresh_exports)
