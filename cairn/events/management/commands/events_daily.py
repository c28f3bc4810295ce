"""Run daily (cron or a systemd timer; more often is harmless): queue the reminders of
tomorrow's events and extend every series a year ahead. Both tasks are idempotent."""

from django.core.management.base import BaseCommand

from cairn.events.tasks import extend_series, send_reminders


class Command(BaseCommand):
    help = "Queue the day-before reminders and extend the recurring series (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        send_reminders.enqueue()
        extend_series.enqueue()
        self.stdout.write("Queued: reminders, series extension.")
