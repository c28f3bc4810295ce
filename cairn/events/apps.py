from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "cairn.events"
    label = "events"
    verbose_name = _("Évènements")

    def ready(self) -> None:
        from cairn.accounts.services import ERASURE_STEPS, PERSONAL_DATA_EXPORTERS
        from cairn.core.scheduling import register_scheduled_job
        from cairn.core.seeding import register_seeder

        from .seed import seed_events
        from .services.personal_data import erase_member_registrations, export_member_registrations
        from .tasks import queue_daily_event_tasks

        register_seeder("events", seed_events, order=40)  # after projects (30): seeded events link to projects
        # Tomorrow's reminders and the series kept a year ahead, once a day (cairn worker).
        register_scheduled_job("events.daily", every="daily", hour=6, run=queue_daily_event_tasks)
        self._register_sections()
        PERSONAL_DATA_EXPORTERS.append(("events", export_member_registrations))
        ERASURE_STEPS.append(erase_member_registrations)

    def _register_sections(self) -> None:
        from cairn.projects.selectors import register_project_section
        from cairn.recommendations.selectors.pages import register_recommendation_section

        from .selectors import upcoming_for_project, upcoming_for_recommendation

        register_project_section(
            "events", title=_("Prochains évènements"), template="events/_project_section.html", load=upcoming_for_project, order=20
        )
        register_recommendation_section(
            "events",
            title=_("Prochains évènements"),
            template="events/_recommendation_section.html",
            load=upcoming_for_recommendation,
            order=20,
        )
