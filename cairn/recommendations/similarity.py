"""How alike two recommendations are, offline: TF-IDF over the lemmas of their words
(``simplemma``, in each text's language) joined with TF-IDF over character n-grams of
their accent-free text (which catches cognates across French and Dutch: « mobilité » /
« mobiliteit », « coopérative » / « coöperatie »), compared by cosine similarity with
scikit-learn. Nothing is downloaded: simplemma's dictionaries ship in its wheel. The
choice, and what was tried, is decision 0030."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from cairn.core.text import fold

#: Weights of the two views of a text; their sum is 1.
WORD_WEIGHT = 0.75
CHAR_WEIGHT = 0.25
#: Below this cosine similarity two recommendations are not suggested.
THRESHOLD = 0.22
#: At most this many suggestions per recommendation.
PER_RECOMMENDATION = 5
#: Texts compared with all the others at once (their scores: BLOCK × texts floats).
BLOCK = 256

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_LANGUAGES = ("fr", "nl", "en")
_STOP = frozenset(
    [
        "les",
        "des",
        "une",
        "pour",
        "par",
        "dans",
        "avec",
        "sur",
        "est",
        "sont",
        "qui",
        "que",
        "aux",
        "ces",
        "cette",
        "leur",
        "leurs",
        "plus",
        "tout",
        "tous",
        "être",
        "avoir",
        "faire",
        "het",
        "een",
        "van",
        "voor",
        "met",
        "zijn",
        "die",
        "dat",
        "bij",
        "naar",
        "ook",
        "niet",
        "worden",
        "wordt",
        "deze",
        "hun",
        "meer",
        "alle",
        "the",
        "and",
        "for",
        "with",
        "are",
        "that",
        "this",
        "from",
        "their",
        "all",
        "more",
    ]
)


@dataclass(frozen=True)
class Text:
    """One recommendation as the index reads it: its words in their languages."""

    key: int
    group: int  # recommendations of the same group (cycle) are never suggested together
    parts: tuple[tuple[str, str], ...]  # (language, text): the original, then any translation


@lru_cache(maxsize=200_000)
def _lemma(word: str, language: str) -> str:
    import simplemma

    return str(simplemma.lemmatize(word, lang=language))


def lemmas(text: str, language: str) -> list[str]:
    language = language if language in _LANGUAGES else "fr"
    return [_lemma(word, language) for word in _WORD.findall(text.casefold()) if word not in _STOP]


def _words(text: Text) -> str:
    return " ".join(lemma for language, part in text.parts for lemma in lemmas(part, language))


def _chars(text: Text) -> str:
    return " ".join(fold(part, ascii_only=True) for _language, part in text.parts)


class SimilarityIndex:
    """The recommendations' vectors; ``neighbours`` and ``resembling`` compare with them."""

    def __init__(self, texts: Sequence[Text]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.texts = list(texts)
        self.words = TfidfVectorizer(analyzer=str.split, sublinear_tf=True, min_df=1)
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 5), sublinear_tf=True, min_df=1)
        self.matrix = self._fit([_words(t) for t in self.texts], [_chars(t) for t in self.texts]) if self.texts else None
        self.position = {text.key: index for index, text in enumerate(self.texts)}

    def _fit(self, words: list[str], chars: list[str]):  # type: ignore[no-untyped-def]
        return self._join(self.words.fit_transform(words), self.chars.fit_transform(chars))

    @staticmethod
    def _join(words, chars):  # type: ignore[no-untyped-def]
        from scipy.sparse import hstack
        from sklearn.preprocessing import normalize

        return normalize(hstack([words * WORD_WEIGHT**0.5, chars * CHAR_WEIGHT**0.5]).tocsr())

    def neighbours(
        self, keys: Iterable[int], *, limit: int = PER_RECOMMENDATION, threshold: float = THRESHOLD
    ) -> dict[int, list[tuple[int, float]]]:
        """For each of ``keys``, the most alike texts of other groups, best first."""
        rows = [self.position[key] for key in keys if key in self.position]
        return self._neighbours(rows, limit=limit, threshold=threshold, among=len(self.texts))

    def _neighbours(self, rows: Sequence[int], *, limit: int, threshold: float, among: int) -> dict[int, list[tuple[int, float]]]:
        """The neighbours of the texts at ``rows`` among the first ``among`` texts.

        Compared ``BLOCK`` rows at a time, each block's scores kept and ranked by numpy: an
        import of 20,000 recommendations against as many holds one block of scores (some
        tens of MB), never the whole 20,000 × 40,000 table (gigabytes), and no Python loop
        visits every pair."""
        import numpy as np

        if self.matrix is None or not rows:
            return {}
        others = self.matrix[:among].T.tocsc()
        groups = np.array([text.group for text in self.texts[:among]])
        found: dict[int, list[tuple[int, float]]] = {}
        for start in range(0, len(rows), BLOCK):
            block = rows[start : start + BLOCK]
            scores = (self.matrix[block] @ others).toarray()
            for row, row_scores in zip(block, scores, strict=True):
                text = self.texts[row]
                columns = np.flatnonzero((row_scores >= threshold) & (groups != text.group))
                # Best first; of equal scores, the later text first.
                ranked = columns[np.lexsort((-columns, -row_scores[columns]))][:limit]
                found[text.key] = [(self.texts[column].key, round(float(row_scores[column]), 4)) for column in ranked]
        return found


def resembling(
    indexed: Sequence[Text], texts: Sequence[Text], *, limit: int = 3, threshold: float = THRESHOLD
) -> list[list[tuple[int, float]]]:
    """For each of ``texts`` (not among ``indexed``: an import's new recommendations, with
    keys of their own), the most alike of ``indexed`` of other groups. One index of both,
    so that the new texts' words unknown to the registry weigh as they should."""
    if not texts:
        return []
    together = SimilarityIndex([*indexed, *texts])
    rows = range(len(indexed), len(together.texts))
    found = together._neighbours(rows, limit=limit, threshold=threshold, among=len(indexed))
    return [found.get(text.key, []) for text in texts]
