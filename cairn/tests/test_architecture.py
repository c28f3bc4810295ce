"""The architecture rules of docs/architecture.md, checked on every run.

Imports between Cairn's apps point one way (DESIGN.md §5):
core ← accounts ← notifications ← domain apps ← reports. Among the domain apps the
registry comes first, the projects that answer it next, then what tells of them or
gathers members around them. An app may import only from the apps listed before it in
``LAYERS``; apps on the same layer do not import each other, except ``hackathons`` and
``experiments``, which build on ``events``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent

LAYERS: list[set[str]] = [
    {"core"},
    {"accounts"},
    {"notifications"},
    {"recommendations"},
    {"projects"},
    {"stories", "events", "inbox"},
    {"hackathons", "experiments"},
    {"reports"},
]
LAYER_OF = {app: index for index, layer in enumerate(LAYERS) for app in layer}


def _apps() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists())


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if len(parts) >= 2 and parts[0] == "cairn" and parts[1] in LAYER_OF:
                found.add(parts[1])
    return found


def test_every_app_has_a_layer() -> None:
    missing = [app for app in _apps() if app not in LAYER_OF]
    assert missing == [], f"Add these apps to LAYERS in this file and to docs/architecture.md: {missing}"


@pytest.mark.parametrize("app", _apps())
def test_imports_point_one_way(app: str) -> None:
    violations = []
    for path in sorted((PACKAGE / app).rglob("*.py")):
        if "tests" in path.relative_to(PACKAGE / app).parts or "migrations" in path.parts:
            continue
        for imported in _imported_apps(path):
            if imported == app:
                continue
            if (
                LAYER_OF[imported] >= LAYER_OF[app]
                and {app, imported} != {"hackathons", "events"}
                and {app, imported} != {"experiments", "events"}
            ):
                violations.append(f"{path.relative_to(PACKAGE.parent)} imports cairn.{imported}")
    assert violations == [], "Imports must point from later apps to earlier ones:\n" + "\n".join(violations)


@pytest.mark.parametrize("app", [a for a in _apps() if a != "core"])
def test_apps_keep_the_same_files(app: str) -> None:
    """Every domain app has the files DESIGN.md §5 lists, so the folder shows the architecture."""
    expected = {"models.py", "services.py", "selectors.py", "rules.py", "forms.py", "views.py", "urls.py", "admin.py", "tasks.py"}
    # A module that grew by sub-domain is a package of the same name (``selectors/``).
    present = {p.name if p.is_file() else f"{p.name}.py" for p in (PACKAGE / app).iterdir()}
    assert expected - present == set()


def test_no_domain_model_is_saved_outside_services() -> None:
    """Writes go through services: ``.save()`` on a domain model appears only in services,
    seeds, migrations and tests (STYLE.md §3)."""
    allowed_names = {"services.py", "seed.py", "factories.py"}
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if path.name in allowed_names or {"tests", "migrations", "management"} & set(relative.parts):
            continue
        kind = relative.parts[1] if len(relative.parts) > 2 else path.name
        if kind.removesuffix(".py") in {"views", "forms", "api", "selectors"} and ".save(" in path.read_text(encoding="utf-8"):
            offenders.append(str(relative))
    assert offenders == []
