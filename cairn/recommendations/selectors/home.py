"""The registry's headline figures on the home page (``home_figures`` hook): the public
recommendations and their completion rate, with its counts (``cairn.recommendations.rates``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cairn.recommendations.models import Recommendation
from cairn.recommendations.rates import StatusCounts, percent, rate


def public_count() -> int:
    return Recommendation.objects.public().count()


def public_completion() -> tuple[int, int]:
    """(done, assessed) among the public recommendations: one grouped query."""
    counts = StatusCounts.of_queryset(Recommendation.objects.public().with_status())
    return counts.by_status["done"], counts.assessed


def completion_shown(value: tuple[int, int]) -> str:
    done, assessed = value
    return percent(rate(done, assessed))


def completion_label(value: tuple[int, int]) -> str:
    done, assessed = value
    return _("des recommandations évaluées sont réalisées (%(done)s sur %(assessed)s)") % {"done": done, "assessed": assessed}
