"""Saved answers: the coordination team writes them on its own pages (list, new, edit with
the stale-edit check, delete, all audited), and the answer form inserts one in the
conversation's language without JavaScript."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.tests.helpers import make_user
from cairn.core.editing import STALE_EDIT_MESSAGE
from cairn.core.models import AuditEntry
from cairn.inbox.factories import ConversationFactory, SavedAnswerFactory
from cairn.inbox.models import Message, SavedAnswer

pytestmark = pytest.mark.django_db

LIST = "/fr/gestion/questions/reponses-types/"


@pytest.fixture
def client() -> Client:
    client = Client()
    client.force_login(make_user("coordination"))
    return client


def test_the_team_writes_a_saved_answer_in_three_languages(client: Client) -> None:
    for language, body in [("fr", "Merci pour votre message."), ("nl", "Bedankt voor uw bericht."), ("en", "Thank you.")]:
        response = client.post(f"{LIST}nouvelle/", {"title": "Merci", "language": language, "body": body})
        assert response.status_code == 302
    page = client.get(LIST).content.decode()
    assert page.count("Merci") >= 1 and 'lang="nl"' in page and 'lang="en"' in page
    assert SavedAnswer.objects.filter(title="Merci").count() == 3
    assert AuditEntry.objects.filter(action="create", changes__title__after="Merci").count() == 3


def test_the_same_title_twice_in_one_language_is_a_clear_error(client: Client) -> None:
    SavedAnswerFactory(title="Merci", language="fr")
    response = client.post(f"{LIST}nouvelle/", {"title": "Merci", "language": "fr", "body": "Encore"})
    assert response.status_code == 400
    assert "existe déjà" in response.content.decode()
    assert SavedAnswer.objects.filter(title="Merci").count() == 1


def test_empty_and_oversized_texts_are_refused(client: Client) -> None:
    response = client.post(f"{LIST}nouvelle/", {"title": "", "language": "xx", "body": "x" * 20_001})
    assert response.status_code == 400
    assert not SavedAnswer.objects.exists()


def test_an_edit_is_saved_and_audited(client: Client) -> None:
    answer = SavedAnswerFactory(title="Merci", language="fr", body="Ancien")
    form = client.get(f"{LIST}{answer.pk}/").context["form"]
    response = client.post(
        f"{LIST}{answer.pk}/", {"title": "Merci", "language": "fr", "body": "Nouveau", "version": form["version"].value()}
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.body == "Nouveau"
    assert AuditEntry.objects.filter(action="update", object_id=str(answer.pk), changes__body__after="Nouveau").exists()


def test_a_stale_edit_is_refused_and_writes_nothing(client: Client) -> None:
    answer = SavedAnswerFactory(title="Merci", language="fr", body="Ancien")
    version = client.get(f"{LIST}{answer.pk}/").context["form"]["version"].value()
    # Someone else saves in between.
    client.post(f"{LIST}{answer.pk}/", {"title": "Merci", "language": "fr", "body": "Autre", "version": version})
    response = client.post(f"{LIST}{answer.pk}/", {"title": "Merci", "language": "fr", "body": "Mien", "version": version})
    assert response.status_code == 400
    assert str(STALE_EDIT_MESSAGE)[:40] in response.content.decode().replace("&#x27;", "’")
    answer.refresh_from_db()
    assert answer.body == "Autre"


def test_delete_asks_then_deletes(client: Client) -> None:
    answer = SavedAnswerFactory(title="Merci", language="fr")
    assert client.get(f"{LIST}{answer.pk}/supprimer/").status_code == 200
    assert SavedAnswer.objects.filter(pk=answer.pk).exists()
    assert client.post(f"{LIST}{answer.pk}/supprimer/").status_code == 302
    assert not SavedAnswer.objects.filter(pk=answer.pk).exists()
    assert AuditEntry.objects.filter(action="delete", object_id=str(answer.pk)).exists()
    assert client.get(f"{LIST}{answer.pk}/").status_code == 404


def test_the_answer_form_inserts_a_saved_answer_in_the_conversations_language(client: Client) -> None:
    conversation = ConversationFactory(language="nl")
    dutch = SavedAnswerFactory(title="Bedankt", language="nl", body="Bedankt voor uw bericht.")
    french = SavedAnswerFactory(title="Merci beaucoup", language="fr", body="Merci pour votre message.")
    page = client.get(f"/fr/gestion/questions/{conversation.reference}/").content.decode()
    assert "Bedankt" in page and french.title not in page
    response = client.post(f"/fr/gestion/questions/{conversation.reference}/answer/", {"body": "Beste,", "saved": dutch.pk, "insert": "1"})
    assert response.status_code == 200
    assert response.context["answer_form"]["body"].value() == "Beste,\n\nBedankt voor uw bericht."
    assert not Message.objects.filter(conversation=conversation).exists()  # nothing sent
    # A saved answer in another language is not offered, and is refused if forced.
    response = client.post(f"/fr/gestion/questions/{conversation.reference}/answer/", {"body": "", "saved": french.pk, "insert": "1"})
    assert response.status_code == 400
    assert not Message.objects.filter(conversation=conversation).exists()
