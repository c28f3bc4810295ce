"""How a pad numbers its recommendations, worked out per document before and after the
reader walks it: the heading level that numbers them (« ### 1. Titre ») and the titles a
table of contents repeats; and, once read, which repeated numbers are the other
language's half of a bilingual pad."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cairn.recommendations.imports.pad_markdown import (
    NUMBERED_HEADING,
    RECOMMENDATION_HEADING,
    TAGS,
    PadDocument,
    PadItem,
    SetAside,
    Unit,
    clean_inline,
    fold_label,
    guess_language,
    plain,
    split_title,
)


def numbered_headings(units: list[Unit]) -> tuple[int | None, frozenset[str]]:
    """The heading level that numbers the document's recommendations — the level holding
    the most numbered headings, the deeper one on a tie (« ## 1. Matériel » over
    « ### 1.1 … ») — and the titles of those headings, which a table of contents repeats."""
    headings = [u for u in units if u.kind == "heading" and plain(clean_inline(u.text)) and not TAGS.match(u.text)]
    counts: dict[int, list[str]] = {}
    for unit in headings[1:]:  # the first heading is the document's title
        text = plain(clean_inline(unit.text))
        match = NUMBERED_HEADING.match(text) or RECOMMENDATION_HEADING.match(text)
        if match and NUMBERED_HEADING.match(text):
            counts.setdefault(unit.level, []).append(fold_label(match["rest"]))
    if not counts:
        return None, frozenset()
    level = max(counts, key=lambda lvl: (len(counts[lvl]), lvl))
    return level, frozenset(title for titles in counts.values() for title in titles if title)


def pair_translations(document: PadDocument, repeated: list[tuple[PadItem, PadItem, str]]) -> None:
    """A number used again in another language is that recommendation's translation (the
    halves of a bilingual pad); in the same language, it is an error."""
    for item, original, raw in repeated:
        split_title(item)
        item_language = item.language or guess_language(f"{item.title} {item.text}")
        original_language = original.language or guess_language(f"{original.title} {original.text}")
        other_language = bool(item.title and item_language and original_language and item_language != original_language)
        if other_language and item_language not in original.translations:
            original.language = original_language
            original.translations[item_language] = item
            continue
        document.errors.append(
            SetAside(
                item.line,
                _("Le numéro %(number)s est déjà utilisé à la ligne %(line)s : chaque numéro doit être unique dans la thématique.")
                % {"number": item.number, "line": original.line},
                raw,
            )
        )
    document.errors.sort(key=lambda e: e.line)
