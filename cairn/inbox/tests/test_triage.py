"""The coordination team's inbox: assigning, answering by e-mail with threading headers,
internal notes, states, duplicates, routing an interest with consent, and who sees what."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from cairn.accounts.factories import DepartmentFactory
from cairn.accounts.tests.helpers import make_user
from cairn.core.models import AuditEntry
from cairn.inbox.factories import ConversationFactory, MessageFactory, SavedAnswerFactory
from cairn.inbox.models import Conversation, Message, MessageKind, State
from cairn.notifications.models import Follow
from cairn.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_tasks(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def coordinator_client() -> tuple[Client, object]:
    user = make_user("coordination")
    client = Client()
    client.force_login(user)
    return client, user


def act(client: Client, conversation: Conversation, action: str, **data: object):
    return client.post(f"/fr/gestion/questions/{conversation.reference}/{action}/", data)


def test_an_answer_leaves_as_an_email_with_threading_headers_in_the_senders_language(coordinator_client, run_tasks) -> None:
    client, _coordinator = coordinator_client
    conversation = ConversationFactory(language="nl", subject="Vraag\r\nBcc: victim@example.org")
    MessageFactory(conversation=conversation, message_id="<first@member.example>", references="<older@member.example>")
    with run_tasks():
        response = act(client, conversation, "answer", body="Dag, de volgende ontmoeting is op 12 maart.")
    assert response.status_code == 302
    [email] = mail.outbox
    answer = Message.objects.get(kind=MessageKind.ANSWER)
    assert email.to == [conversation.email]
    assert email.extra_headers["Message-ID"] == answer.message_id
    assert email.extra_headers["In-Reply-To"] == "<first@member.example>"
    assert email.extra_headers["References"] == "<older@member.example> <first@member.example>"
    assert f"[#{conversation.reference}]" in email.subject and "\n" not in email.subject and "\r" not in email.subject
    assert "Referentie" in email.body  # the sender's language
    message = email.message()
    assert message["Bcc"] is None and message["To"] == conversation.email
    conversation.refresh_from_db()
    assert conversation.state == State.WAITING and conversation.first_response_at is not None
    assert answer.sent_at is not None
    # The worker running the task again sends nothing twice.
    from cairn.inbox.services.triage import answer_send

    assert answer_send(message_id=answer.pk) is False
    assert len(mail.outbox) == 1


def test_internal_notes_stay_inside_and_the_member_sees_the_answers(coordinator_client, run_tasks) -> None:
    client, _coordinator = coordinator_client
    conversation = ConversationFactory()
    MessageFactory(conversation=conversation)
    act(client, conversation, "note", body="Voir avec la direction RH avant de répondre.")
    with run_tasks():
        act(client, conversation, "answer", body="Voici la réponse.")
    assert len(mail.outbox) == 1 and "direction RH" not in mail.outbox[0].body
    member = Client()
    member.force_login(conversation.person)
    page = member.get(f"/fr/questions/mes-questions/{conversation.reference}/").content.decode()
    assert "Voici la réponse." in page and "direction RH" not in page
    staff_page = client.get(f"/fr/gestion/questions/{conversation.reference}/").content.decode()
    assert "direction RH" in staff_page


def test_assigning_lets_the_assignee_see_and_answer_that_conversation_only(coordinator_client, run_tasks) -> None:
    client, _coordinator = coordinator_client
    lead = make_user("department_lead")
    department = DepartmentFactory()
    conversation, other = ConversationFactory(), ConversationFactory()
    assert act(client, conversation, "assign", assignee=lead.pk, department=department.pk).status_code == 302
    conversation.refresh_from_db()
    assert (conversation.assignee, conversation.department, conversation.state) == (lead, department, State.ASSIGNED)
    assert AuditEntry.objects.filter(action="assign", object_id=str(conversation.pk)).exists()
    lead_client = Client()
    lead_client.force_login(lead)
    listing = lead_client.get("/fr/gestion/questions/").content.decode()
    assert conversation.reference in listing and other.reference not in listing
    assert lead_client.get(f"/fr/gestion/questions/{conversation.reference}/").status_code == 200
    assert lead_client.get(f"/fr/gestion/questions/{other.reference}/").status_code == 404
    with run_tasks():
        assert act(lead_client, conversation, "answer", body="Réponse de la direction.").status_code == 302
    assert len(mail.outbox) == 1
    # Assigning is the coordination team's: the assignee's attempt is refused.
    assert act(lead_client, conversation, "assign", assignee="", department="").status_code == 403
    conversation.refresh_from_db()
    assert conversation.assignee == lead


def test_the_assignee_is_found_by_name_without_javascript_and_nothing_is_assigned_yet(coordinator_client) -> None:
    client, _coordinator = coordinator_client
    conversation = ConversationFactory()
    lead = make_user("department_lead")
    lead.profile.display_name = "Griet Maes"
    lead.profile.save(update_fields=["display_name"])

    page = act(client, conversation, "assign", assignee__q="maes", people_search="assignee")

    assert page.status_code == 200
    text = page.content.decode()
    assert f'name="assignee" value="{lead.pk}"' in text and "Griet Maes" in text and lead.email not in text
    conversation.refresh_from_db()
    assert conversation.assignee is None


def test_a_member_cannot_be_assigned_and_a_bad_answer_is_refused_with_nothing_sent(coordinator_client, run_tasks) -> None:
    client, _coordinator = coordinator_client
    conversation = ConversationFactory()
    member = make_user("member")
    response = act(client, conversation, "assign", assignee=member.pk)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Seuls l’équipe de coordination" in page
    conversation.refresh_from_db()
    assert conversation.assignee is None
    with run_tasks():
        refused = act(client, conversation, "answer", body="   ")
    assert refused.status_code == 400 and mail.outbox == []
    assert not Message.objects.filter(kind=MessageKind.ANSWER).exists()


def test_spam_is_not_answered_and_states_follow_the_allowed_moves(coordinator_client, run_tasks) -> None:
    client, _coordinator = coordinator_client
    conversation = ConversationFactory()
    act(client, conversation, "move", state=State.SPAM)
    conversation.refresh_from_db()
    assert conversation.state == State.SPAM
    with run_tasks():
        act(client, conversation, "answer", body="Bonjour")
    assert mail.outbox == [] and not Message.objects.filter(kind=MessageKind.ANSWER).exists()
    act(client, conversation, "move", state=State.ANSWERED)  # not a move anyone makes by hand
    conversation.refresh_from_db()
    assert conversation.state == State.SPAM


def test_the_senders_message_reopens_an_answered_conversation(coordinator_client, run_tasks) -> None:
    client, _coordinator = coordinator_client
    conversation = ConversationFactory()
    with run_tasks():
        act(client, conversation, "answer", body="Voici.")
    member = Client()
    member.force_login(conversation.person)
    member.post(f"/fr/questions/mes-questions/{conversation.reference}/", {"body": "Merci, et pour Namur ?"})
    conversation.refresh_from_db()
    assert conversation.state == State.NEW
    assert conversation.messages.filter(kind=MessageKind.INCOMING).count() == 1


def test_a_duplicate_is_merged_into_the_conversation_kept(coordinator_client) -> None:
    client, _coordinator = coordinator_client
    kept = ConversationFactory()
    duplicate = ConversationFactory(person=kept.person, email=kept.email)
    MessageFactory(conversation=duplicate, body="Deuxième envoi")
    response = act(client, duplicate, "merge", into=kept.reference)
    assert response["Location"] == f"/fr/gestion/questions/{kept.reference}/"
    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.duplicate_of) == (State.CLOSED, kept)
    assert kept.messages.filter(body="Deuxième envoi").exists()
    someone_else = ConversationFactory()
    act(client, someone_else, "merge", into=kept.reference)
    someone_else.refresh_from_db()
    assert someone_else.duplicate_of is None


def test_an_interest_is_routed_to_a_follow_only_with_the_senders_consent(coordinator_client) -> None:
    client, _coordinator = coordinator_client
    project = ProjectFactory()
    until = timezone.localdate() + datetime.timedelta(days=90)
    without = ConversationFactory(kind="interest", about_kind="project", about_id=project.pk)
    act(client, without, "route")
    assert not Follow.objects.exists()
    with_consent = ConversationFactory(
        kind="interest", about_kind="project", about_id=project.pk, consent_contact=True, consent_contact_until=until
    )
    response = act(client, with_consent, "route")
    assert "suit désormais ce projet" in client.get(response["Location"]).content.decode()
    assert Follow.objects.filter(user=with_consent.person, target_kind="project", target_id=project.pk).exists()
    assert AuditEntry.objects.filter(action="route", object_id=str(with_consent.pk)).exists()


def test_saved_answers_prefill_the_answer_in_the_conversations_language(coordinator_client) -> None:
    client, _coordinator = coordinator_client
    conversation = ConversationFactory(language="nl")
    dutch, french = SavedAnswerFactory(language="nl", body="Bedankt voor uw bericht."), SavedAnswerFactory(language="fr")
    page = client.get(f"/fr/gestion/questions/{conversation.reference}/?reponse-type={dutch.pk}").content.decode()
    assert "Bedankt voor uw bericht." in page and french.title not in page


def test_filters_and_ages(coordinator_client) -> None:
    client, coordinator = coordinator_client
    old = ConversationFactory(kind="interest", language="nl")
    Conversation.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=10))
    recent = ConversationFactory(kind="question", assignee=coordinator, state=State.ASSIGNED)
    page = client.get("/fr/gestion/questions/?kind=interest").content.decode()
    assert old.reference in page and recent.reference not in page
    page = client.get("/fr/gestion/questions/?older_than=7").content.decode()
    assert old.reference in page and recent.reference not in page and "reçue il y a 1" in page
    page = client.get("/fr/gestion/questions/?mine=on").content.decode()
    assert recent.reference in page and old.reference not in page
    page = client.get(f"/fr/gestion/questions/?assignee={coordinator.pk}").content.decode()
    assert recent.reference in page and old.reference not in page
    assert client.get("/fr/gestion/questions/?state=nonsense&older_than=-4").status_code == 200


def test_figures_count_the_median_and_the_share_within_five_working_days(coordinator_client) -> None:
    client, _coordinator = coordinator_client
    monday = datetime.datetime(2026, 11, 2, 8, 0, tzinfo=datetime.UTC)
    fast = ConversationFactory()
    slow = ConversationFactory()
    ConversationFactory()  # not answered
    Conversation.objects.filter(pk=fast.pk).update(confirmed_at=monday, first_response_at=monday + datetime.timedelta(hours=4))
    Conversation.objects.filter(pk=slow.pk).update(confirmed_at=monday, first_response_at=monday + datetime.timedelta(days=14))
    page = client.get("/fr/gestion/questions/chiffres/").content.decode()
    assert "170,0 heures" in page or "170.0 heures" in page
    assert "50 % (1 sur 2 conversations répondues)" in page


def test_the_figures_download_as_csv_with_safe_cells(coordinator_client) -> None:
    client, _coordinator = coordinator_client
    ConversationFactory(kind="interest")
    response = client.get("/fr/gestion/questions/chiffres.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8" and response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Tableau,Ligne,Nombre"
    assert "Par type,Manifestation d’intérêt,1" in text
    assert Client().get("/fr/gestion/questions/chiffres.csv").status_code == 302
