"""The experiments in the state of play: the groups formed on recommendations, by broad
theme (the ``state_of_play_sections`` hook), and the stamp the cached page is keyed on."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max

from cairn.core.stamps import stamp
from cairn.experiments.models import Group
from cairn.recommendations.models import Recommendation


@stamp("experiment-groups")
def groups_stamp() -> tuple[Any, ...]:
    """What changes when a group is formed or changes, or a topic's recommendations do (one
    query): part of the cache key of the state of play, which counts experiments."""
    row = Group.objects.aggregate(n=Count("pk", distinct=True), latest=Max("updated_at"), links=Count("topic__recommendations"))
    return (row["n"], str(row["latest"]), row["links"])


def state_of_play_experiments(categories: list[tuple[str, str]], viewer: Any) -> list[dict[str, Any]]:
    """The state of play's count of experiments by broad theme (``state_of_play_sections``):
    for each broad theme, the experiment groups formed on its public recommendations and how
    many of those recommendations they act on. Public, plain values, one query."""
    del viewer
    rows = {
        row["theme__category__slug"]: row
        for row in Recommendation.objects.public()
        .filter(experiment_topics__groups__isnull=False)
        .values("theme__category__slug")
        .annotate(recommendations=Count("pk", distinct=True), groups=Count("experiment_topics__groups", distinct=True))
    }
    return [
        {"label": label, "groups": rows[slug]["groups"], "recommendations": rows[slug]["recommendations"]}
        for slug, label in categories
        if slug in rows
    ]
