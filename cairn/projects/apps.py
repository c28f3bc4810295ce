from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "cairn.projects"
    label = "projects"
    verbose_name = _("Projets")

    def ready(self) -> None:
        from cairn.core.scheduling import register_scheduled_job
        from cairn.core.seeding import register_seeder
        from cairn.recommendations.selectors.pages import register_recommendation_section

        from .seed import seed_projects
        from .selectors import followed_from_section
        from .tasks import remind_update_requests

        register_recommendation_section(
            "projects",
            title=_("Ce qui en a découlé"),
            template="projects/_recommendation_section.html",
            load=followed_from_section,
            order=10,
        )
        register_seeder("projects", seed_projects, order=30)
        # Unanswered update requests are reminded once a day (cairn worker).
        register_scheduled_job("projects.update_request_reminders", every="daily", hour=8, run=remind_update_requests.enqueue)

        from .notify import register

        register()  # projects can be followed; their events notify (notifications)
