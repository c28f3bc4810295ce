"""Reads the home page shows.

The home page's headline numbers come from the apps that own them: each registers a
figure from its ``AppConfig.ready()`` with ``register_home_figure``, so ``core`` imports
no domain app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache

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
