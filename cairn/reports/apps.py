from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "cairn.reports"
    label = "reports"
    verbose_name = _("État des lieux")

    def ready(self) -> None:
        from cairn.core.seeding import register_seeder

        from .seed import seed_reports

        # After the registry (20) and every app whose data a state of play may show.
        register_seeder("reports", seed_reports, order=90)

        from .extras import register

        register()  # each broad theme's latest stories under its figures (stories)

        from .models import CategoryAnalysis
        from .selectors import analyses_stamp

        analyses_stamp.watch(CategoryAnalysis)
