"""factory_boy factories for the inbox's tests."""

from __future__ import annotations

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.inbox.models import (
    Attachment,
    Conversation,
    FaqEntry,
    InterestNotice,
    Kind,
    MailReceipt,
    Message,
    MessageKind,
    ReceiptOutcome,
    SavedAnswer,
    State,
)


class ConversationFactory(factory.django.DjangoModelFactory):
    """A member's question, confirmed and in the inbox (``state=State.NEW``)."""

    class Meta:
        model = Conversation

    reference = factory.Sequence(lambda n: f"QT{n:06d}"[:8])
    kind = Kind.QUESTION
    subject = factory.Sequence(lambda n: f"Question {n}")
    language = "fr"
    state = State.NEW
    person = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda c: c.person.email if c.person else "visiteur@example.net")
    confirmed_at = factory.LazyFunction(timezone.now)
    last_message_at = factory.LazyFunction(timezone.now)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    conversation = factory.SubFactory(ConversationFactory)
    kind = MessageKind.INCOMING
    author = factory.LazyAttribute(lambda m: m.conversation.person)
    sender_email = factory.LazyAttribute(lambda m: m.conversation.email)
    body = "Bonjour, quand la prochaine rencontre a-t-elle lieu ?"


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    message = factory.SubFactory(MessageFactory)
    file = factory.LazyFunction(lambda: ContentFile(b"%PDF-1.4 test", name="piece.pdf"))
    name = "piece.pdf"
    content_type = "application/pdf"
    size = 13


class MailReceiptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MailReceipt

    message_id = factory.Sequence(lambda n: f"<receipt-{n}@example.net>")
    sender = "MAILER-DAEMON@example.net"
    subject = "Undelivered Mail Returned to Sender"
    outcome = ReceiptOutcome.FILED
    reason = "bounce"


class SavedAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedAnswer

    title = factory.Sequence(lambda n: f"Réponse type {n}")
    language = "fr"
    body = "Merci pour votre message."


class InterestNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterestNotice

    conversation = factory.SubFactory(ConversationFactory)
    key = factory.Sequence(lambda n: f"hackathon:{n}")


class FaqEntryFactory(factory.django.DjangoModelFactory):
    """A published question, in French and Dutch."""

    class Meta:
        model = FaqEntry

    conversation = factory.SubFactory(ConversationFactory, consent_publish=True)
    question_fr = "Comment rejoindre un groupe de travail ?"
    answer_fr = "Les groupes se forment en novembre ; l’invitation arrive par e-mail."
    question_nl = "Hoe word ik lid van een werkgroep?"
    answer_nl = "De werkgroepen starten in november; de uitnodiging komt per e-mail."
    search_text = "comment rejoindre un groupe de travail hoe word ik lid van een werkgroep"
    published_at = factory.LazyFunction(timezone.now)
