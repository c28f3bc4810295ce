from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "cairn.projects"
    label = "projects"
    verbose_name = _("Projets")

    def ready(self) -> None:
        from cairn.core.seeding import register_seeder
        from cairn.recommendations.selectors import register_recommendation_section

        from .seed import seed_projects
        from .selectors import followed_from_section

        register_recommendation_section(
            "projects",
            title=_("Ce qui en a découlé"),
            template="projects/_recommendation_section.html",
            load=followed_from_section,
            order=10,
        )
        register_seeder("projects", seed_projects, order=30)

        from .notify import register

        register()  # projects can be followed; their events notify (notifications)
