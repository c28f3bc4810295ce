"""What a browser sends when a page's form is submitted as it was opened.

Tests that re-submit an edit form usually post the bound form's values; that also sends
values a browser never would (an initial choice the page did not offer). ``submitted``
reads the rendered HTML instead, as a browser does: text and hidden inputs, the checked
boxes and radios, the selected options, the text areas.
"""

from __future__ import annotations

from html.parser import HTMLParser

#: Inputs a browser does not send as a name=value pair.
_NOT_SENT = {"submit", "button", "reset", "image", "file"}


class _FormReader(HTMLParser):
    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.found = False
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._select_multiple = False
        self._option: dict[str, str | None] | None = None
        self._option_text = ""
        self._textarea: str | None = None
        self._textarea_text = ""

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form" and not self.found and (attributes.get("action") or "") == self.action:
            self.inside = self.found = True
            return
        if not self.inside:
            return
        name = attributes.get("name")
        if tag == "input" and name and "disabled" not in attributes:
            kind = (attributes.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in attributes:
                    self._add(name, attributes.get("value") or "on")
            elif kind not in _NOT_SENT:
                self._add(name, attributes.get("value") or "")
        elif tag == "select" and name and "disabled" not in attributes:
            self._select, self._select_first, self._select_chosen = name, None, False
            self._select_multiple = "multiple" in attributes
            self.data.setdefault(name, [])
        elif tag == "option" and self._select is not None:
            self._option, self._option_text = attributes, ""
        elif tag == "textarea" and name and "disabled" not in attributes:
            self._textarea, self._textarea_text = name, ""

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option_text += data
        if self._textarea is not None:
            self._textarea_text += data

    def handle_endtag(self, tag: str) -> None:
        if not self.inside:
            return
        if tag == "form":
            self.inside = False
        elif tag == "option" and self._option is not None and self._select is not None:
            value = self._option.get("value")
            value = self._option_text.strip() if value is None else value
            if self._select_first is None:
                self._select_first = value
            if "selected" in self._option:
                self._add(self._select, value)
                self._select_chosen = True
            self._option = None
        elif tag == "select" and self._select is not None:
            if not self._select_chosen and not self._select_multiple and self._select_first is not None:
                self._add(self._select, self._select_first)  # a single select sends its first option
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that follows the opening tag.
            self._add(self._textarea, self._textarea_text.removeprefix("\r\n").removeprefix("\n"))
            self._textarea = None


def submitted(html: str, *, action: str = "") -> dict[str, list[str]]:
    """The values the page's form posting to ``action`` (by default the one posting to the
    page itself, without an action) sends when submitted untouched, as the test client's
    ``post`` takes them."""
    reader = _FormReader(action)
    reader.feed(html)
    assert reader.found, f"No form posting to {action or 'the page itself'} on the page."
    return reader.data
