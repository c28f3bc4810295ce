"""Hooks: the one way an app extends another that may not import it.

Imports point one way (docs/architecture.md): ``core`` knows no domain, the registry
knows nothing of the projects that answer it, and so on. When an earlier app must show or
do something that belongs to a later one — a section on its page, a headline figure, a
part of the demo seed, a step of a member's data export — it reads a named hook, and the
later app registers there from its own ``hooks.py``::

    # cairn/stories/hooks.py
    from cairn.core import hooks
    from cairn.core.sections import Section

    hooks.register("recommendation_page_sections", Section(...), order=20)

    # cairn/recommendations/selectors/pages.py
    sections = [s for s in hooks.get_hooks("recommendation_page_sections") ...]

Every installed app's ``hooks`` module is imported once, when Django starts
(``CoreConfig.ready``), so the hooks are the same in the web server, the worker and the
commands. ``HOOKS`` names every hook and what it holds (docs/architecture.md shows the
same table); registering under another name is a mistake and raises at start-up.
Modelled on Wagtail's hooks (``wagtail.hooks``), with an order and typed values.
"""

from __future__ import annotations

import importlib
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, overload

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule

#: Every hook: its name → what an app registers there, and who reads it.
HOOKS: dict[str, str] = {
    "home_figures": "core.selectors.HomeFigure — a headline number of the home page",
    "home_cards": "core.selectors.HomeCard — a way to act on the recommendations, a card of the home page leading to the app's page",
    "home_sections": "core.selectors.HomeSection — a section of the home page, after the figures",
    "seeders": "core.seeding.Seeder — the app's part of `cairn seed`, after the apps whose data it needs",
    "scheduled_jobs": "core.scheduling.ScheduledJob — a daily or weekly job `cairn worker` runs once per period",
    "personal_data": "accounts.services.PersonalData — the app's section of a member's data export, and its erasure step",
    "recommendation_page_sections": "core.sections.Section — a section of a recommendation's page (load(recommendation, viewer))",
    "project_page_sections": "core.sections.Section — a section of a project's page (load(project, viewer))",
    "event_page_sections": "core.sections.Section — a section of an event's page (load(event, viewer))",
    "story_page_sections": "core.sections.Section — a section of a story's page, what else it is about (load(story, viewer))",
    "state_of_play_sections": "core.sections.Section — a block under the state of play's broad themes (load([(slug, label)], viewer))",
    "followables": "notifications.registry.Followable — a kind of item members may follow",
    "notification_kinds": "notifications.registry.EventKind — how an event of that kind reads in a notification",
    "api_routers": "core.api.ApiRouter — the app's endpoints, mounted under /api/v1/<prefix>/",
    "menu_links": "core.menus.MenuLink — a page in the header's staff menu (Gestion) or a member's own menu (Mon compte)",
    "inbox_items": "core.items.ItemKind — a kind of item a question can be about, or an expression of interest routed to",
    "translatables": "core.translation.TranslatableKind — a kind of item staff translate, listed on the page of what is still untranslated",
}

_registered: dict[str, list[tuple[int, int, Any]]] = defaultdict(list)
_sequence = itertools.count()


@overload
def register[T](name: str, value: T, *, order: int = 0) -> T: ...
@overload
def register[T](name: str, value: None = None, *, order: int = 0) -> Callable[[T], T]: ...
def register(name: str, value: Any = None, *, order: int = 0) -> Any:
    """Register ``value`` under the hook ``name``; without a value, a decorator.

    Values are read in ``order``, then in the order they were registered."""
    if name not in HOOKS:
        raise ImproperlyConfigured(f"No hook is named {name!r}: add it to cairn.core.hooks.HOOKS and docs/architecture.md.")
    if value is None:

        def decorate(function: Any) -> Any:
            register(name, function, order=order)
            return function

        return decorate
    _registered[name].append((order, next(_sequence), value))
    return value


def get_hooks(name: str) -> list[Any]:
    """What the apps registered under ``name``, in order."""
    if name not in HOOKS:
        raise ImproperlyConfigured(f"No hook is named {name!r}.")
    return [value for _order, _sequence_number, value in sorted(_registered[name], key=lambda item: item[:2])]


@contextmanager
def register_temporarily(name: str, value: Any, *, order: int = 0) -> Iterator[Any]:
    """For tests: ``value`` is registered under ``name`` inside the ``with`` block only."""
    register(name, value, order=order)
    entry = _registered[name][-1]
    try:
        yield value
    finally:
        _registered[name].remove(entry)


_discovered = False


def discover() -> None:
    """Import the ``hooks`` module of every Cairn app, once (``CoreConfig.ready``)."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    for config in apps.get_app_configs():
        if config.name.startswith("cairn.") and module_has_submodule(config.module, "hooks"):
            importlib.import_module(f"{config.name}.hooks")
