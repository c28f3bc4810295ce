"""Telling the people who asked to hear about a topic that something opened on it.

A sender may agree, until a date, to be told of future calls and hackathons on what their
message is about. When a later app opens something — a hackathon on a recommendation, a
call for experiments on a project — it calls ``interested_notify`` with the items the new
thing is about, a key naming it, its title and its page. Each consenting conversation about
one of those items is claimed once per key (``InterestNotice``, unique), and each address
gets one e-mail, in its conversation's language, however many of its conversations match
and however often the caller calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from cairn.inbox.models import INBOX_STATES, Conversation, InterestNotice


def interested_notify(
    *, about: Iterable[tuple[str, int]], key: str, title: str, url: str, person: Any = None, already_told: Iterable[str] = ()
) -> int:
    """E-mail, once per ``key``, everyone whose consent covers one of the items ``about``
    (``(kind, id)`` pairs) and has not expired; returns how many addresses were told.

    With ``person``, only that member's conversations: an app's ``route`` sends them the
    notice of something already open, which everyone else got when it opened (same key).
    ``already_told`` are addresses the app has just e-mailed about the same thing itself:
    their conversations are marked as told, and no second e-mail goes to them."""
    from cairn.inbox import tasks

    pairs = list(about)
    if not pairs:
        return 0
    matching = Q()
    for kind, item_id in pairs:
        matching |= Q(about_kind=kind, about_id=item_id)
    candidates = Conversation.objects.filter(
        matching, consent_contact=True, consent_contact_until__gte=timezone.localdate(), state__in=INBOX_STATES, duplicate_of__isnull=True
    ).order_by("created_at", "pk")
    if person is not None:
        candidates = candidates.filter(person=person)
    skipped = {address.casefold() for address in already_told}
    told: dict[str, int] = {}
    for conversation in candidates:
        try:
            with transaction.atomic():
                InterestNotice.objects.create(conversation=conversation, key=key[:100])
        except IntegrityError:
            continue  # told about this one before
        if conversation.email.casefold() not in skipped:
            told.setdefault(conversation.email, conversation.pk)

    def send(conversation_id: int) -> None:
        tasks.send_interest_notice.enqueue(conversation_id=conversation_id, title=title, url=url)

    for conversation_id in told.values():
        transaction.on_commit(partial(send, conversation_id))
    return len(told)


def interest_notice_send(*, conversation_id: int, title: str, url: str) -> bool:
    from cairn.inbox.emails import send_interest_email

    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None:
        return False
    send_interest_email(conversation=conversation, title=title, url=url)
    return True
