import random
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from cairn.core.seeding import MEMBERS_AT_SCALE, SeedContext, seeders


class Command(BaseCommand):
    help = "Fill an empty database with a generated cooperative (deterministic for a given --seed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=list(MEMBERS_AT_SCALE), default="small")
        parser.add_argument("--seed", type=int, default=2015)

    def handle(self, *args: object, scale: str, seed: int, **options: object) -> None:
        from django.contrib.auth import get_user_model

        if get_user_model().objects.exists():
            raise CommandError("The database already has accounts; seed an empty database (cairn manage flush first).")
        started = time.monotonic()
        context = SeedContext(scale=scale, rng=random.Random(seed), log=lambda text: self.stdout.write(f"  {text}"))  # type: ignore[arg-type]
        with transaction.atomic():
            for seeder in seeders():
                step = time.monotonic()
                seeder.run(context)
                self.stdout.write(f"  {seeder.name}: {time.monotonic() - step:.1f} s")
        self.stdout.write(self.style.SUCCESS(f"Seeded the {scale} cooperative in {time.monotonic() - started:.1f} s."))
