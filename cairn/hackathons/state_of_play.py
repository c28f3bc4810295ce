"""The hackathons in the state of play: the recommendations they address, by broad theme
(the ``state_of_play_sections`` hook), and the stamp the cached page is keyed on."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max

from cairn.core.stamps import stamp
from cairn.hackathons.models import Answer, Phase, Question, QuestionStatus, Team
from cairn.recommendations.models import Recommendation


@stamp("hackathon-questions")
def questions_stamp() -> tuple[Any, ...]:
    """What changes when a question is added, chosen or relinked, or a hackathon changes phase
    (one query): part of the cache key of the state of play, which counts them."""
    row = Question.objects.aggregate(
        n=Count("pk", distinct=True), latest=Max("updated_at"), links=Count("recommendations"), phases=Max("hackathon__updated_at")
    )
    return (row["n"], str(row["latest"]), row["links"], str(row["phases"]))


@stamp("hackathon-teams")
def teams_stamp() -> tuple[Any, ...]:
    """What changes when a team is formed or changed (its answer chosen, its project given) or
    an answer is written or edited (one query)."""
    teams = Team.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    answers = Answer.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    return (teams["n"], str(teams["latest"]), answers["n"], str(answers["latest"]))


def chain_stamp() -> tuple[Any, ...]:
    """The stamp of what hackathons add to a recommendation's and a project's page: the
    questions and their hackathons, the teams and their answers, the projects the teams
    became and the recommendations the questions draw on."""
    from cairn.projects.stamps import projects_stamp
    from cairn.recommendations.selectors.registry import registry_stamp

    return (*questions_stamp(), *teams_stamp(), *projects_stamp(), *registry_stamp())


def state_of_play_hackathons(categories: list[tuple[str, str]], viewer: Any) -> list[dict[str, Any]]:
    """The state of play's recommendations addressed by a hackathon, by broad theme
    (``state_of_play_sections``): for each broad theme, the public recommendations a selected
    question of a published hackathon draws on, and how many hackathons. Public, plain
    values, one query."""
    del viewer
    published = [phase for phase in Phase.values if phase != Phase.DRAFT]
    rows = {
        row["theme__category__slug"]: row
        for row in Recommendation.objects.public()
        .filter(hackathon_questions__status=QuestionStatus.SELECTED, hackathon_questions__hackathon__phase__in=published)
        .values("theme__category__slug")
        .annotate(recommendations=Count("pk", distinct=True), hackathons=Count("hackathon_questions__hackathon", distinct=True))
    }
    return [
        {"label": label, "hackathons": rows[slug]["hackathons"], "recommendations": rows[slug]["recommendations"]}
        for slug, label in categories
        if slug in rows
    ]
