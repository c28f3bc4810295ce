"""``{% ask_about kind id %}``: the "Poser une question" link of any item registered under
the ``inbox_items`` hook, with the item prefilled in the form::

    {% load inbox %}{% ask_about "hackathon" hackathon.pk %}

It is a plain link (no JavaScript); the form checks again that the asker may see the item.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


def ask_url(kind: str, item_id: Any) -> str:
    return f"{reverse('inbox:ask')}?{urlencode({'sujet': f'{kind}:{item_id}'})}"


@register.inclusion_tag("inbox/_ask_link.html")
def ask_about(kind: str, item_id: Any) -> dict[str, Any]:
    return {"url": ask_url(kind, item_id)}
