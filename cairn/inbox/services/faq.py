"""The FAQ: answered questions published, anonymised and with consent, in French and Dutch,
and in English when the team writes it (English readers get French otherwise, marked so).

``faq_draft`` starts an entry from a conversation whose sender agreed to publication and
that was answered: the texts are prefilled from its subject and its first answer, and the
coordination team rewrites them without any name before ``faq_save(publish=True)``, which
needs both languages. Nothing from a conversation is published as it was written.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.core.audit import record_change
from cairn.core.search import normalise
from cairn.inbox.models import Conversation, FaqEntry, MessageKind

FAQ_FIELDS = ["topic", "question_fr", "answer_fr", "question_nl", "answer_nl", "question_en", "answer_en"]


def faq_draft(*, conversation: Conversation, actor: Any) -> FaqEntry:
    if not conversation.consent_publish:
        raise ValidationError(_("La personne n’a pas accepté que sa question soit publiée."), code="no_consent")
    answer = conversation.messages.filter(kind=MessageKind.ANSWER).order_by("created_at", "pk").first()
    if answer is None:
        raise ValidationError(_("Répondez d’abord à la question."), code="unanswered")
    with transaction.atomic():
        entry = FaqEntry.objects.create(
            conversation=conversation, question_fr=conversation.subject, answer_fr=answer.body, search_text=normalise(conversation.subject)
        )
        record_change(actor=actor, instance=entry, action="faq_draft", after={"conversation": conversation.pk})
    return entry


def faq_save(*, entry: FaqEntry, actor: Any, publish: bool, **texts: Any) -> FaqEntry:
    """Save the rewritten texts; ``publish`` publishes (both languages needed) or withdraws."""
    for name, value in texts.items():
        if name not in FAQ_FIELDS:
            raise ValueError(name)
        setattr(entry, name, value.strip() if isinstance(value, str) else value)
    if publish and not (entry.question_nl and entry.answer_nl):
        raise ValidationError({"question_nl": _("Écrivez la question et la réponse en néerlandais avant de publier.")})
    if bool(entry.question_en) != bool(entry.answer_en):
        raise ValidationError({"question_en": _("Écrivez la question et la réponse en anglais, ou laissez les deux vides.")})
    before = entry.published_at
    entry.published_at = (before or timezone.now()) if publish else None
    entry.search_text = normalise(
        " ".join([entry.question_fr, entry.answer_fr, entry.question_nl, entry.answer_nl, entry.question_en, entry.answer_en])
    )
    with transaction.atomic():
        entry.full_clean(exclude=["conversation"])
        entry.save(update_fields=[*FAQ_FIELDS, "published_at", "search_text", "updated_at"])
        record_change(actor=actor, instance=entry, action="faq_save", after={"published": publish})
    return entry
