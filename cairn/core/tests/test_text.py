"""``fold``: the one accent and case folding that search, table headers, the registry import
and the demo seed share."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cairn.core.text import fold

#: Latin letters and the accents French and Dutch put on them (and a few more).
ACCENTS = "\u0300\u0301\u0302\u0303\u0308\u030a\u0327\u030c"


def previous_search_form(text: str) -> str:
    """How search texts were folded before ``fold`` existed; stored ones must not change."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


@pytest.mark.parametrize(
    ("text", "folded", "ascii_folded"),
    [
        ("  Réalisée   À Liège, ŒUVRE  ", "realisee a liege, œuvre", "realisee a liege, uvre"),
        ("Animateur·rices", "animateur·rices", "animateurrices"),
        ("L’ÉTÉ\tà\u00a0Gent\n", "l’ete a gent", "lete a gent"),
        ("Straße", "strasse", "strasse"),
        ("ﬁnances Ⅻ", "finances xii", "finances xii"),
        ("België – Frankrijk", "belgie – frankrijk", "belgie frankrijk"),
        ("", "", ""),
    ],
)
def test_fold(text: str, folded: str, ascii_folded: str) -> None:
    assert fold(text) == folded
    assert fold(text, ascii_only=True) == ascii_folded


@given(st.text(), st.booleans())
def test_folding_twice_changes_nothing(text: str, ascii_only: bool) -> None:
    folded = fold(text, ascii_only=ascii_only)
    assert fold(folded, ascii_only=ascii_only) == folded


@given(st.text())
def test_a_folded_text_has_no_accent_no_capital_and_single_spaces(text: str) -> None:
    folded = fold(text)
    assert not any(unicodedata.combining(c) for c in folded)
    assert folded.casefold() == folded
    assert folded == " ".join(folded.split()) and "  " not in folded
    assert all(c == " " or not c.isspace() for c in folded)


@given(st.text())
def test_ascii_only_drops_what_has_no_ascii_form_and_keeps_the_rest(text: str) -> None:
    folded = fold(text, ascii_only=True)
    assert folded.isascii()
    assert folded == " ".join(fold(text).encode("ascii", "ignore").decode().split())


@given(st.lists(st.tuples(st.sampled_from("aceinouyAEIOUCN"), st.text(ACCENTS, max_size=2))))
def test_an_accent_never_matters(letters: list[tuple[str, str]]) -> None:
    plain = "".join(letter for letter, _accents in letters)
    accented = "".join(letter + accents for letter, accents in letters)
    assert fold(unicodedata.normalize("NFC", accented)) == fold(accented) == plain.lower()


@given(st.text(st.characters(codec="ascii")))
def test_ascii_text_is_only_lower_cased_and_spaced(text: str) -> None:
    assert fold(text) == fold(text, ascii_only=True) == " ".join(text.lower().split())


@given(st.text(st.characters(max_codepoint=0x24F)))
def test_latin_text_folds_as_search_texts_always_have(text: str) -> None:
    assert fold(text) == previous_search_form(text)
