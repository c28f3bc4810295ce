"""Queue the reminders of tomorrow's events and extend every series a year ahead. The
worker does it every day by itself (``cairn.core.scheduling``); this command is for doing
it by hand. Both tasks are idempotent."""

from django.core.management.base import BaseCommand

from cairn.events.tasks import queue_daily_event_tasks


class Command(BaseCommand):
    help = "Queue the day-before reminders and extend the recurring series (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        queue_daily_event_tasks()
        self.stdout.write("Queued: reminders, series extension.")
