"""Asking from the site: the general page and the prefilled one, a member recognised, a
visitor's confirmation link, the honeypot, the rate limits, the acknowledgement in the
sender's language, and "Mes questions"."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from cairn.accounts.tests.helpers import make_user
from cairn.core.models import AuditEntry
from cairn.inbox.models import Conversation, Message, State
from cairn.projects.factories import ProjectFactory
from cairn.recommendations.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def post_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "question",
        "subject": "Les rencontres à Liège",
        "body": "Bonjour, <b>quand</b> a lieu la prochaine rencontre ?",
        "language": "fr",
        "consent_answer": "on",
        "email": "visiteuse@example.net",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_member_is_recognised_their_question_enters_the_inbox_and_is_acknowledged_in_their_language(run_tasks) -> None:
    member = make_user("member")
    client = Client()
    client.force_login(member)
    with run_tasks():
        response = client.post("/nl/questions/", post_data(language="nl", email=""))
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/nl/questions/mes-questions/{conversation.reference}/"
    assert (conversation.state, conversation.person, conversation.email, conversation.language) == (State.NEW, member, member.email, "nl")
    assert conversation.confirmed_at is not None and conversation.acknowledged_at is not None
    assert Message.objects.get().body == "Bonjour, <b>quand</b> a lieu la prochaine rencontre ?"
    [ack] = mail.outbox
    assert ack.to == [member.email]
    assert f"[#{conversation.reference}]" in ack.subject
    assert ack.subject.startswith("Goed ontvangen")
    assert conversation.reference in ack.body
    assert ack.extra_headers["Auto-Submitted"] == "auto-replied"
    assert AuditEntry.objects.filter(action="ask", object_id=str(conversation.pk)).exists()
    # "Mes questions" lists it and its page escapes the message.
    page = client.get("/fr/questions/mes-questions/")
    assert conversation.reference in page.content.decode()
    detail = client.get(f"/fr/questions/mes-questions/{conversation.reference}/").content.decode()
    assert "&lt;b&gt;quand&lt;/b&gt;" in detail and "<b>quand</b>" not in detail


def test_a_visitor_confirms_by_link_before_the_message_enters_the_inbox(run_tasks) -> None:
    client = Client()
    with run_tasks():
        response = client.post("/fr/questions/", post_data())
    assert response.status_code == 302 and response["Location"] == "/fr/questions/envoyee/"
    conversation = Conversation.objects.get()
    assert conversation.state == State.UNCONFIRMED and conversation.person is None
    assert list(Conversation.objects.in_inbox()) == []
    [confirmation] = mail.outbox
    link = re.search(r"http://\S+/questions/confirmer/(\S+)/", confirmation.body)
    assert link is not None and confirmation.to == ["visiteuse@example.net"]
    path = link.group(0).removeprefix("http://127.0.0.1:8000")
    # Opening the link (a mail scanner does too) confirms nothing; the button does.
    assert client.get(path).status_code == 200
    assert Conversation.objects.get().state == State.UNCONFIRMED
    with run_tasks():
        assert client.post(path).status_code == 200
    conversation.refresh_from_db()
    assert conversation.state == State.NEW and conversation.confirm_token == ""
    assert len(mail.outbox) == 2 and f"[#{conversation.reference}]" in mail.outbox[1].subject
    # The link served once.
    with run_tasks():
        assert client.post(path).status_code == 404
    assert len(mail.outbox) == 2


def test_an_expired_link_confirms_nothing(run_tasks) -> None:
    with run_tasks():
        Client().post("/fr/questions/", post_data())
    conversation = Conversation.objects.get()
    Conversation.objects.filter(pk=conversation.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    assert Client().post(f"/fr/questions/confirmer/{conversation.confirm_token}/").status_code == 404
    assert Conversation.objects.get().state == State.UNCONFIRMED


def test_the_honeypot_keeps_nothing_and_sends_nothing(run_tasks) -> None:
    with run_tasks():
        response = Client().post("/fr/questions/", post_data(website="http://spam.example"))
    assert response.status_code == 302
    assert Conversation.objects.count() == 0 and mail.outbox == []


def test_five_questions_an_hour_from_one_address(run_tasks) -> None:
    for n in range(5):
        with run_tasks():
            assert Client(REMOTE_ADDR=f"10.0.0.{n}").post("/fr/questions/", post_data()).status_code == 302
    refused = Client(REMOTE_ADDR="10.0.0.99").post("/fr/questions/", post_data())
    assert refused.status_code == 429
    assert "réessayez dans une heure" in refused.content.decode()
    assert Conversation.objects.count() == 5


def test_twenty_questions_an_hour_from_one_client_address(run_tasks) -> None:
    client = Client(REMOTE_ADDR="10.1.1.1")
    for n in range(20):
        with run_tasks():
            assert client.post("/fr/questions/", post_data(email=f"v{n}@example.net")).status_code == 302
    assert client.post("/fr/questions/", post_data(email="v99@example.net")).status_code == 429
    assert Conversation.objects.count() == 20


def test_bad_input_is_refused_with_its_reason_and_nothing_kept() -> None:
    response = Client().post(
        "/fr/questions/",
        post_data(
            subject="", body="", email="pas-une-adresse", consent_answer="", consent_contact="on", consent_contact_until="2000-01-01"
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    for field in ("subject", "body", "email", "consent_answer"):
        assert f'id="id_{field}_error"' in page
    assert Conversation.objects.count() == 0


def test_a_consent_to_be_contacted_needs_an_expiry_in_the_next_three_years(run_tasks) -> None:
    member = make_user("member")
    client = Client()
    client.force_login(member)
    too_far = (timezone.localdate() + datetime.timedelta(days=4 * 365)).isoformat()
    response = client.post("/fr/questions/", post_data(consent_contact="on", consent_contact_until=too_far))
    assert response.status_code == 400 and "trois prochaines années" in response.content.decode()
    until = (timezone.localdate() + datetime.timedelta(days=200)).isoformat()
    with run_tasks():
        client.post("/fr/questions/", post_data(kind="interest", consent_contact="on", consent_contact_until=until))
    conversation = Conversation.objects.get()
    assert (conversation.kind, conversation.consent_contact, conversation.consent_contact_until.isoformat()) == ("interest", True, until)


def test_the_page_about_an_item_prefills_it_and_a_hidden_item_is_refused(run_tasks) -> None:
    recommendation = RecommendationFactory()
    page = Client().get(f"/fr/questions/?sujet=recommendation:{recommendation.pk}").content.decode()
    assert recommendation.title in page and f'value="recommendation:{recommendation.pk}"' in page
    # The recommendation's own page offers the link.
    detail = Client().get(f"/fr/recommandations/{recommendation.reference}/").content.decode()
    assert f"/fr/questions/?sujet=recommendation%3A{recommendation.pk}" in detail
    internal = ProjectFactory(is_internal=True)
    response = Client().post("/fr/questions/", post_data(about=f"project:{internal.pk}"))
    assert response.status_code == 400 and "n’existe pas ou n’est pas visible" in response.content.decode()
    response = Client().post("/fr/questions/", post_data(about="nothing:1"))
    assert response.status_code == 400
    assert Conversation.objects.count() == 0
    with run_tasks():
        Client().post("/fr/questions/", post_data(about=f"recommendation:{recommendation.pk}"))
    assert Conversation.objects.values_list("about_kind", "about_id").get() == ("recommendation", recommendation.pk)


def test_a_member_sees_only_their_own_conversations() -> None:
    from cairn.inbox.factories import ConversationFactory

    own, other = ConversationFactory(), ConversationFactory()
    client = Client()
    client.force_login(own.person)
    assert client.get(f"/fr/questions/mes-questions/{own.reference}/").status_code == 200
    assert client.get(f"/fr/questions/mes-questions/{other.reference}/").status_code == 404
    assert other.reference not in client.get("/fr/questions/mes-questions/").content.decode()


def test_an_event_page_offers_the_question_about_it() -> None:
    """Events share the inbox's layer: the link comes through the ``event_page_sections``
    hook, and the form knows the event; an unknown one is refused like a hidden one."""
    from cairn.events.factories import EventFactory

    event = EventFactory(title="Atelier sur l’état des lieux")
    page = Client().get(f"/fr/evenements/{event.pk}/").content.decode()
    assert f"/fr/questions/?sujet=event%3A{event.pk}" in page
    form = Client().get(f"/fr/questions/?sujet=event:{event.pk}").content.decode()
    assert "Atelier sur l’état des lieux" in form and f'value="event:{event.pk}"' in form
    response = Client().post("/fr/questions/", post_data(about=f"event:{event.pk + 1000}"))
    assert response.status_code == 400 and "n’existe pas ou n’est pas visible" in response.content.decode()
    assert Conversation.objects.count() == 0
