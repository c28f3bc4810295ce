"""Reads the home page shows.

The home page's headline numbers and sections come from the apps that own them: each
registers a ``HomeFigure`` or a ``HomeSection`` under the ``home_figures`` or
``home_sections`` hook (``cairn.core.hooks``), so ``core`` imports no domain app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise

from cairn.core import hooks
from cairn.core.stamps import cache, cache_key, cached

HOME_FIGURES_TTL = 300


@dataclass(frozen=True)
class HomeFigure:
    """A headline number: ``count()`` computes it (cached), ``label(value)`` reads after it.

    ``shown(value)``, when given, writes the number itself (a rate "42 %" from its counts);
    otherwise the page writes the count with thousands separators."""

    key: str
    count: Callable[[], Any]
    label: Callable[[Any], str]
    shown: Callable[[Any], str] | None = None


def _home_figure_keys() -> tuple[str, ...]:
    return tuple(figure.key for figure in hooks.get_hooks("home_figures"))


def home_figures() -> list[dict[str, object]]:
    """Headline numbers, cached for five minutes: counting large tables on every visit would not scale."""
    figures: list[HomeFigure] = hooks.get_hooks("home_figures")
    values = cached(
        "home-figures", _home_figure_keys(), compute=lambda: {figure.key: figure.count() for figure in figures}, ttl=HOME_FIGURES_TTL
    )
    return [
        {
            "key": figure.key,
            "value": values[figure.key],
            "label": figure.label(values[figure.key]),
            "shown": figure.shown(values[figure.key]) if figure.shown else None,
        }
        for figure in figures
    ]


def forget_home_figures() -> None:
    """Drop the cached headline numbers (the benchmark does, around a run on its own data)."""
    cache.delete(cache_key("home-figures", _home_figure_keys()))


# --- Ways to act ------------------------------------------------------------------------
# "Agir sur les recommandations": each app that offers a way to act registers a card leading
# to its page (the registry, the state of play, the agenda; hackathons and calls for
# experiments when they exist), so the home page lists what is there, in the hook's order.


@dataclass(frozen=True)
class HomeCard:
    key: str
    title: str | Promise
    text: str | Promise
    url_name: str


def home_cards() -> list[dict[str, str]]:
    cards: list[HomeCard] = hooks.get_hooks("home_cards")
    return [{"key": card.key, "title": str(card.title), "text": str(card.text), "url": reverse(card.url_name)} for card in cards]


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
