"""``cairn report figures``: print the state of play's figures (the public ones)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from cairn.core.forms import EARLIEST_DATE, LATEST_DATE
from cairn.recommendations.models import CycleCountry
from cairn.recommendations.selectors.registry import RegistryFilters
from cairn.reports.exports import figures_csv, figures_json
from cairn.reports.figures import figures


class Command(BaseCommand):
    help = "Print the state of play's figures (public recommendations) as JSON or CSV (docs/figures.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", metavar="DATE", help="the figures as they stood on that date (YYYY-MM-DD); default today")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--country", choices=CycleCountry.values, help="only the cycles of one country (BE, FR, BI)")
        parser.add_argument("--language", choices=["fr", "nl", "en"], default="fr", help="language of the labels")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = None
        if options["as_of"]:
            try:
                as_of = datetime.date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(f"--as-of: not a date (YYYY-MM-DD): {options['as_of']!r}") from None
            if not EARLIEST_DATE <= as_of <= LATEST_DATE:
                raise CommandError(f"--as-of: not between {EARLIEST_DATE} and {LATEST_DATE}: {options['as_of']!r}")
        filters = RegistryFilters(as_of=as_of, country=options["country"] or "")
        with translation.override(options["language"]):
            data = figures(viewer=AnonymousUser(), filters=filters)
            self.stdout.write(figures_json(data) if options["format"] == "json" else figures_csv(data), ending="")
