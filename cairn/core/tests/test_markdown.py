"""Markdown written by members is rendered, then sanitised: formatting survives, scripts,
event handlers and dangerous links never do.
"""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from cairn.core.markdown import render_markdown


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Un **pas** après l’*autre*", "<p>Un <strong>pas</strong> après l’<em>autre</em></p>\n"),
        ("~~abandonné~~", "<p><s>abandonné</s></p>\n"),
        ("## Section\n\nTexte", "<h2>Section</h2>\n<p>Texte</p>\n"),
        ("3. trois\n4. quatre", '<ol start="3">\n<li>trois</li>\n<li>quatre</li>\n</ol>\n'),
        ("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"),
        ("> citation", "<blockquote>\n<p>citation</p>\n</blockquote>\n"),
        ("`<b>`", "<p><code>&lt;b&gt;</code></p>\n"),
        (
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>\n",
        ),
        (
            '[le site](https://example.org "titre")',
            '<p><a href="https://example.org" title="titre" rel="noopener noreferrer nofollow">le site</a></p>\n',
        ),
        ("[écrire](mailto:cairn@example.org)", '<p><a href="mailto:cairn@example.org" rel="noopener noreferrer nofollow">écrire</a></p>\n'),
        ("![photo](https://example.org/a.png)", '<p><img src="https://example.org/a.png" alt="photo"></p>\n'),
    ],
)
def test_formatting_is_kept(text: str, html: str) -> None:
    assert render_markdown(text) == html


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
        ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n"),
        ('<a href="https://e.org" onclick="x()">a</a>', '<p>&lt;a href="https://e.org" onclick="x()"&gt;a&lt;/a&gt;</p>\n'),
        ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>\n"),
        ("[x](JaVaScRiPt:alert(1))", "<p>[x](JaVaScRiPt:alert(1))</p>\n"),
        ("[x](vbscript:msgbox)", "<p>[x](vbscript:msgbox)</p>\n"),
        ("![x](data:image/svg+xml;base64,PHN2Zz4=)", "<p>![x](data:image/svg+xml;base64,PHN2Zz4=)</p>\n"),
        ("![x](data:image/png;base64,AAAA)", '<p><img alt="x"></p>\n'),
        ("[x](ftp://example.org/f)", '<p><a rel="noopener noreferrer nofollow">x</a></p>\n'),
    ],
)
def test_dangerous_markup_is_neutralised(text: str, html: str) -> None:
    assert render_markdown(text) == html


def test_the_page_title_level_is_reserved_for_the_page() -> None:
    # <h1> is the page's own title: a member's "# Title" keeps its text, not the tag.
    assert "<h1>" not in render_markdown("# Titre")
    assert "Titre" in render_markdown("# Titre")


def test_empty_text_renders_nothing() -> None:
    assert render_markdown("") == ""
    assert render_markdown(None) == ""  # type: ignore[arg-type]


def test_the_result_is_safe_to_insert_and_the_filter_uses_it() -> None:
    assert isinstance(render_markdown("a"), SafeString)

    html = Template("{{ text|markdown }}").render(Context({"text": "**a** <script>x</script>"}))

    assert html == "<p><strong>a</strong> &lt;script&gt;x&lt;/script&gt;</p>\n"


def test_a_text_is_rendered_once_per_process_and_a_long_one_each_time() -> None:
    from cairn.core import markdown

    markdown._remembered.cache_clear()
    text = "Un **texte** <script>alert(1)</script> [lien](javascript:alert(1))"
    first = render_markdown(text)
    again = render_markdown(text)
    assert again == first == markdown._render(text)
    assert "<script>" not in first and 'href="javascript' not in first
    assert markdown._remembered.cache_info().hits == 1

    long = "x" * markdown.REMEMBERED_LENGTH + " **fin**"
    assert render_markdown(long).endswith("<strong>fin</strong></p>\n")
    assert markdown._remembered.cache_info().currsize == 1
