"""The architecture rules of docs/architecture.md, checked on every run.

- Imports between Cairn's apps point one way: an app imports only from the apps of
  earlier layers of ``settings.CAIRN_APP_LAYERS``, the one list of the apps and their
  order (INSTALLED_APPS is built from it).
- Every app has the same files, so the folder shows the architecture.
- Writes go through services: views, forms, selectors, template tags, hooks, tasks and the
  other helpers never save, create, update or delete a model themselves.
- Views are thin: no ORM tuning (``select_related``, annotations, subqueries…) in a view;
  a selector owns it.
- No module outside migrations and seeds grows past 500 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings

PACKAGE = Path(__file__).resolve().parent.parent
REPO = PACKAGE.parent

LAYER_OF = {app: index for index, layer in enumerate(settings.CAIRN_APP_LAYERS) for app in layer}

#: What every app holds (DESIGN.md §5); a module that grew by sub-domain is a package of the
#: same name (``selectors/``). ``api.py`` arrives with the API.
STANDARD_MODULES = ("models", "services", "selectors", "rules", "forms", "views", "urls", "admin", "tasks")


def _apps() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if (p / "apps.py").exists())


def _modules(app: str) -> list[Path]:
    """The app's Python files, tests and migrations left out."""
    root = PACKAGE / app
    return [p for p in sorted(root.rglob("*.py")) if not {"tests", "migrations"} & set(p.relative_to(root).parts)]


def _kind(path: Path) -> str:
    """What a module is for: ``views`` for ``views.py`` and for ``views/registry.py``."""
    relative = path.relative_to(PACKAGE)
    return relative.parts[1].removesuffix(".py") if len(relative.parts) > 2 else path.stem


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


def test_every_app_has_a_layer_and_is_installed() -> None:
    assert sorted(LAYER_OF) == _apps(), "Each app of cairn/ takes its place in settings.CAIRN_APP_LAYERS (and docs/architecture.md)."
    assert [f"cairn.{app}" for layer in settings.CAIRN_APP_LAYERS for app in layer] == [
        name for name in settings.INSTALLED_APPS if name.startswith("cairn.")
    ]


def test_the_architecture_page_shows_the_same_layers() -> None:
    page = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    line = " ← ".join(", ".join(layer) for layer in settings.CAIRN_APP_LAYERS)
    assert line in page, f"docs/architecture.md should show the layers as: {line}"


@pytest.mark.parametrize("app", _apps())
def test_imports_point_one_way(app: str) -> None:
    violations = [
        f"{path.relative_to(REPO)} imports cairn.{imported}"
        for path in _modules(app)
        for imported in _imported_apps(path)
        if imported != app and LAYER_OF[imported] >= LAYER_OF[app]
    ]
    assert violations == [], "Imports must point from later apps to earlier ones:\n" + "\n".join(violations)


@pytest.mark.parametrize("app", [a for a in _apps() if a != "core"])
def test_apps_keep_the_same_files(app: str) -> None:
    root = PACKAGE / app
    present = {p.stem for p in root.glob("*.py")} | {p.name for p in root.iterdir() if (p / "__init__.py").exists()}
    assert [name for name in STANDARD_MODULES if name not in present] == []
    assert (root / "tests" / "__init__.py").exists(), f"cairn/{app}/tests/ holds the app's tests"
    assert (root / "templates" / app).is_dir(), f"cairn/{app}/templates/{app}/ holds the app's templates"


# --- Writes go through services ------------------------------------------------------------

#: Modules whose job is to write: services, the demo data and test factories, a model's own
#: manager (``User.objects.create_user``), and core's audit trail and scheduler claims.
WRITERS = {"services", "seed", "seed_content", "factories", "models", "audit", "scheduling"}
_MANAGER_WRITES = {"create", "get_or_create", "update_or_create", "bulk_create", "bulk_update"}
_QUERYSET_WRITES = {"update", "delete"}
_QUERYSET_SOURCES = {"filter", "exclude", "all", "select_for_update"}
#: Objects with a ``save`` of their own that is not a model's (a workbook, a file).
_NOT_MODELS = {"workbook", "book", "wb", "storage", "image", "buffer", "cache"}


