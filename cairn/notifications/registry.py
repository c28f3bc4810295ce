"""What the domain apps tell the notifications app, from their ``AppConfig.ready()``:
the kinds of item a member may follow, and how to describe each kind of event. The
notifications app imports no domain app (docs/architecture.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


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


FOLLOWABLES: dict[str, Followable] = {}
EVENT_KINDS: dict[str, EventKind] = {}


def register_followable(
    kind: str,
    *,
    label: Any,
    titles: Callable[[Iterable[int]], dict[int, tuple[str, str]]],
    implicit_followers: Callable[[Iterable[int]], dict[int, set[int]]] | None = None,
) -> None:
    FOLLOWABLES[kind] = Followable(kind, label, titles, implicit_followers)


def register_event_kind(kind: str, *, describe: Callable[[dict[str, Any]], str]) -> None:
    EVENT_KINDS[kind] = EventKind(kind, describe)
