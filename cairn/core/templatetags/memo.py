"""``{% translate %}`` and ``{% url %}`` that remember what they rendered.

Every page pays for its layout (about 35 ``{% translate %}`` and 20 ``{% url %}`` in the
header and footer alone) and lists pay them again per row: each ``{% translate "…" %}``
looks up the active language and the catalogue, each ``{% url %}`` walks the URL
resolver. Their result depends only on what is in the key below, so this library, a
template builtin after Django's ``i18n`` (``settings.TEMPLATES``), replaces both tags with
the same parsing and the same output, remembered per node:

- ``{% translate "constant" %}`` (no filter, a constant ``context``): per active language
  and autoescaping. A variable or a filter is rendered as Django does, every time.
- ``{% url 'name' arg … %}``: per view name, arguments (strings and integers only; any
  other value is reversed as Django does, every time), active language (``i18n_patterns``),
  script prefix, URLconf and current application. A failed reverse is never remembered.
  Non-negative integers (a row's id) go into a remembered shape of the address instead of
  a reverse per value (``RememberedURLNode``).

Catalogues and URLconfs do not change while a process runs; a test that overrides the
settings they come from (``setting_changed``) empties every node's memory. Each node keeps
at most ``LIMIT`` results, then starts again. ``cairn/core/tests/test_memo_tags.py`` checks
that both give what Django's tags give.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import Node, Variable
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.templatetags.i18n import TranslateNode
from django.templatetags.i18n import do_translate as django_translate
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

#: Results one node remembers at most (a ``{% url %}`` in a list keeps one per row).
LIMIT = 4096
#: Settings whose change makes every remembered result stale (tests override them).
_WATCHED = {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "ROOT_URLCONF", "FORCE_SCRIPT_NAME", "INSTALLED_APPS"}
_generation = 0


@receiver(setting_changed)
def _forget(setting: str, **kwargs: Any) -> None:
    global _generation  # one counter for every node of every template
    if setting in _WATCHED:
        _generation += 1


def _remember(memory: dict[Any, Any], key: Any, value: Any) -> None:
    if len(memory) >= LIMIT:
        memory.clear()
    memory[key] = value


def _constant(expression: Any) -> bool:
    """A quoted string or a number, without filters (the parser resolves one to its value,
    ``TranslateNode`` wraps its message back in a literal ``Variable``)."""
    if expression is None or expression.filters:
        return False
    return isinstance(expression.var, str) or (isinstance(expression.var, Variable) and expression.var.literal is not None)


class RememberedTranslateNode(TranslateNode):
    """A ``{% translate %}`` of a constant string: rendered once per language."""

    def __init__(self, node: TranslateNode) -> None:
        super().__init__(node.filter_expression, node.noop, node.asvar, node.message_context)
        self.memory: dict[Any, Any] = {}
        # The same translation without "as": what it renders is the value either way. A
        # twin, because a node is shared by every thread rendering the template at once and
        # must never change while it renders.
        self.plain = TranslateNode(node.filter_expression, node.noop, None, node.message_context)

    def render(self, context: template.Context) -> str:
        key = (_generation, get_language(), context.autoescape)
        try:
            value = self.memory[key]
        except KeyError:
            value = self.plain.render(context)
            _remember(self.memory, key, value)
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


def _current_app(context: template.Context) -> str | None:
    """What Django's ``URLNode`` passes to ``reverse`` as the current application."""
    try:
        return context.request.current_app  # type: ignore[attr-defined]
    except AttributeError:
        try:
            return context.request.resolver_match.namespace  # type: ignore[attr-defined]
        except AttributeError:
            return None


