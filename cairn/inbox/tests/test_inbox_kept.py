"""The inbox's list and figures are kept (``cairn.core.stamps``) per person and address
under the inbox's stamp: every change to a conversation — one arriving, moved, assigned,
answered — shows on the next request, and no one is served another person's list."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from cairn.accounts.factories import UserFactory
from cairn.accounts.tests.helpers import make_user
from cairn.inbox.factories import ConversationFactory
from cairn.inbox.models import Conversation, State
from cairn.inbox.services import triage

pytestmark = pytest.mark.django_db

INBOX = "/fr/gestion/questions/"
FIGURES = "/fr/gestion/questions/chiffres/"


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


def subjects(client: Client, query: str = "") -> list[str]:
    """The subjects the list shows, read from the HTML (the context's page is built lazily,
    so reading it would build it afresh)."""
    response = client.get(INBOX + query)
    assert response.status_code == 200
    return sorted(html.unescape(subject) for subject in re.findall(r'class="record-list__title"><a [^>]*>([^<]*)</a>', response.text))


def figures_total(client: Client, path: str = FIGURES) -> int:
    """The conversations counted per kind, read from the HTML's first table."""
    response = client.get(path)
    assert response.status_code == 200
    table = response.text.split("<table", 2)[1]
    return sum(int(n) for n in re.findall(r"<td[^>]*>(\d+)</td>", table))


def test_a_conversation_that_arrives_shows_on_the_next_request() -> None:
    coordinator = make_user("coordination")
    client = signed_in(coordinator)
    # The sender exists before the first visit: only the conversation is new.
    member = UserFactory()
    ConversationFactory(subject="Première question", person=member)
    assert subjects(client) == ["Première question"]

    ConversationFactory(subject="Deuxième question", person=member)

    assert subjects(client) == ["Deuxième question", "Première question"]


def test_a_conversation_moved_leaves_its_state_on_the_next_request() -> None:
    coordinator = make_user("coordination")
    client = signed_in(coordinator)
    conversation = ConversationFactory(subject="À clore")
    assert subjects(client, "?state=new") == ["À clore"]
    assert subjects(client, "?state=closed") == []

    response = client.post(f"{INBOX}{conversation.reference}/move/", {"state": State.CLOSED})
    assert response.status_code == 302
    assert Conversation.objects.get(pk=conversation.pk).state == State.CLOSED

    assert subjects(client, "?state=new") == []
    assert subjects(client, "?state=closed") == ["À clore"]


def test_an_assignment_shows_in_both_lists_on_the_next_request() -> None:
    """The coordination team sees every conversation, a facilitator those assigned to them:
    the same address is kept apart per person, and an assignment reaches both at once."""
    coordinator, facilitator = make_user("coordination"), make_user("facilitator")
    team, assignee = signed_in(coordinator), signed_in(facilitator)
    conversation = ConversationFactory(subject="Pour l’animatrice")
    ConversationFactory(subject="Pour l’équipe")
    assert subjects(team) == ["Pour l’animatrice", "Pour l’équipe"]
    assert subjects(assignee) == []
    assert "attribuée à" not in team.get(INBOX).text

    triage.conversation_assign(conversation=conversation, actor=coordinator, assignee=facilitator)

    assert subjects(assignee) == ["Pour l’animatrice"]
    assert subjects(team) == ["Pour l’animatrice", "Pour l’équipe"]
    assert "attribuée à" in team.get(INBOX).text


def test_the_figures_count_a_new_conversation_on_the_next_request() -> None:
    client = signed_in(make_user("coordination"))
    member = UserFactory()
    ConversationFactory(person=member)
    assert figures_total(client) == 1

    ConversationFactory(person=member)

    assert figures_total(client) == 2


def test_the_figures_are_kept_per_language() -> None:
    client = signed_in(make_user("coordination"))
    ConversationFactory()
    french = client.get(FIGURES).context["figures"].by_kind
    dutch = client.get("/nl/gestion/questions/chiffres/").context["figures"].by_kind
    assert [n for _label, n in french] == [n for _label, n in dutch] == [1]
    assert french[0][0] != dutch[0][0]
