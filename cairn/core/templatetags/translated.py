"""``{% translated %}`` (a builtin, like the components): a translated field in the reader's language (``cairn.core.translation``).

``{{ event|translated_text:"title" }}`` is the text alone, where a tag cannot go: in a
``{% blocktranslate with title=event|translated_text:"title" %}`` or an e-mail's subject.

``{% translated obj "title" %}`` writes the text, escaped; when it stands in the French
original for a missing translation it carries ``lang="fr"`` and "(en français)".
``{% translated obj "summary" as summary %}`` keeps the ``Shown`` for a text rendered
otherwise: ``<div{% if summary.marked %} lang="fr"{% endif %}>{{ summary.text|markdown }}</div>``
and ``{{ summary.note }}``.
"""

from __future__ import annotations

from typing import Any

from django import template

from cairn.core.translation import Shown, shown_in, text_in

register = template.Library()


@register.simple_tag
def translated(obj: Any, field: str) -> Shown | str:
    if obj is None:
        return ""
    return shown_in(obj, field)


@register.filter
def translated_text(obj: Any, field: str) -> str:
    return "" if obj is None else text_in(obj, field)
