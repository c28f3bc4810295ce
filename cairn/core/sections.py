"""Sections a later app adds to an earlier app's page, without the earlier app importing it.

The recommendation page shows the projects that followed from it and the stories that tell
of it; the project page shows its stories and events. Each page owns a ``SectionRegistry``;
later apps register from their ``AppConfig.ready()``::

    RECOMMENDATION_SECTIONS.register("projects", title=_("Ce qui en a découlé"),
                                     template="projects/_recommendation_section.html",
                                     load=projects_for_recommendation)

``load(obj, viewer)`` returns the items to show, already filtered for the viewer, in a
constant number of queries; an empty list hides the section. The page renders the shown
sections with ``core/_page_sections.html``: each is a ``<section>`` with its title and
its template, which receives ``items``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    key: str
    title: Any
    template: str
    load: Callable[[Any, Any], Any]
    order: int = 0


@dataclass
class ShownSection:
    key: str
    title: Any
    template: str
    items: list[Any]


class SectionRegistry:
    """The sections of one kind of page, in ``order`` then ``key`` order."""

    def __init__(self) -> None:
        self._sections: dict[str, Section] = {}

    def register(self, key: str, *, title: Any, template: str, load: Callable[[Any, Any], Any], order: int = 0) -> None:
        self._sections[key] = Section(key, title, template, load, order)

    def unregister(self, key: str) -> None:
        self._sections.pop(key, None)

    def shown(self, obj: Any, viewer: Any) -> list[ShownSection]:
        shown = []
        for section in sorted(self._sections.values(), key=lambda s: (s.order, s.key)):
            items = list(section.load(obj, viewer))
            if items:
                shown.append(ShownSection(section.key, section.title, section.template, items))
        return shown
