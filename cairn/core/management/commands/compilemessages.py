"""``compilemessages`` that compiles only Cairn's catalogues.

Django's command walks the whole working directory for ``locale`` folders, which would
include the packages installed in ``.venv``. Hidden folders (``.venv``, ``.git``) and local
data are skipped here, so the plain command compiles ``cairn/locale`` and nothing else:

    uv run python manage.py compilemessages
"""

from typing import Any

from django.core.management.commands import compilemessages

IGNORE_PATTERNS = [".*", "node_modules", "data"]


class Command(compilemessages.Command):
    def handle(self, **options: Any) -> None:
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *IGNORE_PATTERNS]
        return super().handle(**options)
