"""Hackathons in the state of play: the public recommendations a selected question of a
published hackathon draws on, by broad theme, in one query; the section's stamp changes
when a question does, so the cached state of play follows."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cairn.hackathons.factories import HackathonFactory, QuestionFactory
from cairn.hackathons.models import Phase, QuestionStatus
from cairn.hackathons.state_of_play import questions_stamp, state_of_play_hackathons
from cairn.recommendations.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def test_the_state_of_play_counts_recommendations_addressed_by_a_hackathon(client: Client, django_assert_num_queries: Any) -> None:
    recommendation = RecommendationFactory()
    category = recommendation.theme.category
    internal = RecommendationFactory(is_internal=True, theme=recommendation.theme)
    proposed_only = RecommendationFactory(theme=recommendation.theme)
    in_draft = RecommendationFactory(theme=recommendation.theme)
    running = HackathonFactory(phase=Phase.RUNNING)
    QuestionFactory(hackathon=running, recommendations=[recommendation, internal])
    QuestionFactory(hackathon=HackathonFactory(phase=Phase.RESULTS), recommendations=[recommendation])
    QuestionFactory(hackathon=running, recommendations=[proposed_only], status=QuestionStatus.PROPOSED)
    QuestionFactory(hackathon=HackathonFactory(phase=Phase.DRAFT), recommendations=[in_draft])
    with django_assert_num_queries(1):
        rows = state_of_play_hackathons([(category.slug, category.name), ("vide", "Vide")], None)
    assert rows == [{"label": category.name, "hackathons": 2, "recommendations": 1}]
    body = client.get("/fr/etat-des-lieux/").content.decode()
    assert "Recommandations traitées par un hackathon, par grande thématique" in body


def test_the_stamp_changes_with_the_questions() -> None:
    before = questions_stamp()
    question = QuestionFactory(hackathon=HackathonFactory(phase=Phase.RUNNING), recommendations=[RecommendationFactory()])
    added = questions_stamp()
    assert added != before
    question.recommendations.add(RecommendationFactory())
    assert questions_stamp() != added
