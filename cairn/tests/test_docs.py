"""The README documents every environment variable Cairn reads (STYLE.md §17)."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
READERS = re.compile(r"""(?:os\.environ\.get|os\.environ\.setdefault|env_bool|env_int|env_list)\(\s*["']([A-Z][A-Z0-9_]+)["']""")


def variables_read() -> set[str]:
    names: set[str] = set()
    for path in (REPO / "cairn" / "settings.py", REPO / "cairn" / "cli.py"):
        names |= set(READERS.findall(path.read_text(encoding="utf-8")))
    # Set by the command for its own processes, not configuration.
    return names - {"DJANGO_SETTINGS_MODULE"}


def test_the_readers_are_found() -> None:
    assert {"DATABASE_URL", "SECRET_KEY", "REDIS_URL", "WEB_CONCURRENCY"} <= variables_read()


def test_every_environment_variable_is_in_the_readme_configuration_table() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Configuration") : readme.index("## Importing members")]
    missing = sorted(name for name in variables_read() if f"`{name}`" not in table)
    assert missing == [], f"Document these in the README's configuration table: {missing}"
