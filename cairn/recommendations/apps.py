from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "cairn.recommendations"
    label = "recommendations"
    verbose_name = _("Registre des recommandations")

    def ready(self) -> None:
        from cairn.core.seeding import register_seeder

        from .seed import seed_recommendations

        register_seeder("recommendations", seed_recommendations, order=20)

        from .follows import register

        register()  # what members may follow in the registry (notifications)

        from .models import Assessment, Cycle, Recommendation, Theme, WorkingGroup
        from .selectors.registry import registry_stamp

        registry_stamp.watch(
            Recommendation,
            Cycle,
            Theme,
            WorkingGroup,
            Assessment,
            through=(Recommendation.groups.through, Recommendation.departments.through, WorkingGroup.offices.through),
        )
