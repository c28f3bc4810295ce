"""Items a message to the cooperative can be about: the ``inbox_items`` hook.

A member asks about a recommendation, a project, an event, the state of play — and later a
hackathon or a call for experiments. The inbox cannot import those apps (imports point
one way, docs/architecture.md), so each app that owns a kind of item registers an
``ItemKind`` from its ``hooks.py``::

    hooks.register("inbox_items", ItemKind("project", label=_("Projet"), shown=projects_shown, route=follow_project))

``shown(ids, viewer)`` answers ``{id: ItemShown}`` for the items the viewer may see, in a
constant number of queries: an id it leaves out is missing or hidden from that viewer,
and the inbox treats both alike. ``route(item_id=…, user=…)``, when the kind has one,
turns an expression of interest into the app's own way of acting on it (following the
item, registering) and answers a sentence saying what was done. A reference is written
``kind:id`` (``project:12``) in links and forms.

``topics()``, when the kind has one, tells the item's broad themes (the registry's
``ThemeCategory``): a queryset of the app's items as rows ``{"pk": …, "broad_theme": …}`` — a
recommendation's through its theme, a project's, call's or hackathon's through the
recommendations they answer (several rows for an item with several themes). The inbox
uses it as a subquery to filter by topic and, one query per kind, to count by topic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from cairn.core import hooks


@dataclass(frozen=True)
class ItemShown:
    title: str
    #: The item's page (a path), or "" when it has none.
    url: str


@dataclass(frozen=True)
class ItemKind:
    kind: str
    label: Any
    shown: Callable[[Iterable[int], Any], dict[int, ItemShown]]
    #: ``route(item_id=…, user=…)`` → what was done, in the active language; None when an
    #: interest in this kind of item is only recorded.
    route: Callable[..., str] | None = None
    #: ``topics()`` → ``QuerySet`` of ``{"pk", "broad_theme"}`` rows (the broad theme's id, or
    #: None); None when this kind of item has no broad theme.
    topics: Callable[[], Any] | None = None


def item_kinds() -> dict[str, ItemKind]:
    """Every registered kind of item, by its ``kind``."""
    return {kind.kind: kind for kind in hooks.get_hooks("inbox_items")}


def parse_reference(reference: str) -> tuple[str, int] | None:
    """``"project:12"`` → ``("project", 12)`` when the kind is registered; None otherwise."""
    kind, _sep, raw_id = (reference or "").partition(":")
    if kind not in item_kinds() or not raw_id.isdigit() or len(raw_id) > 12:
        return None
    return kind, int(raw_id)


def item_shown(kind: str, item_id: int, viewer: Any) -> ItemShown | None:
    """The item as the viewer may see it, or None (unknown kind, missing or hidden)."""
    registered = item_kinds().get(kind)
    if registered is None:
        return None
    return registered.shown([item_id], viewer).get(item_id)


def items_shown(references: Iterable[tuple[str, Any]], viewer: Any) -> dict[tuple[str, int], ItemShown]:
    """Many items at once, one call per kind: for lists."""
    by_kind: dict[str, set[int]] = {}
    for kind, item_id in references:
        by_kind.setdefault(kind, set()).add(item_id)
    kinds = item_kinds()
    found: dict[tuple[str, int], ItemShown] = {}
    for kind, ids in by_kind.items():
        if kind in kinds:
            found.update({(kind, pk): item for pk, item in kinds[kind].shown(ids, viewer).items()})
    return found
