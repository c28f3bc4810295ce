"""Enqueue the e-mail digests: ``send_digests daily`` every day, ``send_digests weekly`` every week."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Enqueue the daily or weekly notification digests."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("frequency", choices=["daily", "weekly"])

    def handle(self, *args: Any, **options: Any) -> None:
        from cairn.notifications.tasks import send_digests

        result = send_digests.enqueue(frequency=options["frequency"])
        self.stdout.write(f"enqueued {result.id}")
