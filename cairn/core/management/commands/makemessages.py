"""``makemessages`` that looks only at Cairn's own code.

Django's command walks the whole working directory. Cairn keeps tests, benchmarks,
documentation and local data beside the package; none of them holds a string a member
reads, so they are ignored here once, and the plain command is the right one:

    uv run python manage.py makemessages -l nl -l en --no-obsolete

References in the catalogues name the file without a line number (``--add-location
file``), so moving code does not rewrite every catalogue.
``cairn/core/tests/test_translations.py`` runs this same command to check that the
catalogues in ``cairn/locale/`` are complete.
"""

from typing import Any

from django.core.management.commands import makemessages

IGNORE_PATTERNS = ["tests", "bench", "data", "docs", "node_modules", "conftest.py"]


class Command(makemessages.Command):
    def handle(self, *args: Any, **options: Any) -> str | None:
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *IGNORE_PATTERNS]
        if not options.get("add_location") and not options.get("no_location"):
            options["add_location"] = "file"
        return super().handle(*args, **options)
