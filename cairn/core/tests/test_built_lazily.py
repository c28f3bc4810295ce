"""``built_lazily``: a list view's form and rows, built only when a block that is not kept
reads one of them, and then once for all."""

from __future__ import annotations

from django.template import Context, Template

from cairn.core.stamps import built_lazily


def test_nothing_is_built_until_read_then_everything_once() -> None:
    calls: list[str] = []

    def build() -> tuple[str, list[int]]:
        calls.append("built")
        return "le formulaire", [1, 2, 3]

    context = built_lazily(build, "form", "rows")
    assert set(context) == {"form", "rows"} and calls == []  # a kept page reads neither

    html = Template("{{ form }} : {% for row in rows %}{{ row }}{% endfor %}").render(Context(context))

    assert html == "le formulaire : 123"
    assert calls == ["built"]  # both values from one call
