"""A conversation's page is kept (``cairn.core.stamps``) per conversation, person and roles
under the stamps of the inbox, of the exchanges and of the people: a note, an answer sent,
a saved answer written shows on the next request; its forms post with the reader's own
CSRF token; no one is served another's page, and who may not handle it still gets 404.
The empty question form, kept per audience and item, is here too."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.tests.helpers import form_token, make_user, signed_in
from cairn.inbox.factories import ConversationFactory, MessageFactory, SavedAnswerFactory
from cairn.inbox.models import Message, MessageKind
from cairn.inbox.services import triage

pytestmark = pytest.mark.django_db


def page(client: Client, conversation: object) -> str:
    response = client.get(f"/fr/gestion/questions/{conversation.reference}/")  # type: ignore[attr-defined]
    assert response.status_code == 200
    return response.text


def test_a_note_posted_through_the_kept_page_shows_on_the_next_request() -> None:
    coordinator = make_user("coordination")
    conversation = ConversationFactory()
    MessageFactory(conversation=conversation, body="Bonjour, une question sur les ateliers.")
    client = signed_in(coordinator, csrf=True)
    page(client, conversation)
    kept = page(client, conversation)  # served from the keep
    assert "Une note pour l’équipe" not in kept
    token = form_token(kept, after=f'action="/fr/gestion/questions/{conversation.reference}/note/"')

    response = client.post(
        f"/fr/gestion/questions/{conversation.reference}/note/",
        {"csrfmiddlewaretoken": token, "body": "Une note pour l’équipe"},
    )

    assert response.status_code == 302
    assert Message.objects.filter(conversation=conversation, kind=MessageKind.NOTE).count() == 1
    assert "Une note pour l’équipe" in page(client, conversation)


def test_an_answer_sent_shows_as_sent_on_the_next_request() -> None:
    """The worker claims the answer with ``update()`` (no signal): the service forgets the
    exchanges' stamp itself."""
    coordinator = make_user("coordination")
    conversation = ConversationFactory()
    client = signed_in(coordinator)
    answer = triage.conversation_answer(conversation=conversation, actor=coordinator, body="Voici notre réponse.")
    assert "en cours d’envoi" in page(client, conversation)
    assert "en cours d’envoi" in page(client, conversation)  # kept

    assert triage.answer_send(message_id=answer.pk)

    shown = page(client, conversation)
    assert "envoyée par e-mail" in shown
    assert "en cours d’envoi" not in shown


def test_a_saved_answer_written_joins_the_answer_form_on_the_next_request() -> None:
    client = signed_in(make_user("coordination"))
    conversation = ConversationFactory(language="fr")
    SavedAnswerFactory(title="Horaires des ateliers", language="fr")
    assert "Horaires des ateliers" in page(client, conversation)
    assert "Inscriptions closes" not in page(client, conversation)

    SavedAnswerFactory(title="Inscriptions closes", language="fr")

    assert "Inscriptions closes" in page(client, conversation)


def test_each_reader_gets_their_own_page_and_others_still_get_404() -> None:
    """The coordination team's page has the forms only the team uses (assign, merge); the
    facilitator it is assigned to gets the page without them, from the same address; a
    facilitator it is not assigned to gets 404 however kept the page is."""
    coordinator, facilitator, other = make_user("coordination"), make_user("facilitator"), make_user("facilitator")
    conversation = ConversationFactory(assignee=facilitator)
    team, assignee, outsider = signed_in(coordinator), signed_in(facilitator), signed_in(other)

    for _twice in range(2):
        assert "Fusionner comme doublon" in page(team, conversation)
        assert "Fusionner comme doublon" not in page(assignee, conversation)
        assert "Envoyer la réponse" in page(assignee, conversation)
        assert outsider.get(f"/fr/gestion/questions/{conversation.reference}/").status_code == 404

    triage.conversation_assign(conversation=conversation, actor=coordinator, assignee=other)

    assert outsider.get(f"/fr/gestion/questions/{conversation.reference}/").status_code == 200
    assert assignee.get(f"/fr/gestion/questions/{conversation.reference}/").status_code == 404


def test_a_form_sent_back_with_its_errors_is_not_kept() -> None:
    client = signed_in(make_user("coordination"))
    conversation = ConversationFactory()
    page(client, conversation)

    response = client.post(f"/fr/gestion/questions/{conversation.reference}/note/", {"body": ""})

    assert response.status_code == 400
    assert "Ce champ est obligatoire" in response.text
    assert "Ce champ est obligatoire" not in page(client, conversation)


def test_the_kept_question_form_is_per_audience_and_item_and_posts_with_the_reader_s_token() -> None:
    """The empty form is kept per address, audience (a visitor gives an address, a member
    does not) and item: a member who posts it from the kept HTML is heard."""
    from cairn.inbox.models import Conversation
    from cairn.projects.factories import ProjectFactory

    project = ProjectFactory()
    first, second = signed_in(make_user("member"), csrf=True), signed_in(make_user("member"), csrf=True)
    visitor = Client()
    for _twice in range(2):
        assert 'name="email"' in visitor.get("/fr/questions/").text
        assert 'name="email"' not in first.get("/fr/questions/").text
        assert f'value="project:{project.pk}"' in first.get(f"/fr/questions/?sujet=project:{project.pk}").text
        assert f'value="project:{project.pk}"' not in first.get("/fr/questions/").text
    token = form_token(second.get("/fr/questions/").text, after='action="/fr/questions/"')

    response = second.post(
        "/fr/questions/",
        {
            "csrfmiddlewaretoken": token,
            "kind": "question",
            "subject": "Horaires",
            "body": "Quand ont lieu les ateliers ?",
            "language": "fr",
            "consent_answer": "on",
        },
    )

    assert response.status_code == 302
    assert Conversation.objects.filter(subject="Horaires").exists()
