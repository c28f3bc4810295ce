"""The inbox: conversations with the cooperative, from the site and from its mailbox.

A ``Conversation`` is one question, expression of interest, suggestion or other message
and everything said about it since: the sender's messages, the answers the coordination
team sent and its internal notes (``Message``). A visitor's conversation waits
``unconfirmed`` until they follow the link sent to their address; only then does it
enter the inbox. Every e-mail read from the mailbox leaves a ``MailReceipt`` named by its
Message-ID, unique: the same e-mail is imported once, whatever the number of workers.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cairn.accounts.models import Language


class Kind(models.TextChoices):
    QUESTION = "question", _("Question")
    INTEREST = "interest", _("Manifestation d’intérêt")
    SUGGESTION = "suggestion", _("Suggestion")
    OTHER = "other", _("Autre")


class State(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("En attente de confirmation")
    NEW = "new", _("Nouvelle")
    ASSIGNED = "assigned", _("Attribuée")
    WAITING = "waiting", _("En attente de la personne")
    ANSWERED = "answered", _("Répondue")
    CLOSED = "closed", _("Close")
    SPAM = "spam", _("Indésirable")


#: The states of a conversation that is in the inbox (confirmed, not spam).
INBOX_STATES = [State.NEW, State.ASSIGNED, State.WAITING, State.ANSWERED, State.CLOSED]
#: The states that still ask something of the coordination team.
OPEN_STATES = [State.NEW, State.ASSIGNED]

STATE_TONES: dict[str, str] = {
    State.UNCONFIRMED: "neutral",
    State.NEW: "warning",
    State.ASSIGNED: "info",
    State.WAITING: "neutral",
    State.ANSWERED: "success",
    State.CLOSED: "neutral",
    State.SPAM: "danger",
}


class Channel(models.TextChoices):
    SITE = "site", _("Site")
    EMAIL = "email", _("E-mail")


class ConversationQuerySet(models.QuerySet["Conversation"]):
    def in_inbox(self) -> ConversationQuerySet:
        return self.filter(state__in=INBOX_STATES)

    def visible_to(self, user: Any) -> ConversationQuerySet:
        """What ``inbox.view_conversation`` allows, as a filter: the coordination team and
        admins see every conversation of the inbox, the assignee theirs, a member their own."""
        from cairn.inbox.rules import can_triage

        if isinstance(user, AnonymousUser) or not user.is_authenticated or not user.is_active:
            return self.none()
        if can_triage(user):
            return self.exclude(state=State.UNCONFIRMED)
        return self.exclude(state__in=[State.UNCONFIRMED, State.SPAM]).filter(Q(person=user) | Q(assignee=user))


class Conversation(models.Model):
    reference = models.CharField(_("référence"), max_length=12, unique=True)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.QUESTION)
    subject = models.CharField(_("objet"), max_length=200)
    language = models.CharField(_("langue"), max_length=2, choices=Language.choices, default=Language.FR)
    state = models.CharField(_("état"), max_length=12, choices=State.choices, default=State.NEW)
    channel = models.CharField(_("canal"), max_length=5, choices=Channel.choices, default=Channel.SITE)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sociétaire"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbox_conversations",
    )
    #: Where answers go: the member's address, or the one the visitor confirmed.
    email = models.EmailField(_("adresse e-mail"), max_length=254)
    about_kind = models.CharField(_("au sujet de (type)"), max_length=30, blank=True)
    about_id = models.PositiveBigIntegerField(_("au sujet de (identifiant)"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attribuée à"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbox_assigned",
    )
    department = models.ForeignKey(
        "accounts.Department", verbose_name=_("direction"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    consent_answer = models.BooleanField(_("accepte d’être recontacté·e pour la réponse"), default=True)
    consent_contact = models.BooleanField(_("accepte d’être informé·e des appels et hackathons sur ce sujet"), default=False)
    consent_contact_until = models.DateField(_("jusqu’au"), null=True, blank=True)
    consent_publish = models.BooleanField(_("accepte la publication anonyme dans la FAQ"), default=False)
    #: A visitor's link to confirm their address (empty once confirmed).
    confirm_token = models.CharField(max_length=64, blank=True, editable=False)
    duplicate_of = models.ForeignKey(
        "self", verbose_name=_("doublon de"), on_delete=models.SET_NULL, null=True, blank=True, related_name="duplicates"
    )
    created_at = models.DateTimeField(_("reçue le"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    #: When the acknowledgement left: it is sent once.
    acknowledged_at = models.DateTimeField(_("accusé de réception le"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("première réponse le"), null=True, blank=True)
    last_message_at = models.DateTimeField(_("dernier message le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)
    #: The last change of any kind (a message, the state, the assignee, the item): what
    #: the inbox's stamp reads (``cairn.inbox.stamps``). ``save`` always writes it.
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [
            models.Index(fields=["state", "last_message_at"], name="inbox_conv_state_last"),
            models.Index(fields=["email"], name="inbox_conv_email"),
            models.Index(fields=["updated_at"], name="inbox_conv_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_contact=False) | Q(consent_contact_until__isnull=False),
                name="inbox_contact_consent_has_expiry",
            ),
            models.CheckConstraint(
                condition=Q(about_kind="", about_id__isnull=True) | (~Q(about_kind="") & Q(about_id__isnull=False)),
                name="inbox_about_kind_and_id_together",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A save of some fields moves the change time too, so the inbox's stamp sees it.
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)

    @property
    def state_tone(self) -> str:
        return STATE_TONES.get(self.state, "neutral")


class MessageKind(models.TextChoices):
    INCOMING = "incoming", _("Message reçu")
    ANSWER = "answer", _("Réponse envoyée")
    NOTE = "note", _("Note interne")


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("type"), max_length=10, choices=MessageKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur·rice"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbox_messages",
    )
    sender_email = models.EmailField(_("expéditeur"), max_length=254, blank=True)
    body = models.TextField(_("message"))
    #: The RFC 5322 Message-ID of this message: of the e-mail received, or of the answer sent.
    message_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    in_reply_to = models.CharField(max_length=255, blank=True)
    references = models.TextField(blank=True)
    created_at = models.DateTimeField(_("écrit le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.conversation_id} {self.kind}"


def private_storage() -> Storage:
    """Attachments are kept in the private storage and handed out only by the
    permission-checked view."""
    return storages["private"]


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"inbox/{instance.message.conversation_id}/{filename}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fichier"), upload_to=attachment_path, storage=private_storage, max_length=300)
    name = models.CharField(_("nom"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("taille (octets)"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")

    def __str__(self) -> str:
        return self.name


class ReceiptOutcome(models.TextChoices):
    NEW = "new", _("Nouvelle conversation")
    THREADED = "threaded", _("Ajouté à une conversation")
    FILED = "filed", _("Classé à part (réponse automatique, rejet, liste)")
    REFUSED = "refused", _("Refusé")


class MailReceipt(models.Model):
    """One e-mail read from the mailbox, by its Message-ID: the unique constraint is how
    two workers agree that it was imported once. Auto-replies, bounces and mailing lists
    stay here, filed apart, and are never answered."""

    message_id = models.CharField(max_length=255, unique=True)
    received_at = models.DateTimeField(_("lu le"), auto_now_add=True)
    sender = models.CharField(_("expéditeur"), max_length=254, blank=True)
    subject = models.CharField(_("objet"), max_length=200, blank=True)
    outcome = models.CharField(_("issue"), max_length=10, choices=ReceiptOutcome.choices)
    reason = models.CharField(_("raison"), max_length=200, blank=True)
    excerpt = models.TextField(_("extrait"), blank=True)
    conversation = models.ForeignKey(Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("e-mail reçu")
        verbose_name_plural = _("e-mails reçus")

    def __str__(self) -> str:
        return self.message_id


class SavedAnswer(models.Model):
    """A reply the coordination team reuses, in one language."""

    title = models.CharField(_("titre"), max_length=120)
    language = models.CharField(_("langue"), max_length=2, choices=Language.choices)
    body = models.TextField(_("texte"))
    #: The version an edit form carries (``cairn.core.editing``).
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "language"]
        verbose_name = _("réponse type")
        verbose_name_plural = _("réponses types")
        constraints = [models.UniqueConstraint(fields=["title", "language"], name="inbox_saved_answer_once_per_language")]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class InterestNotice(models.Model):
    """A conversation whose sender was told that something they asked to hear about opened
    (``services.interest.interested_notify``): the unique pair is how they are told once."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="notices")
    #: What opened, as its app names it (``hackathon:12``).
    key = models.CharField(max_length=100)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("avis d’ouverture envoyé")
        verbose_name_plural = _("avis d’ouverture envoyés")
        constraints = [models.UniqueConstraint(fields=["conversation", "key"], name="inbox_notice_once_per_opening")]

    def __str__(self) -> str:
        return f"{self.conversation_id} {self.key}"


