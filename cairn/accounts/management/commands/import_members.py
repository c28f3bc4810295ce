from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cairn.accounts import services
from cairn.accounts.imports import ALIASES, plan_member_import
from cairn.core.tabular import TabularError, read_table


class Command(BaseCommand):
    help = (
        "Import members from the cooperative's register, a CSV or XLSX file (columns: email, name, language, country, office, "
        "sector). Existing accounts with a listed e-mail become members. All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check the file and print what would change; write nothing")

    def handle(self, *args: object, file: Path, dry_run: bool, **options: object) -> None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        try:
            table = read_table(data, file.name, ALIASES, max_bytes=settings.CAIRN_MEMBER_IMPORT_MAX_BYTES)
        except TabularError as exc:
            raise CommandError(str(exc)) from exc
        plan = plan_member_import(table)
        if not plan.ok:
            for error in plan.errors:
                self.stderr.write(f"row {error.row}, {error.column or '-'}: {error.message}")
            raise CommandError(f"{len(plan.errors)} error(s): nothing was imported.")
        summary = (
            f"{len(plan.to_create)} to create, {len(plan.to_recognise)} existing accounts to recognise as members, "
            f"{len(plan.to_update)} to update, {plan.unchanged} unchanged"
        )
        if dry_run:
            self.stdout.write(f"Dry run: {summary}. Nothing was written.")
            return
        record = services.member_import(plan=plan, actor=None)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {record.created_count} created, {record.recognised_count} existing accounts recognised as members, "
                f"{record.updated_count} updated, {record.unchanged_count} unchanged. "
                "Invitations are queued for the worker."
            )
        )
