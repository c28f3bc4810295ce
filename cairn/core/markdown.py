"""Markdown rendering for user-written text: markdown-it-py, then sanitised by nh3.

Everything a member or the coordination team writes goes through ``render_markdown``;
the result is the only user HTML a template may mark safe.
"""

from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table").enable("strikethrough")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "h2", "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}


#: Texts whose HTML each process remembers (``render_markdown``): a recommendation's text
#: took more time to render than the rest of its page; the HTML depends on the text alone.
REMEMBERED_TEXTS = 2048
#: Longer texts are rendered each time rather than held in memory.
REMEMBERED_LENGTH = 20_000


def render_markdown(text: str) -> SafeString:
    text = str(text) if text else ""
    if len(text) <= REMEMBERED_LENGTH:
        return _remembered(text)
    return _render(text)


@lru_cache(maxsize=REMEMBERED_TEXTS)
def _remembered(text: str) -> SafeString:
    return _render(text)


def _render(text: str) -> SafeString:
    html = _md.render(text)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)
