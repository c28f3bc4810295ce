"""Who reaches the hackathons' pages: their rows of the role × page matrix (the harness:
``cairn/accounts/tests/matrix.py``). A draft answers 404 to everyone but the coordination
team; the organisers' pages are the coordination team's and the hackathon's organisers'.
The admin (a superuser holds every permission) reaches a team's answer and the jury page,
but the services still refuse a score from someone outside the jury."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cairn.accounts.tests.matrix import PageMatrix
from cairn.hackathons.factories import HackathonFactory, QuestionFactory, TeamFactory
from cairn.hackathons.models import Phase
from cairn.hackathons.services.teams import team_file_add
from cairn.recommendations.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "hackathons": "/fr/hackathons/",
    "hackathon page": "/fr/hackathons/{hackathon}/",
    "draft hackathon": "/fr/hackathons/{draft}/",
    "api hackathon": "/api/v1/hackathons/{hackathon}",
    "api draft hackathon": "/api/v1/hackathons/{draft}",
    "question page": "/fr/hackathons/{hackathon}/questions/{question}/",
    "team page": "/fr/hackathons/{hackathon}/equipes/{team}/",
    "hackathon registration": "/fr/hackathons/{hackathon}/inscription/",
    "propose a question": "/fr/hackathons/{hackathon}/proposer/{recommendation}/",
    "team file": "/fr/hackathons/{hackathon}/equipes/{team}/fichiers/{team_file}/",
    "team answer": "/fr/hackathons/{hackathon}/equipes/{team}/reponse/",
    "jury scores": "/fr/hackathons/{hackathon}/jury/{team}/",
    "create hackathon": "/fr/hackathons/nouveau/",
    "hackathon organisation": "/fr/hackathons/{hackathon}/organisation/",
    "new hackathon question": "/fr/hackathons/{hackathon}/organisation/questions/nouvelle/",
    "question mentors": "/fr/hackathons/{hackathon}/organisation/questions/{question}/mentors/",
    "edit hackathon question": "/fr/hackathons/{hackathon}/organisation/questions/{question}/modifier/",
    "hackathon scores export": "/fr/hackathons/{hackathon}/organisation/notes.csv",
    "hackathon stories": "/fr/hackathons/{hackathon}/organisation/recits/",
    "draft hackathon stories": "/fr/hackathons/{draft}/organisation/recits/",
    "api hackathons": "/api/v1/hackathons/",
    "api question": "/api/v1/hackathons/{hackathon}/questions/{question}",
}

MATRIX = """
page                    | visitor | registered  | member      | facilitator | coordination | department_lead | admin
hackathons              | 200     | 200         | 200         | 200         | 200          | 200             | 200
hackathon page          | 200     | 200         | 200         | 200         | 200          | 200             | 200
draft hackathon         | 404     | 404         | 404         | 404         | 200          | 404             | 200
api hackathon           | 200     | 200         | 200         | 200         | 200          | 200             | 200
api draft hackathon     | 404     | 404         | 404         | 404         | 200          | 404             | 200
question page           | 200     | 200         | 200         | 200         | 200          | 200             | 200
team page               | 200     | 200         | 200         | 200         | 200          | 200             | 200
hackathon registration  | login   | member-only | 200         | 200         | 200          | 200             | 200
propose a question      | login   | member-only | 200         | 200         | 200          | 200             | 200
team file               | 404     | 404         | 404         | 404         | 200          | 404             | 200
team answer             | login   | member-only | 403         | 403         | 403          | 403             | 200
jury scores             | login   | 403         | 403         | 403         | 403          | 403             | 200
create hackathon        | login   | 403         | 403         | 403         | 200          | 403             | 200
hackathon organisation  | login   | 403         | 403         | 403         | 200          | 403             | 200
new hackathon question  | login   | 403         | 403         | 403         | 200          | 403             | 200
question mentors        | login   | 403         | 403         | 403         | 200          | 403             | 200
edit hackathon question | login   | 403         | 403         | 403         | 200          | 403             | 200
hackathon scores export | login   | 403         | 403         | 403         | 200          | 403             | 200
hackathon stories       | login   | 403         | 403         | 403         | 200          | 403             | 200
draft hackathon stories | login   | 404         | 404         | 404         | 200          | 404             | 200
api hackathons          | 200     | 200         | 200         | 200         | 200          | 200             | 200
api question            | 200     | 200         | 200         | 200         | 200          | 200             | 200
"""


def page_objects() -> dict[str, object]:
    hackathon = HackathonFactory(phase=Phase.REGISTRATION)
    question = QuestionFactory(hackathon=hackathon)
    team = TeamFactory(question=question, number=0)
    return {
        "hackathon": hackathon.slug,
        "draft": HackathonFactory(phase=Phase.DRAFT).slug,
        "question": question.pk,
        "team": team.pk,
        "team_file": team_file_add(actor=None, team=team, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4")).pk,
        "recommendation": RecommendationFactory().pk,
    }


PAGE_MATRIX = PageMatrix(PAGES, MATRIX, page_objects)


@pytest.mark.parametrize("page_name", PAGES)
def test_role_page_matrix(page_name: str) -> None:
    PAGE_MATRIX.check(page_name)
