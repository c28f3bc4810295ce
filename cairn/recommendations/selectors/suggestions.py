"""What the link suggestions read: every recommendation as the similarity index needs it,
and the pending suggestions of one recommendation."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Exists, OuterRef, Q

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


#: The preview compares at most this many of an import's new recommendations with the
#: registry: a few seconds of its request. A larger file (a whole registry moved from
#: another tool) says how many were left out; they are compared after the import, in the
#: background, like every new recommendation (``tasks.refresh_link_suggestions``).
RESEMBLANCES_COMPARED = 500


def flag_resemblances(plan: Any) -> None:
    """Mark each recommendation an import would create with the existing recommendations of
    other cycles it resembles (``RecommendationPlan.resembles``), for the preview: the
    first ``RESEMBLANCES_COMPARED``, the number of the others in ``plan.resemblances_left``."""
    from cairn.recommendations.similarity import resembling

    new = [r for r in plan.to_create if r.kind == "recommendation"]
    plan.resemblances_left = max(0, len(new) - RESEMBLANCES_COMPARED)
    new = new[:RESEMBLANCES_COMPARED]
    if not new:
        return
    texts = [
        Text(-n, r.theme.cycle.instance.pk if r.theme.cycle.instance else -1, ((r.language or "fr", f"{r.title}. {r.title}. {r.text}"),))
        for n, r in enumerate(new, start=1)
    ]
    found = resembling(similarity_texts(), texts)
    keys = {key for matches in found for key, _score in matches}
    known = {
        pk: (reference, title)
        for pk, reference, title in Recommendation.objects.filter(pk__in=keys).values_list("pk", "reference", "title")
    }
    for rec_plan, matches in zip(new, found, strict=True):
        rec_plan.resembles = [(*known[key], score) for key, score in matches if key in known]


def untranslated(language: str) -> Any:
    """The recommendations written in another language than ``language`` that carry no
    translation into it, in the registry's order, with cycle and theme (for a paginated list)."""
    has = RecommendationTranslation.objects.filter(recommendation=OuterRef("pk"), language=language)
    return Recommendation.objects.exclude(language=language).filter(~Exists(has)).select_related("cycle", "theme").in_chronological_order()


def translation_counts() -> dict[str, int]:
    """How many recommendations still lack a translation, per language (one query)."""
    from django.db.models import Count

    def missing(language: str) -> Count:
        has = RecommendationTranslation.objects.filter(recommendation=OuterRef("pk"), language=language)
        return Count("pk", filter=Q(~Q(language=language), ~Exists(has)))

    return dict(Recommendation.objects.aggregate(**{language: missing(language) for language in ("fr", "nl", "en")}))


def translations_of(recommendation: Recommendation) -> list[RecommendationTranslation]:
    """The recommendation's translations (one query)."""
    return list(RecommendationTranslation.objects.filter(recommendation=recommendation).order_by("language"))
