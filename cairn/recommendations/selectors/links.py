"""What the staff page of a recommendation's links to other cycles reads."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from cairn.core.search import search_filter
from cairn.recommendations.models import Recommendation, RecommendationLink

#: How many recommendations the search picker offers at once.
CANDIDATES_SHOWN = 20


@dataclass
class LinkShown:
    link: RecommendationLink
    other: Recommendation
    outgoing: bool  # True: this recommendation is the link's source


def links_of(recommendation: Recommendation) -> list[LinkShown]:
    """The recommendation's links, both directions, each with the other recommendation and
    its cycle (one query)."""
    links = (
        RecommendationLink.objects.filter(Q(source=recommendation) | Q(target=recommendation))
        .select_related("source__cycle", "target__cycle")
        .order_by("pk")
    )
    return [
        LinkShown(link, link.target if link.source_id == recommendation.pk else link.source, link.source_id == recommendation.pk)
        for link in links
    ]


def link_candidates(recommendation: Recommendation, query: str) -> list[Recommendation]:
    """Recommendations of other cycles matching ``query`` (the registry's search), not linked
    to this one yet; none without a query (one query)."""
    if not query.strip():
        return []
    others = Recommendation.objects.exclude(cycle_id=recommendation.cycle_id).exclude(
        Q(links_out__target=recommendation) | Q(links_in__source=recommendation)
    )
    return list(search_filter(others, query).select_related("cycle", "theme").order_by("-cycle__starts_on", "position")[:CANDIDATES_SHOWN])