class RememberedURLNode(URLNode):
    """A ``{% url %}`` whose arguments are strings or integers: reversed once per key.

    A list links each row by its id (``{% url 'events:decide' event.pk registration.pk 'valider' %}``),
    so remembering per value still reversed once per row (about 50 µs each, three per row
    of the attendee list). Where the arguments that vary are non-negative integers, the
    node reverses once with stand-ins for them, keeps the address cut around the
    stand-ins (its *shape*) and writes each row's address by putting the numbers in. The
    shape is trusted only if it gives, for the first values, the address Django reverses
    for them; otherwise (a pattern that does not take any number, a stand-in that does not
    come back exactly once) the node reverses every value as before."""

    def __init__(self, node: URLNode) -> None:
        super().__init__(node.view_name, node.args, node.kwargs, node.asvar)
        self.memory: dict[Any, Any] = {}

    def render(self, context: template.Context) -> str:
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple(sorted((name, value.resolve(context)) for name, value in self.kwargs.items()))
        values = (*args, *(value for _, value in kwargs))
        # A quoted argument resolves to a SafeString: strings of any kind count.
        if not all(isinstance(value, str) or type(value) is int for value in values):
            return super().render(context)
        current_app = _current_app(context)
        where = (_generation, self.view_name.resolve(context), get_language(), get_script_prefix(), get_urlconf(), current_app)
        numbers = [value for value in values if _is_id(value)]
        url = None
        if numbers:
            # The key of the shape: the strings as they are, each number as a slot.
            shape_key = (
                *where,
                tuple(_SLOT if _is_id(v) else v for v in args),
                tuple((n, _SLOT if _is_id(v) else v) for n, v in kwargs),
            )
            shape: list[str | int] | bool | None = self.memory.get(shape_key)
            if shape is None:
                shape = _shape(where[1], args, kwargs, current_app) or False
                _remember(self.memory, shape_key, shape)
            if isinstance(shape, list):
                url = _fill(shape, numbers)
        if url is None:
            key = (*where, args, kwargs)
            url = self.memory.get(key)
            if url is None:
                # What Django's URLNode reverses; a failed reverse is left to Django's rendering
                # (it raises, or gives "" with "as") and never remembered. The node itself is not
                # changed: every thread rendering the template shares it.
                try:
                    url = reverse(where[1], args=args, kwargs=dict(kwargs), current_app=current_app)
                except NoReverseMatch:
                    return super().render(context)
                _remember(self.memory, key, url)
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


#: Marks a number's place in a shape's key.
_SLOT = object()


def _is_id(value: Any) -> bool:
    """A value a shape takes: a non-negative integer (``bool`` is not one)."""
    return type(value) is int and value >= 0


def _stand_in(index: int) -> int:
    """The number that stands for the ``index``-th number while a shape is made: twelve
    digits no address holds, none a part of another."""
    return 739_182_640_000 + index * 1_001


def _shape(view_name: str, args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...], current_app: str | None) -> list[str | int] | None:
    """The address of ``view_name`` cut around its numbers (strings, and the index of the
    number to put in), or ``None`` when it cannot be trusted (see ``RememberedURLNode``)."""
    count = 0

    def stand(value: Any) -> Any:
        nonlocal count
        if _is_id(value):
            count += 1
            return _stand_in(count - 1)
        return value

    try:
        real = reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)
        stood = reverse(view_name, args=[stand(v) for v in args], kwargs={n: stand(v) for n, v in kwargs}, current_app=current_app)
    except NoReverseMatch:
        return None
    marks = [str(_stand_in(index)) for index in range(count)]
    if any(stood.count(mark) != 1 for mark in marks):
        return None
    shape: list[str | int] = []
    at = 0
    for position, index in sorted((stood.index(mark), index) for index, mark in enumerate(marks)):
        shape += [stood[at:position], index]
        at = position + len(marks[index])
    shape.append(stood[at:])
    numbers = [v for v in (*args, *(v for _, v in kwargs)) if _is_id(v)]
    if _fill(shape, numbers) != real:
        return None
    return shape


def _fill(shape: list[str | int], numbers: list[int] | tuple[int, ...]) -> str:
    return "".join(part if isinstance(part, str) else str(numbers[part]) for part in shape)


#: The shapes ``reverse_ids`` made, per view name, number of ids and what ``{% url %}`` keys on.
_shapes: dict[Any, Any] = {}


def reverse_ids(view_name: str, *ids: int) -> str:
    """``reverse(view_name, args=ids)`` for Python code that links many rows by their ids
    (``{% person %}`` links each name to its profile): the address from a remembered shape,
    as ``{% url %}`` writes it; anything else than non-negative integers is reversed."""
    if not all(_is_id(one) for one in ids):
        return reverse(view_name, args=ids)
    key = (_generation, view_name, len(ids), get_language(), get_script_prefix(), get_urlconf())
    shape = _shapes.get(key)
    if shape is None:
        shape = _shape(view_name, ids, (), None) or False
        _remember(_shapes, key, shape)
    return _fill(shape, ids) if isinstance(shape, list) else reverse(view_name, args=ids)


@register.tag("translate")
@register.tag("trans")
def do_translate(parser: template.base.Parser, token: template.base.Token) -> Node:
    node = django_translate(parser, token)
    if _constant(node.filter_expression) and (node.message_context is None or _constant(node.message_context)):
        return RememberedTranslateNode(node)
    return node


@register.tag("url")
def url(parser: template.base.Parser, token: template.base.Token) -> Node:
    return RememberedURLNode(django_url(parser, token))