class FaqEntryQuerySet(models.QuerySet["FaqEntry"]):
    def published(self) -> FaqEntryQuerySet:
        return self.filter(published_at__isnull=False)


class FaqEntry(models.Model):
    """An answered question published, anonymised and with its sender's consent, in French
    and Dutch (English optional): the coordination team rewrites it from the conversation,
    without any name."""

    conversation = models.ForeignKey(Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="faq_entries")
    topic = models.ForeignKey(
        "recommendations.ThemeCategory",
        verbose_name=_("grande thématique"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    question_fr = models.TextField(_("question (français)"))
    answer_fr = models.TextField(_("réponse (français)"))
    question_nl = models.TextField(_("question (néerlandais)"), blank=True)
    answer_nl = models.TextField(_("réponse (néerlandais)"), blank=True)
    question_en = models.TextField(_("question (anglais)"), blank=True)
    answer_en = models.TextField(_("réponse (anglais)"), blank=True)
    search_text = models.TextField(blank=True, default="", editable=False)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FaqEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("question publiée")
        verbose_name_plural = _("questions publiées")
        constraints = [
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | (~Q(question_nl="") & ~Q(answer_nl="")),
                name="inbox_faq_published_in_french_and_dutch",
            )
        ]

    def __str__(self) -> str:
        return self.question_fr[:80]

    def text(self, language: str) -> tuple[str, str, str]:
        """The question, the answer and the language they are written in, for a reader in
        ``language``: theirs when written (Dutch, English), French otherwise."""
        if language == "nl" and self.question_nl and self.answer_nl:
            return self.question_nl, self.answer_nl, "nl"
        if language == "en" and self.question_en and self.answer_en:
            return self.question_en, self.answer_en, "en"
        return self.question_fr, self.answer_fr, "fr"
