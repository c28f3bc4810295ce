from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "cairn.events"
    label = "events"
    verbose_name = _("Évènements")

    def ready(self) -> None:
        from cairn.accounts.services import ERASURE_STEPS, PERSONAL_DATA_EXPORTERS
        from cairn.core.seeding import register_seeder

        from .seed import seed_events
        from .services import erase_member_registrations, export_member_registrations

        register_seeder("events", seed_events, order=40)
        PERSONAL_DATA_EXPORTERS.append(("events", export_member_registrations))
        ERASURE_STEPS.append(erase_member_registrations)
