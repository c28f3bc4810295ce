"""What the link suggestions read: every recommendation as the similarity index needs it,
and the pending suggestions of one recommendation."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q

from cairn.recommendations.models import LinkSuggestion, Recommendation, RecommendationTranslation, SuggestionState
from cairn.recommendations.similarity import Text


def similarity_texts() -> list[Text]:
    """Every recommendation's title (twice: it weighs more) and text, with its translations
    (two queries, whatever the number)."""
    translations: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for rec_id, language, title, text in RecommendationTranslation.objects.values_list("recommendation_id", "language", "title", "text"):
        translations[rec_id].append((language, f"{title}. {title}. {text}"))
    rows = Recommendation.objects.order_by("pk").values_list("pk", "cycle_id", "language", "title", "text")
    return [
        Text(pk, cycle_id, ((language, f"{title}. {title}. {text}"), *translations.get(pk, [])))
        for pk, cycle_id, language, title, text in rows
    ]


def pending_suggestions(recommendation: Recommendation) -> list[tuple[LinkSuggestion, Recommendation]]:
    """The suggestions staff have not decided yet for ``recommendation``, best first, each
    with the other recommendation and its cycle (one query)."""
    suggestions = (
        LinkSuggestion.objects.filter(Q(first=recommendation) | Q(second=recommendation), state=SuggestionState.PENDING)
        .select_related("first__cycle", "second__cycle")
        .order_by("-score", "pk")
    )
    return [(s, s.second if s.first_id == recommendation.pk else s.first) for s in suggestions]
