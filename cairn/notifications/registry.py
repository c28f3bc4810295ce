"""What the domain apps tell the notifications app, from their ``hooks.py``: the kinds of
item a member may follow (a ``Followable`` under the ``followables`` hook) and how to
describe each kind of event (an ``EventKind`` under ``notification_kinds``). The
notifications app imports no domain app (docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from cairn.core import hooks


@dataclass(frozen=True)
class Followable:
    kind: str
    label: Any
    #: ``titles(ids)`` → {id: (title, url path)} of the items a member follows (one query).
    titles: Callable[[Iterable[int]], dict[int, tuple[str, str]]]
    #: ``implicit_followers(ids)`` → {id: user ids} who follow without asking (a working
    #: group's members follow its recommendations); None when nobody does.
    implicit_followers: Callable[[Iterable[int]], dict[int, set[int]]] | None = None


@dataclass(frozen=True)
class EventKind:
    kind: str
    #: ``describe(data)`` → one sentence saying what changed, in the active language.
    describe: Callable[[dict[str, Any]], str]


def followables() -> dict[str, Followable]:
    """Every kind of item members may follow, by its ``kind``."""
    return {followable.kind: followable for followable in hooks.get_hooks("followables")}


def event_kinds() -> dict[str, EventKind]:
    """How each kind of event reads, by its ``kind``."""
    return {kind.kind: kind for kind in hooks.get_hooks("notification_kinds")}
