import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from cairn.recommendations.imports.plan import ImportFileError, NewCycle, RegistryPlan
from cairn.recommendations.imports.reading import NO_CYCLE, read_registry_file
from cairn.recommendations.models import Cycle, ThemeCategory
from cairn.recommendations.services import imports as services


class Command(BaseCommand):
    help = (
        "Import the registry from a CSV/XLSX file or a working group's Markdown pad (docs/registry-import.md). "
        "All or nothing; re-importing the same file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check the file and print what would change; write nothing")
        parser.add_argument(
            "--cycle",
            metavar="CYCLE",
            help="the cycle (slug, code or name) of a pad that does not name its own, or of table rows without one; "
            "a new one with --country",
        )
        parser.add_argument("--country", help="create the --cycle the registry does not know yet, in this country (BE, FR, BI)")
        parser.add_argument("--starts-on", metavar="YYYY-MM-DD", help="the start of the new cycle (default: 1 June of its first year)")
        parser.add_argument("--category", metavar="SLUG", help="the theme category of a pad's theme (optional)")

    def handle(
        self,
        *args: object,
        file: Path,
        dry_run: bool,
        cycle: str | None,
        category: str | None,
        country: str | None = None,
        starts_on: str | None = None,
        **options: Any,
    ) -> None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        cycle_obj = (
            Cycle.objects.filter(Q(slug=cycle) | Q(code__iexact=cycle) | Q(name__iexact=cycle)).order_by("pk").first() if cycle else None
        )
        new_cycle = None
        if cycle and cycle_obj is None:
            if not country:
                raise CommandError(
                    f"No cycle {cycle!r}. Known: {self._known(Cycle)}. To create it with the import, add --country BE|FR|BI "
                    "(and --starts-on YYYY-MM-DD if its name has no years)."
                )
            try:
                start = datetime.date.fromisoformat(starts_on) if starts_on else None
            except ValueError as exc:
                raise CommandError(f"--starts-on {starts_on!r} is not a date (YYYY-MM-DD).") from exc
            new_cycle = NewCycle(cycle, country, start)
        category_obj = ThemeCategory.objects.filter(slug=category).first() if category else None
        if category and category_obj is None:
            raise CommandError(f"No category with slug {category!r}. Known: {self._known(ThemeCategory)}.")
        try:
            plan = read_registry_file(data, file.name, cycle=cycle_obj, category=category_obj, new_cycle=new_cycle)
        except ImportFileError as exc:
            if str(exc) == str(NO_CYCLE):
                raise CommandError("A pad that does not name its cycle needs --cycle CYCLE (and --country to create it).") from exc
            raise CommandError(str(exc)) from exc
        if plan.structure:
            self.stdout.write(f"Structure read: {plan.structure}.")
        for item in plan.unplaced:
            self.stderr.write(f"line {item.line}: not placed: {item.reason} {item.text}".rstrip())
        if not plan.ok:
            for error in plan.errors:
                where = f"row {error.line}, {error.column}" if error.column else f"line {error.line}"
                self.stderr.write(f"{where}: {error.message}")
            raise CommandError(f"{len(plan.errors)} error(s): nothing was imported.")
        self._describe(plan, int(options.get("verbosity", 1)))
        summary = self._summary(plan.summary())
        if dry_run:
            self.stdout.write(f"Dry run: {summary}. Nothing was written.")
            return
        services.registry_import(plan=plan, actor=None)
        self.stdout.write(self.style.SUCCESS(f"Imported: {summary}."))

    @staticmethod
    def _known(model: type[Cycle] | type[ThemeCategory]) -> str:
        return ", ".join(model.objects.values_list("slug", flat=True)[:20]) or "none"

    def _describe(self, plan: RegistryPlan, verbosity: int) -> None:
        for cycle in plan.new_cycles:  # always said: the import creates it
            self.stdout.write(f"new cycle {cycle.name} ({cycle.code}, {cycle.country}), starting {cycle.starts_on}")
        if verbosity < 2:
            return
        for theme in plan.new_themes:
            self.stdout.write(f"new theme {theme.title} ({theme.code}) in {theme.cycle.name}")
        for group in plan.new_groups:
            self.stdout.write(f"new group {group.name}")
        for rec in plan.recommendations:
            self.stdout.write(f"{rec.action:<9} {rec.reference} {rec.title}")
        for assessment in plan.assessments:
            self.stdout.write(f"assess    {assessment.recommendation.reference} {assessment.status} {assessment.effective_date}")

    @staticmethod
    def _summary(counts: dict[str, int]) -> str:
        return (
            f"recommendations created {counts['created']}, updated {counts['updated']}, unchanged {counts['unchanged']}; "
            f"assessments added {counts['assessments']}; new cycles {counts['cycles']}, themes {counts['themes']}, "
            f"groups {counts['groups']}, categories {counts['categories']}"
        )
