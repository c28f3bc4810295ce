"""Named reads of the state of play shared by its pages, the PDF and the exports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _

from cairn.accounts.models import User
from cairn.reports.figures import Figures, Row

#: The breakdowns drawn as charts (the trend has its own), then those shown as tables only.
CHART_ORDER = ("category", "cycle", "trend", "group")
TABLE_ONLY = ("theme", "city", "country", "department")
#: The first column's heading of each breakdown's table.
COLUMN_LABELS = {
    "category": _("Grande thématique"),
    "cycle": _("Cycle"),
    "theme": _("Thématique"),
    "group": _("Groupe de travail"),
    "city": _("Ville ou bureau"),
    "country": _("Pays"),
    "department": _("Direction"),
}


# --- What other apps show beside a broad theme's figures -------------------------------


@dataclass(frozen=True)
class CategoryExtra:
    """A block another app adds under the figures by broad theme: ``template`` is rendered
    with ``extra`` (this object) in its context; ``items`` maps a category key to what the
    block lists for it."""

    template: str
    items: dict[str, list[Any]]


CategoryExtraProvider = Callable[[list[Row], "User | AnonymousUser"], "CategoryExtra | None"]
_CATEGORY_EXTRAS: dict[str, CategoryExtraProvider] = {}


def register_category_extra(name: str, provider: CategoryExtraProvider) -> None:
    """Called from another app's ``AppConfig.ready()`` — e.g. the stories of each broad
    theme. A provider gets the category rows and the viewer and must run a constant number
    of queries (one for all categories)."""
    _CATEGORY_EXTRAS[name] = provider


def category_extras(data: Figures, viewer: User | AnonymousUser) -> list[CategoryExtra]:
    extras = (provider(list(data.breakdowns["category"]), viewer) for _name, provider in sorted(_CATEGORY_EXTRAS.items()))
    return [extra for extra in extras if extra is not None]
