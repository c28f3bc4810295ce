from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "cairn.projects"
    label = "projects"
    verbose_name = _("Projets")

    def ready(self) -> None:
        from .models import Project, ProjectRecommendation
        from .stamps import projects_stamp

        # The API's list of projects is kept under this stamp (cairn.core.stamps).
        projects_stamp.watch(Project, ProjectRecommendation)