def _writes(path: Path) -> list[str]:
    """The lines of ``path`` that write models: ``x.save()`` / ``x.delete()``,
    ``Model.objects.create(…)`` and the like, ``….filter(…).update(…)`` / ``.delete()``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, target = node.func.attr, node.func.value
        if method in {"save", "delete"} and not isinstance(target, ast.Call):
            builds_only = any(k.arg == "commit" and isinstance(k.value, ast.Constant) and k.value.value is False for k in node.keywords)
            if not builds_only and not (isinstance(target, ast.Name) and target.id in _NOT_MODELS):
                found.append(f"{path.relative_to(REPO)}:{node.lineno} .{method}()")
        elif method in _MANAGER_WRITES and isinstance(target, ast.Attribute) and target.attr == "objects":
            found.append(f"{path.relative_to(REPO)}:{node.lineno} .objects.{method}()")
        elif (
            method in _QUERYSET_WRITES
            and isinstance(target, ast.Call)
            and isinstance(target.func, ast.Attribute)
            and target.func.attr in _QUERYSET_SOURCES
        ):
            found.append(f"{path.relative_to(REPO)}:{node.lineno} .{target.func.attr}(…).{method}()")
    return found


@pytest.mark.parametrize("app", _apps())
def test_no_model_is_written_outside_services(app: str) -> None:
    """STYLE.md §3: views, forms, selectors, tasks, hooks, template tags, commands… call a
    service; only services (and the seed and the test factories) write."""
    offenders = [line for path in _modules(app) if _kind(path) not in WRITERS for line in _writes(path)]
    assert offenders == [], "Write through a service instead:\n" + "\n".join(offenders)


def test_the_write_check_sees_writes() -> None:
    """The check above finds each way of writing (a check that finds nothing proves nothing)."""
    sample = PACKAGE / "tests" / "_write_sample.py"
    sample.write_text(
        "def view(request, story, Story):\n"
        "    story.save(update_fields=['title'])\n"
        "    Story.objects.create(title='x')\n"
        "    Story.objects.filter(pk=1).update(title='y')\n"
        "    story.tags.all().delete()\n"
        "    workbook.save(buffer)\n"
        "    formset.save(commit=False)\n"
        "    {}.update(a=1)\n",
        encoding="utf-8",
    )
    try:
        assert [line.split(" ", 1)[1] for line in _writes(sample)] == [
            ".save()",
            ".objects.create()",
            ".filter(…).update()",
            ".all(…).delete()",
        ]
    finally:
        sample.unlink()


# --- Thin views ------------------------------------------------------------------------------

#: Query building that belongs in a selector (STYLE.md §5).
ORM_TUNING = {
    "select_related",
    "prefetch_related",
    "annotate",
    "alias",
    "aggregate",
    "only",
    "defer",
    "values",  # with arguments: a dict's values() has none
    "values_list",
    "distinct",
    "Prefetch",
    "Subquery",
    "OuterRef",
    "Exists",
    "Count",
    "Q",
}


def _tuning(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ORM_TUNING and (name != "values" or node.args or node.keywords):
                found.append(f"{path.relative_to(REPO)}:{node.lineno} {name}")
    return found


@pytest.mark.parametrize("app", _apps())
def test_views_leave_query_building_to_selectors(app: str) -> None:
    offenders = [line for path in _modules(app) if _kind(path) == "views" for line in _tuning(path)]
    assert offenders == [], "Move this query into a selector:\n" + "\n".join(offenders)


# --- Size ---------------------------------------------------------------------------------------

MAX_LINES = 500


def test_no_module_outside_migrations_and_seeds_is_over_500_lines() -> None:
    """A module past ~400 lines does two jobs: split it by sub-domain (docs/architecture.md)."""
    files = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.html"), *(REPO / "bench").glob("*.py"), *(REPO / "tests").rglob("*.py")]
    long = [
        f"{path.relative_to(REPO)}: {count} lines"
        for path in sorted(files)
        if "migrations" not in path.parts
        and not path.stem.startswith("seed")
        and (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert long == []
