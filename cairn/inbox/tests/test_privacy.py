"""The inbox and a member's data: the export shows their conversations without the internal
notes, erasure takes them away (attachments included) and frees what was assigned to them;
closed conversations and unconfirmed messages go after their retention; attachments only
through the checked view, as downloads."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.storage import storages
from django.test import Client
from django.utils import timezone

from cairn.accounts.services import member_anonymise, member_export_data
from cairn.accounts.tests.helpers import make_user
from cairn.inbox.factories import AttachmentFactory, ConversationFactory, MessageFactory
from cairn.inbox.models import Conversation, MessageKind, State
from cairn.inbox.services.personal_data import retention_apply

pytestmark = pytest.mark.django_db


def test_the_export_shows_the_members_conversations_without_internal_notes() -> None:
    conversation = ConversationFactory()
    MessageFactory(conversation=conversation, body="Ma question")
    MessageFactory(conversation=conversation, kind=MessageKind.NOTE, author=make_user("coordination"), body="Note interne secrète")
    data = member_export_data(user=conversation.person)["inbox"]
    [exported] = data["conversations"]
    assert exported["id"] == conversation.pk and exported["reference"] == conversation.reference
    assert [m["body"] for m in exported["messages"]] == ["Ma question"]


def test_erasure_deletes_the_members_conversations_and_their_files_and_unassigns(django_capture_on_commit_callbacks) -> None:
    attachment = AttachmentFactory()
    conversation = attachment.message.conversation
    member = conversation.person
    assigned = ConversationFactory(assignee=member)
    name = attachment.file.name
    assert storages["private"].exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        member_anonymise(user=member)
    assert not Conversation.objects.filter(pk=conversation.pk).exists()
    assert not storages["private"].exists(name)
    assigned.refresh_from_db()
    assert assigned.assignee is None


def test_retention_deletes_closed_conversations_after_the_configured_days(settings) -> None:
    settings.CAIRN_INBOX_RETENTION_DAYS = 30
    now = timezone.now()
    old = ConversationFactory(state=State.CLOSED, closed_at=now - datetime.timedelta(days=31))
    recent = ConversationFactory(state=State.CLOSED, closed_at=now - datetime.timedelta(days=29))
    still_open = ConversationFactory(state=State.NEW)
    Conversation.objects.filter(pk=still_open.pk).update(created_at=now - datetime.timedelta(days=400))
    never_confirmed = ConversationFactory(state=State.UNCONFIRMED, person=None, confirm_token="x" * 20)
    Conversation.objects.filter(pk=never_confirmed.pk).update(created_at=now - datetime.timedelta(days=8))
    assert retention_apply() == 2
    assert set(Conversation.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}
    assert old.pk not in set(Conversation.objects.values_list("pk", flat=True))


def test_attachments_are_downloads_never_shown_inline() -> None:
    attachment = AttachmentFactory(name="photo.png", content_type="image/png")
    conversation = attachment.message.conversation
    owner = Client()
    owner.force_login(conversation.person)
    response = owner.get(f"/fr/questions/mes-questions/{conversation.reference}/pieces-jointes/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream" and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    # An attachment of an internal note is not the sender's to download.
    note = MessageFactory(conversation=conversation, kind=MessageKind.NOTE, author=make_user("coordination"))
    hidden = AttachmentFactory(message=note)
    assert owner.get(f"/fr/questions/mes-questions/{conversation.reference}/pieces-jointes/{hidden.pk}/").status_code == 404


def test_the_inbox_pages_about_people_are_never_cached() -> None:
    """A member's questions, the team's inbox and a conversation name people: ``personal``."""
    from cairn.tests.test_personal_responses import assert_personal

    attachment = AttachmentFactory()
    conversation = attachment.message.conversation
    owner = Client()
    owner.force_login(conversation.person)
    team = Client()
    team.force_login(make_user("coordination"))
    for client, url in [
        (owner, "/fr/questions/mes-questions/"),
        (owner, f"/fr/questions/mes-questions/{conversation.reference}/"),
        (owner, f"/fr/questions/mes-questions/{conversation.reference}/pieces-jointes/{attachment.pk}/"),
        (team, "/fr/gestion/questions/"),
        (team, f"/fr/gestion/questions/{conversation.reference}/"),
        (team, f"/fr/gestion/questions/{conversation.reference}/pieces-jointes/{attachment.pk}/"),
        (team, "/fr/gestion/questions/classes-a-part/"),
        (Client(), "/fr/questions/confirmer/un-jeton/"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_personal(response)
