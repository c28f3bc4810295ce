from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "cairn.recommendations"
    label = "recommendations"
    verbose_name = _("Registre des recommandations")

    def ready(self) -> None:
        from cairn.accounts.models import Profile

        from .models import Assessment, Cycle, GroupPerson, Recommendation, Theme, WorkingGroup
        from .selectors.pages import group_people_stamp
        from .selectors.registry import registry_stamp

        # The registry's cached pages and figures are keyed on this stamp (cairn.core.stamps).
        registry_stamp.watch(
            Recommendation,
            Cycle,
            Theme,
            WorkingGroup,
            Assessment,
            through=(Recommendation.groups.through, Recommendation.departments.through, WorkingGroup.offices.through),
        )
        # How the recommendation page names a group's people (its visitors' copy is kept).
        group_people_stamp.watch(GroupPerson, Profile)
