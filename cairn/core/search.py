"""Full-text search that ignores accents and case, on PostgreSQL and on SQLite.

A searchable model keeps a ``search_text`` column: its words, lower-cased and stripped of
accents by ``normalise`` (``cairn.core.text.fold``; the write services maintain it). On PostgreSQL, ``search_filter``
matches it with the French and Dutch stemmers (``to_tsvector('french', …) ||
to_tsvector('dutch', …)``, backed by a GIN index on that same expression); on SQLite,
every query word must appear in the column (a plural ``s``/``x`` dropped, so
"coopératives" still finds "coopérative"). docs/decisions/0003-registry-search.md says why.
``with_relevance`` orders a search by how well it matches (``ts_rank`` on PostgreSQL, how
often the words occur on SQLite; docs/decisions/0031-search-typos.md).
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connections
from django.db.models import F, Lookup, Q, QuerySet

from cairn.core.text import fold

#: The text search configurations a vector combines (the cooperative's two languages).
SEARCH_CONFIGS = ("french", "dutch")
_WORD_EDGES = re.compile(r"^[^\w]+|[^\w]+$")


def normalise(text: str) -> str:
    """A search text's form, ``fold``: "Réalisée  À" → "realisee a"."""
    return fold(text)


def query_words(query: str) -> list[str]:
    """The words of a query, normalised, without leading or trailing punctuation."""
    words = (_WORD_EDGES.sub("", word) for word in normalise(query).split())
    return [word for word in words if word][:20]


def _fallback_stem(word: str) -> str:
    # A plural's last letter: "cooperatives" finds "cooperative", "bureaux" finds "bureau".
    if len(word) > 4 and word.isalpha() and word[-1] in "sx":
        return word[:-1]
    return word


def search_vector(field: str) -> Any:
    """The PostgreSQL expression searched (and indexed, see the registry's migrations)."""
    from django.contrib.postgres.search import SearchVector

    first, *others = SEARCH_CONFIGS
    vector: Any = SearchVector(field, config=first)
    for config in others:
        vector = vector + SearchVector(field, config=config)
    return vector


def _search_query(words: list[str]) -> Any:
    """The PostgreSQL query of ``words``, in every configuration (a word may be Dutch)."""
    from django.contrib.postgres.search import SearchQuery

    text = " ".join(words)
    first, *others = SEARCH_CONFIGS
    search_query: Any = SearchQuery(text, config=first, search_type="websearch")
    for config in others:
        search_query = search_query | SearchQuery(text, config=config, search_type="websearch")
    return search_query


def search_filter[Q_S: QuerySet](queryset: Q_S, query: str, *, field: str = "search_text") -> Q_S:
    """``queryset`` narrowed to the rows whose ``field`` matches every word of ``query``."""
    words = query_words(query)
    if not words:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        return queryset.alias(_search_vector=search_vector(field)).filter(_search_vector=_search_query(words))
    condition = Q()
    for word in words:
        condition &= Q(**{f"{field}__contains": _fallback_stem(word)})
    return queryset.filter(condition)


def with_relevance[Q_S: QuerySet](queryset: Q_S, query: str, *, field: str = "search_text") -> Q_S:
    """``queryset`` annotated with ``relevance``, higher for a better match of ``query``.

    PostgreSQL ranks with ``ts_rank`` on the same vectors the search matches (French and
    Dutch stems: how often the words occur, against the text's length). SQLite's
    documented equivalent counts how often each query word (its plural dropped, as the
    search does) occurs in the folded text, divided by the text's length in hundreds of
    characters plus one — a short title that names the words twice outranks a long text
    that names them once. Both keep the query to one statement: ordering by relevance
    costs no query."""
    from django.db.models import FloatField, Value
    from django.db.models.functions import Cast, Length, Replace

    words = query_words(query)
    if not words:
        return queryset.annotate(relevance=Value(0.0, output_field=FloatField()))
    if connections[queryset.db].vendor == "postgresql":
        from django.contrib.postgres.search import SearchRank

        # ts_rank is a real (float4), which the driver reads through its shortest text: cast
        # to a double, the value read back is exactly the one compared, so a keyset page
        # after a tie in relevance finds the rows equal to it (cairn.core.pagination).
        rank = SearchRank(search_vector(field), _search_query(words), normalization=1)
        return queryset.annotate(relevance=Cast(rank, FloatField()))
    occurrences: Any = Value(0.0, output_field=FloatField())
    for word in words:
        stem = _fallback_stem(word)
        found = Length(field) - Length(Replace(field, Value(stem), Value("")))
        occurrences = occurrences + Cast(found, FloatField()) / Value(float(len(stem)))
    length = Cast(Length(field), FloatField()) / Value(100.0) + Value(1.0)
    return queryset.annotate(relevance=occurrences / length)


class _EqualsAny(Lookup):
    """``lhs = ANY(rhs)``, ``rhs`` an array (``ArraySubquery``): PostgreSQL only."""

    lookup_name = "equals_any"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


def among_few(ids: QuerySet[Any], *, using: str | None = None, field: str = "pk") -> Q | Lookup:
    """Keep the rows whose ``field`` is one of ``ids`` (a one-column queryset), for a caller
    that knows ``ids`` are few next to the table (a search through a trigram index).

    ``field IN (subquery)`` lets PostgreSQL's planner hash the ids and scan every row the
    rest of the filter keeps — 90,000 public profiles for 2,600 named "marie" at the large
    scale, 67 ms. ``field = ANY(ARRAY(subquery))`` computes the ids first and looks each up
    in the primary key's index: 20 ms. When most rows match (a one- or two-letter search)
    the scan is the faster plan, so the caller decides. SQLite keeps ``IN``. The database
    is the one ``ids`` reads (``using`` to name another)."""
    if connections[using or ids.db].vendor != "postgresql":
        return Q(**{f"{field}__in": ids})
    from django.contrib.postgres.expressions import ArraySubquery

    return _EqualsAny(F(field), ArraySubquery(ids))
