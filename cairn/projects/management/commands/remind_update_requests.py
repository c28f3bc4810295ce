"""Enqueue the reminders of unanswered update requests; run it daily (cron, systemd timer)."""

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Remind the recipients of update requests left unanswered (CAIRN_UPDATE_REQUEST_REMINDER_DAYS)."

    def handle(self, *args: Any, **options: Any) -> None:
        from cairn.projects.tasks import remind_update_requests

        result = remind_update_requests.enqueue()
        self.stdout.write(f"enqueued {result.id}")
