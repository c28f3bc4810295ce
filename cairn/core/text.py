"""Text as people type it, folded so that case, accents and spacing do not matter."""

from __future__ import annotations

import unicodedata


def fold(text: str, *, ascii_only: bool = False) -> str:
    """Lower case (Unicode case folding), without accents, one space between words:
    « Réalisée  À LIÈGE » → « realisee a liege ».

    Accents are the combining marks of the compatibility decomposition (NFKD), so letters
    that are not a letter plus an accent stay: « ŒUVRE » → « œuvre », « Øresund » →
    « øresund ». With ``ascii_only`` they are dropped instead (« œuvre » → « uvre »), for
    identifiers and keys that must be plain ASCII.
    """
    # Decomposed before and after case folding: a case-folded letter may decompose again.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    words = "".join(char for char in decomposed if not unicodedata.combining(char)).split()
    if ascii_only:
        words = [word.encode("ascii", "ignore").decode() for word in words]
    return " ".join(word for word in words if word)
