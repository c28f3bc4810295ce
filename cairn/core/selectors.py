"""Reads the home page shows.

The home page's headline numbers come from the apps that own them: each registers a
figure from its ``AppConfig.ready()`` with ``register_home_figure``, so ``core`` imports
no domain app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest

HOME_FIGURES_CACHE_KEY = "cairn:home-figures"
HOME_FIGURES_TTL = 300


@dataclass(frozen=True)
class HomeFigure:
    key: str
    count: Callable[[], int]
    label: Callable[[int], str]


_HOME_FIGURES: dict[str, HomeFigure] = {}


def register_home_figure(key: str, *, count: Callable[[], int], label: Callable[[int], str]) -> None:
    _HOME_FIGURES[key] = HomeFigure(key, count, label)


def home_figures() -> list[dict[str, object]]:
    """Headline numbers, cached for five minutes: counting large tables on every visit would not scale."""
    values: dict[str, int] | None = cache.get(HOME_FIGURES_CACHE_KEY)
    if values is None or set(values) != set(_HOME_FIGURES):
        values = {key: figure.count() for key, figure in _HOME_FIGURES.items()}
        cache.set(HOME_FIGURES_CACHE_KEY, values, HOME_FIGURES_TTL)
    return [{"key": key, "value": values[key], "label": figure.label(values[key])} for key, figure in _HOME_FIGURES.items()]


# --- Home page sections -----------------------------------------------------------------
# A later app adds a section to the home page (e.g. the latest stories) by registering a
# template and a function that builds its context from the request; sections render in
# ``order``, after the headline figures. Each context function owns its queries and must
# keep them constant (a fixed number of rows, prefetched).


@dataclass(frozen=True)
class HomeSection:
    key: str
    template: str
    context: Callable[[HttpRequest], dict[str, object] | None]
    order: int


_HOME_SECTIONS: dict[str, HomeSection] = {}


def register_home_section(key: str, *, template: str, context: Callable[[HttpRequest], dict[str, object] | None], order: int) -> None:
    _HOME_SECTIONS[key] = HomeSection(key, template, context, order)


def home_sections(request: HttpRequest) -> list[dict[str, object]]:
    """The registered sections with their context; a section whose context is None is left out
    (nothing to show yet)."""
    sections: list[dict[str, object]] = []
    for section in sorted(_HOME_SECTIONS.values(), key=lambda s: (s.order, s.key)):
        context = section.context(request)
        if context is not None:
            sections.append({"key": section.key, "template": section.template, "context": context})
    return sections
