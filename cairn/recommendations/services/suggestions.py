"""Link suggestions between cycles: computed in the background, incrementally, then
confirmed (a link) or dismissed (never suggested again) by staff."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from cairn.core.audit import record_change
from cairn.recommendations.models import LinkSuggestion, Recommendation, RecommendationLink, SuggestionState
from cairn.recommendations.selectors.suggestions import similarity_texts
from cairn.recommendations.services.recommendations import recommendation_link_add
from cairn.recommendations.similarity import SimilarityIndex


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def suggestions_refresh(*, recommendation_ids: Iterable[int] | None = None) -> int:
    """Suggest, for each of ``recommendation_ids`` (every recommendation when None), the
    recommendations of other cycles it most resembles. A pair already linked, confirmed or
    dismissed is never suggested again; the pending suggestions of those recommendations
    that no longer hold are dropped. Returns how many suggestions were added."""
    index = SimilarityIndex(similarity_texts())
    keys = list(recommendation_ids) if recommendation_ids is not None else list(index.position)
    found = index.neighbours(keys)
    with transaction.atomic():
        decided = {
            _pair(first, second)
            for first, second in LinkSuggestion.objects.exclude(state=SuggestionState.PENDING).values_list("first_id", "second_id")
        }
        linked = {_pair(source, target) for source, target in RecommendationLink.objects.values_list("source_id", "target_id")}
        wanted = {
            _pair(key, other): score
            for key, others in found.items()
            for other, score in others
            if _pair(key, other) not in decided | linked
        }
        pending = LinkSuggestion.objects.filter(Q(first_id__in=keys) | Q(second_id__in=keys), state=SuggestionState.PENDING)
        stale = [s.pk for s in pending if (s.first_id, s.second_id) not in wanted]
        if stale:
            LinkSuggestion.objects.filter(pk__in=stale).delete()
        existing = set(LinkSuggestion.objects.filter(Q(first_id__in=keys) | Q(second_id__in=keys)).values_list("first_id", "second_id"))
        new = [LinkSuggestion(first_id=a, second_id=b, score=score) for (a, b), score in wanted.items() if (a, b) not in existing]
        LinkSuggestion.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def suggestions_refresh_later(recommendation_ids: Iterable[int]) -> None:
    """Queue ``suggestions_refresh`` for these recommendations once the transaction commits."""
    from cairn.recommendations.tasks import refresh_link_suggestions

    ids = sorted(set(recommendation_ids))
    if ids:
        transaction.on_commit(lambda: refresh_link_suggestions.enqueue(recommendation_ids=ids))


def suggestion_confirm(*, actor: Any, suggestion: LinkSuggestion, recommendation: Recommendation, kind: str) -> Any:
    """Make a suggestion a link from ``recommendation`` (one of its two) to the other."""
    if recommendation.pk not in (suggestion.first_id, suggestion.second_id):
        raise ValidationError(_not_theirs())
    other = suggestion.second if suggestion.first_id == recommendation.pk else suggestion.first
    with transaction.atomic():
        link = recommendation_link_add(actor=actor, source=recommendation, target=other, kind=kind)
        LinkSuggestion.objects.filter(pk=suggestion.pk).update(state=SuggestionState.CONFIRMED)
    return link


def suggestion_dismiss(*, actor: Any, suggestion: LinkSuggestion, recommendation: Recommendation) -> None:
    """Dismiss a suggestion: the pair is never suggested again. Audited on ``recommendation``."""
    if recommendation.pk not in (suggestion.first_id, suggestion.second_id):
        raise ValidationError(_not_theirs())
    other = suggestion.second if suggestion.first_id == recommendation.pk else suggestion.first
    with transaction.atomic():
        LinkSuggestion.objects.filter(pk=suggestion.pk).update(state=SuggestionState.DISMISSED)
        record_change(actor=actor, instance=recommendation, action="suggestion_dismissed", after={"link": other.reference})


def _not_theirs() -> str:
    from django.utils.translation import gettext

    return gettext("Cette suggestion concerne une autre recommandation.")
