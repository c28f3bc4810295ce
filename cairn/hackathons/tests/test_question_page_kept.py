"""A visitor's question page is kept under the stamps of what it shows (``views/public.py``,
``question_detail``): a question changed, a team's answer, the project it became, a linked
recommendation renamed and a sponsor who hides their profile all show on the next request.
Each step fails when the stamp of what it changes is left out of the key."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cairn.accounts.factories import UserFactory
from cairn.accounts.models import Department, Visibility
from cairn.hackathons.factories import TeamFactory
from cairn.hackathons.models import Answer, Question
from cairn.hackathons.services.questions import question_update
from cairn.hackathons.tests.helpers import new_hackathon
from cairn.projects.factories import ProjectFactory
from cairn.recommendations.services.recommendations import recommendation_update
from cairn.tests.page_snapshots import main_content

pytestmark = pytest.mark.django_db

#: A visitor's first request reads the stamps of the key — 1 the hackathons', then the
#: chain's: 2 the questions', 3–4 the teams' and answers', 5–6 the projects', 7 the
#: registry's — 8–9 the people's; then the page: 10 the hackathon, 11 the question with its
#: sponsor, 12 its recommendations, 13 the teams with answers and projects, 14 their members.
VISITOR_QUERIES = 14


def test_a_visitor_gets_the_kept_question_page_with_each_change_on_the_next_request(client: Client, django_assert_num_queries: Any) -> None:
    hackathon = new_hackathon()
    question = Question.objects.filter(hackathon=hackathon).order_by("pk").first()
    assert question is not None
    url = f"/fr/hackathons/{hackathon.slug}/questions/{question.pk}/"
    with django_assert_num_queries(VISITOR_QUERIES):
        first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        assert main_content(client.get(url)) == main_content(first)

    question_update(actor=None, question=question, title="Une question reformulée ?")
    assert "Une question reformulée ?" in client.get(url).text

    team = TeamFactory(question=question)
    Answer.objects.create(team=team, summary="Une réponse d’équipe", answer="…", plan="…")
    assert "Une réponse d’équipe" in client.get(url).text

    team.project = ProjectFactory(title="Le projet de l’équipe")
    team.save()
    assert "Le projet de l’équipe" in client.get(url).text

    recommendation = question.recommendations.get()
    recommendation_update(actor=None, recommendation=recommendation, title="Recommandation renommée")
    assert "Recommandation renommée" in client.get(url).text

    sponsor = UserFactory(profile__display_name="Noa Marraine", profile__visibility=Visibility.PUBLIC)
    department = Department.objects.create(code="rh", name_fr="Ressources humaines")
    question_update(actor=None, question=question, sponsor=sponsor, sponsor_department=department)
    assert "Noa Marraine" in client.get(url).text
    sponsor.profile.visibility = Visibility.MEMBERS
    sponsor.profile.save()
    assert "Noa Marraine" not in client.get(url).text
