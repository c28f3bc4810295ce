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
        from .services import erase_member_registrations, export_member_registrations
        from .tasks import queue_daily_event_tasks

        register_seeder("events", seed_events, order=40)
        # Tomorrow's reminders and the series kept a year ahead, once a day (cairn worker).
        register_scheduled_job("events.daily", every="daily", hour=6, run=queue_daily_event_tasks)
        PERSONAL_DATA_EXPORTERS.append(("events", export_member_registrations))
        ERASURE_STEPS.append(erase_member_registrations)
