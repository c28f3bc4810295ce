"""Organisers write a hackathon question's Dutch and English versions; readers see their
language, or the French original marked as such."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.tests.helpers import make_user
from cairn.hackathons.models import Question
from cairn.hackathons.tests.helpers import new_hackathon

pytestmark = pytest.mark.django_db


def _form(question: Question, **changes: str) -> dict[str, object]:
    data: dict[str, object] = {"title": question.title, "recommendations": [r.pk for r in question.recommendations.all()]}
    data.update(changes)
    return data


def test_an_organiser_writes_the_dutch_version_and_readers_see_their_language(client: Client) -> None:
    organiser = make_user("coordination")
    hackathon = new_hackathon(organiser, questions=1)
    question = hackathon.questions.get()
    client.force_login(organiser)
    url = f"/fr/hackathons/{hackathon.slug}/organisation/questions/{question.pk}/modifier/"
    assert 'name="title_nl"' in client.get(url).text

    response = client.post(url, _form(question, title_nl="Hoe maken we vraag 0 concreet?", context_nl="Een **context**."))

    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.title, question.title_nl, question.context_nl) == (
        "Comment rendre la question 0 concrète ?",
        "Hoe maken we vraag 0 concreet?",
        "Een **context**.",
    )
    page = f"/{{}}/hackathons/{hackathon.slug}/questions/{question.pk}/"
    assert "<h1>Hoe maken we vraag 0 concreet?</h1>" in client.get(page.format("nl")).text
    english = client.get(page.format("en")).text
    assert '<h1><span lang="fr">Comment rendre la question 0 concrète ?</span> <small class="muted">(in French)</small></h1>' in english


def test_a_translation_longer_than_the_question_is_refused_and_nothing_stored(client: Client) -> None:
    organiser = make_user("coordination")
    hackathon = new_hackathon(organiser, questions=1)
    question = hackathon.questions.get()
    client.force_login(organiser)

    response = client.post(
        f"/nl/hackathons/{hackathon.slug}/organisation/questions/{question.pk}/modifier/", _form(question, title_en="x" * 301)
    )

    assert response.status_code == 400
    assert "Zorg dat deze waarde niet meer dan 300 tekens bevat (het zijn er nu 301)." in response.text
    question.refresh_from_db()
    assert question.title_en == ""


def test_a_question_of_another_hackathon_answers_404(client: Client) -> None:
    organiser = make_user("coordination")
    hackathon, other = new_hackathon(organiser, questions=1), new_hackathon(organiser, questions=1)
    client.force_login(organiser)

    response = client.get(f"/fr/hackathons/{hackathon.slug}/organisation/questions/{other.questions.get().pk}/modifier/")

    assert response.status_code == 404
