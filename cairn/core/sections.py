"""Sections a later app adds to an earlier app's page, without the earlier app importing it.

The recommendation page shows the projects that followed from it and the stories that tell
of it; the project page shows its stories and events; the state of play shows each broad
theme's latest stories. Each of those pages reads a hook (``cairn.core.hooks``) where later
apps register a ``Section`` from their ``hooks.py``::

    hooks.register("recommendation_page_sections",
                   Section("projects", title=_("Ce qui en a découlé"),
                           template="projects/_recommendation_section.html",
                           load=projects_for_recommendation),
                   order=10)

``load(obj, viewer)`` returns the items to show, already filtered for the viewer, in a
constant number of queries; an empty result hides the section. The page renders the shown
sections with ``core/_page_sections.html``: each is a ``<section>`` with its title and its
template, which receives ``items``. A section whose items a page caches names the
``stamp`` that changes when they do (``cairn.core.stamps``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from cairn.core import hooks


@dataclass(frozen=True)
class Section:
    key: str
    title: Any
    template: str
    load: Callable[[Any, Any], Any]
    #: For a page that caches the section: a ``Stamp`` of what its items are made of.
    stamp: Callable[[], Any] | None = None


@dataclass
class ShownSection:
    key: str
    title: Any
    template: str
    items: Any


def shown_sections(hook: str, obj: Any, viewer: Any) -> list[ShownSection]:
    """The sections registered under ``hook`` that have something to show for ``obj``."""
    shown = []
    section: Section
    for section in hooks.get_hooks(hook):
        items = section.load(obj, viewer)
        items = items if isinstance(items, dict) else list(items)
        if items:
            shown.append(ShownSection(section.key, section.title, section.template, items))
    return shown


def unchanging() -> tuple[Any, ...]:
    """The ``stamp`` of a section whose content no data changes (a link built from the page's
    own object)."""
    return ()


def sections_stamp(hook: str) -> tuple[Any, ...]:
    """The stamps of the sections under ``hook``, for the key of a page that caches them.
    Every section of such a page must name its stamp: one without would be kept stale."""
    values: list[Any] = []
    section: Section
    for section in hooks.get_hooks(hook):
        if section.stamp is None:
            raise ImproperlyConfigured(f"The section {section.key!r} of {hook!r} names no stamp, and the page keeps its sections.")
        values.append(section.stamp())
    return tuple(values)
