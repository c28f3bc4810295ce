"""The FAQ: answered questions published anonymised, with consent, in French and Dutch,
by broad theme, searchable."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.tests.helpers import make_user
from cairn.inbox.factories import ConversationFactory, FaqEntryFactory, MessageFactory
from cairn.inbox.models import FaqEntry, MessageKind
from cairn.recommendations.factories import ThemeCategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team() -> Client:
    client = Client()
    client.force_login(make_user("coordination"))
    return client


def answered(**kwargs: object):
    conversation = ConversationFactory(subject="Marie Dupont demande : quand commencent les groupes ?", **kwargs)
    MessageFactory(conversation=conversation, body="Je suis Marie Dupont, de Liège.")
    MessageFactory(conversation=conversation, kind=MessageKind.ANSWER, author=None, body="Les groupes commencent en novembre.")
    return conversation


def test_without_consent_nothing_is_drafted(team: Client) -> None:
    conversation = answered()
    response = team.post(f"/fr/gestion/questions/{conversation.reference}/faq/")
    assert "n’a pas accepté que sa question soit publiée" in team.get(response["Location"]).content.decode()
    assert FaqEntry.objects.count() == 0


def test_a_consenting_answered_question_is_rewritten_then_published_in_both_languages(team: Client) -> None:
    conversation = answered(consent_publish=True)
    topic = ThemeCategoryFactory(name_fr="Vie coopérative", name_nl="Coöperatief leven")
    response = team.post(f"/fr/gestion/questions/{conversation.reference}/faq/")
    entry = FaqEntry.objects.get()
    assert response["Location"] == f"/fr/gestion/questions/frequentes/{entry.pk}/"
    assert (entry.published_at, entry.answer_fr) == (None, "Les groupes commencent en novembre.")
    assert "Marie" not in Client().get("/fr/questions/frequentes/").content.decode()  # a draft is not public

    texts = {
        "topic": topic.pk,
        "question_fr": "Quand commencent les groupes de travail ?",
        "answer_fr": "En novembre, après l’assemblée générale.",
        "question_nl": "",
        "answer_nl": "",
        "publish": "on",
    }
    refused = team.post(f"/fr/gestion/questions/frequentes/{entry.pk}/", texts)
    assert refused.status_code == 400 and "en néerlandais avant de publier" in refused.content.decode()
    entry.refresh_from_db()
    assert entry.published_at is None
    texts |= {"question_nl": "Wanneer starten de werkgroepen?", "answer_nl": "In november, na de algemene vergadering."}
    assert team.post(f"/fr/gestion/questions/frequentes/{entry.pk}/", texts).status_code == 302
    entry.refresh_from_db()
    assert entry.published_at is not None

    french = Client().get("/fr/questions/frequentes/").content.decode()
    assert "Vie coopérative" in french and "Quand commencent les groupes de travail ?" in french and "Marie" not in french
    dutch = Client().get("/nl/questions/frequentes/").content.decode()
    assert "Coöperatief leven" in dutch and "Wanneer starten de werkgroepen?" in dutch


def test_the_faq_is_searchable_ignoring_accents_and_case() -> None:
    FaqEntryFactory()
    FaqEntryFactory(
        question_fr="Où trouver l’état des lieux ?", answer_fr="Sur Cairn.", search_text="ou trouver l'etat des lieux sur cairn"
    )
    page = Client().get("/fr/questions/frequentes/?q=ÉTAT").content.decode()
    assert "Où trouver l’état des lieux ?" in page and "rejoindre un groupe" not in page
    assert "Aucune question ne correspond" in Client().get("/fr/questions/frequentes/?q=zzzz").content.decode()
    unpublished = FaqEntryFactory(question_fr="Brouillon secret", published_at=None)
    assert unpublished.question_fr not in Client().get("/fr/questions/frequentes/").content.decode()


def test_english_readers_read_english_when_written_otherwise_french_marked_so() -> None:
    FaqEntryFactory(
        question_fr="Quand a lieu l’assemblée ?",
        answer_fr="En juin.",
        question_en="When is the general assembly?",
        answer_en="In June.",
    )
    FaqEntryFactory(question_fr="Comment rejoindre un groupe ?", answer_fr="Par la page des appels.")
    english = Client().get("/en/questions/frequentes/").content.decode()
    assert "When is the general assembly?" in english and "Quand a lieu l’assemblée ?" not in english
    # The entry without English is shown in French, marked with its language, never silently.
    french_entry = english.split("Comment rejoindre un groupe ?")[0].rsplit("<details", 1)[1]
    assert 'lang="fr"' in french_entry
    english_entry = english.split("When is the general assembly?")[0].rsplit("<details", 1)[1]
    assert "lang=" not in english_entry
    # French readers never see the English text.
    assert "When is the general assembly?" not in Client().get("/fr/questions/frequentes/").content.decode()


def test_english_needs_both_the_question_and_the_answer(team: Client) -> None:
    entry = FaqEntryFactory(published_at=None)
    texts = {
        "question_fr": entry.question_fr,
        "answer_fr": entry.answer_fr,
        "question_nl": "Vraag?",
        "answer_nl": "Antwoord.",
        "question_en": "Question?",
        "answer_en": "",
        "publish": "on",
    }
    refused = team.post(f"/fr/gestion/questions/frequentes/{entry.pk}/", texts)
    assert refused.status_code == 400 and "en anglais, ou laissez les deux vides" in refused.content.decode()
    texts["answer_en"] = "Answer."
    assert team.post(f"/fr/gestion/questions/frequentes/{entry.pk}/", texts).status_code == 302
    entry.refresh_from_db()
    assert (entry.question_en, entry.answer_en) == ("Question?", "Answer.") and "answer" in entry.search_text
