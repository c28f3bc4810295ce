from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "cairn.events"
    label = "events"
    verbose_name = _("Évènements")

    def ready(self) -> None:
        from .models import Event, Feedback, Registration
        from .stamps import agenda_stamp, feedback_stamp

        # The API's list of events, with the seats left, is kept under this stamp (cairn.core.stamps).
        agenda_stamp.watch(Event, Registration, through=[Event.organisers.through])
        # An event's page, kept per reader, also under this one (views/pages.py).
        feedback_stamp.watch(Feedback)
