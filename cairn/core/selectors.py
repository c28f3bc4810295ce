"""Reads the home page shows.

The home page's headline numbers and sections come from the apps that own them: each
registers a ``HomeFigure`` or a ``HomeSection`` under the ``home_figures`` or
``home_sections`` hook (``cairn.core.hooks``), so ``core`` imports no domain app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from cairn.core import hooks
from cairn.core.stamps import cache, cache_key, cached

HOME_FIGURES_TTL = 300


@dataclass(frozen=True)
class HomeFigure:
    key: str
    count: Callable[[], int]
    label: Callable[[int], str]


def _home_figure_keys() -> tuple[str, ...]:
    return tuple(figure.key for figure in hooks.get_hooks("home_figures"))


def home_figures() -> list[dict[str, object]]:
    """Headline numbers, cached for five minutes: counting large tables on every visit would not scale."""
    figures: list[HomeFigure] = hooks.get_hooks("home_figures")
    values = cached(
        "home-figures", _home_figure_keys(), compute=lambda: {figure.key: figure.count() for figure in figures}, ttl=HOME_FIGURES_TTL
    )
    return [{"key": figure.key, "value": values[figure.key], "label": figure.label(values[figure.key])} for figure in figures]


def forget_home_figures() -> None:
    """Drop the cached headline numbers (the benchmark does, around a run on its own data)."""
    cache.delete(cache_key("home-figures", _home_figure_keys()))


# --- Home page sections -----------------------------------------------------------------
# A later app adds a section to the home page (e.g. the latest stories): a template and a
# function that builds its context from the request; sections render in the hook's order,
# after the headline figures. Each context function owns its queries and must keep them
# constant (a fixed number of rows, prefetched).


@dataclass(frozen=True)
class HomeSection:
    key: str
    template: str
    context: Callable[[HttpRequest], dict[str, object] | None]


def home_sections(request: HttpRequest) -> list[dict[str, object]]:
    """The registered sections with their context; a section whose context is None is left out
    (nothing to show yet)."""
    sections: list[dict[str, object]] = []
    section: HomeSection
    for section in hooks.get_hooks("home_sections"):
        context = section.context(request)
        if context is not None:
            sections.append({"key": section.key, "template": section.template, "context": context})
    return sections
