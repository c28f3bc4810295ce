"""Reads of the inbox: a member's conversations, the coordination team's inbox, one
conversation with its messages, the figures. Each owns its joins, so a page costs the same
number of queries whatever the number of conversations or messages."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import get_language

from cairn.core.items import ItemShown, item_kinds, items_shown
from cairn.core.stamps import cached
from cairn.inbox.models import OPEN_STATES, Attachment, Conversation, MailReceipt, Message, MessageKind, ReceiptOutcome, SavedAnswer, State

PAGE_SIZE = 30


def about_of(conversations: list[Conversation], viewer: Any) -> dict[int, ItemShown]:
    """The item each conversation is about, as the viewer may see it: one query per kind."""
    references = {c.pk: (c.about_kind, c.about_id) for c in conversations if c.about_kind and c.about_id is not None}
    shown = items_shown(references.values(), viewer)
    return {pk: shown[reference] for pk, reference in references.items() if reference in shown}


def _attach_about(conversations: list[Conversation], viewer: Any) -> None:
    about = about_of(conversations, viewer)
    for conversation in conversations:
        conversation.about_shown = about.get(conversation.pk)  # type: ignore[attr-defined]


# --- "Mes questions" -------------------------------------------------------------------------


def my_conversations(user: Any) -> list[Conversation]:
    """A member's conversations, latest first (two queries and one per kind of item)."""
    rows: list[Conversation] = list(
        Conversation.objects.filter(person=user)
        .exclude(state__in=[State.UNCONFIRMED, State.SPAM])
        .annotate(answers=Count("messages", filter=Q(messages__kind=MessageKind.ANSWER)))
    )
    _attach_about(rows, user)
    return rows


def _messages(*, with_notes: bool) -> Prefetch:
    qs = Message.objects.select_related("author__profile").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))
    )
    if not with_notes:
        qs = qs.exclude(kind=MessageKind.NOTE)
    return Prefetch("messages", queryset=qs.order_by("created_at", "pk"))


def own_conversation(*, user: Any, reference: str) -> Conversation | None:
    """One of the member's conversations with its messages, internal notes left out."""
    conversation = (
        Conversation.objects.filter(person=user, reference=reference)
        .exclude(state__in=[State.UNCONFIRMED, State.SPAM])
        .prefetch_related(_messages(with_notes=False))
        .first()
    )
    if conversation is not None:
        _attach_about([conversation], user)
    return conversation


# --- The coordination team's inbox -------------------------------------------------------------


@dataclass(frozen=True)
class InboxFilters:
    state: str = ""
    kind: str = ""
    language: str = ""
    about: str = ""
    mine: bool = False
    assignee: int | None = None
    department: int | None = None
    #: A broad theme's id, or "none" for the conversations without one.
    topic: str = ""
    older_than: int | None = None


def inbox_conversations(*, viewer: Any, filters: InboxFilters) -> QuerySet[Conversation]:
    qs = Conversation.objects.visible_to(viewer).select_related("assignee__profile", "department", "person__profile")
    qs = qs.filter(state=filters.state) if filters.state else qs.exclude(state=State.SPAM)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.language:
        qs = qs.filter(language=filters.language)
    if filters.about == "none":
        qs = qs.filter(about_kind="")
    elif filters.about:
        qs = qs.filter(about_kind=filters.about)
    if filters.mine:
        qs = qs.filter(assignee=viewer)
    if filters.assignee:
        qs = qs.filter(assignee_id=filters.assignee)
    if filters.department:
        qs = qs.filter(department_id=filters.department)
    if filters.topic == "none":
        qs = qs.exclude(_in_topic(None))
    elif filters.topic.isdigit():
        qs = qs.filter(_in_topic(int(filters.topic)))
    if filters.older_than is not None:
        cutoff = timezone.now() - datetime.timedelta(days=filters.older_than)
        qs = qs.filter(state__in=OPEN_STATES, created_at__lte=cutoff)
    return qs.order_by("-last_message_at", "-pk")


def _in_topic(topic: int | None) -> Q:
    """Conversations about an item of the broad theme ``topic`` (of any theme when None),
    as the items hook tells: one subquery per kind of item, no query of its own."""
    condition = Q(pk__in=[])
    for kind in item_kinds().values():
        if kind.topics is not None:
            items = kind.topics().filter(broad_theme__isnull=False) if topic is None else kind.topics().filter(broad_theme=topic)
            condition |= Q(about_kind=kind.kind, about_id__in=items.values("pk"))
    return condition


def inbox_page(*, viewer: Any, filters: InboxFilters, page: Any) -> Page[Conversation]:
    """One page of the inbox: the count, the page's rows with their people, and one
    query per kind of item they are about."""
    result = Paginator(inbox_conversations(viewer=viewer, filters=filters), PAGE_SIZE).get_page(page)
    _attach_about(list(result.object_list), viewer)
    return result


def assignee_choices(viewer: Any) -> list[tuple[str, str]]:
    """The people conversations are assigned to, named as the viewer may see them (one query)."""
    from cairn.accounts.models import User
    from cairn.accounts.selectors import person_shown

    people = User.objects.filter(inbox_assigned__isnull=False).select_related("profile").distinct().order_by("pk")
    return [(str(person.pk), str(person_shown(person, viewer).name)) for person in people]


def about_choices() -> list[tuple[str, str]]:
    return [(kind.kind, str(kind.label)) for kind in item_kinds().values()]


def topic_choices() -> list[tuple[str, str]]:
    """The broad themes, in the reader's language (one query)."""
    from cairn.recommendations.models import ThemeCategory

    return [(str(category.pk), str(category.name)) for category in ThemeCategory.objects.all()]


def department_choices() -> list[tuple[str, str]]:
    """The departments a conversation may be assigned to (one query)."""
    from cairn.accounts.models import Department

    return [(str(department.pk), str(department.name)) for department in Department.objects.all()]


def conversation_handled(*, viewer: Any, reference: str) -> Conversation | None:
    """A conversation the viewer may see, alone (one query): what its actions and its kept
    page need to check who may handle it."""
    return Conversation.objects.visible_to(viewer).filter(reference=reference).first()


def conversation_for_staff(*, viewer: Any, reference: str) -> Conversation | None:
    """A conversation with everything said in it, notes included, for those who handle it."""
    conversation = (
        Conversation.objects.visible_to(viewer)
        .filter(reference=reference)
        .select_related("assignee__profile", "department", "person__profile", "duplicate_of")
        .prefetch_related(_messages(with_notes=True))
        .first()
    )
    if conversation is not None:
        _attach_about([conversation], viewer)
    return conversation


def attachment_for(*, conversation: Conversation, pk: int, with_notes: bool) -> Attachment | None:
    qs = Attachment.objects.filter(pk=pk, message__conversation=conversation)
    if not with_notes:
        qs = qs.exclude(message__kind=MessageKind.NOTE)
    return qs.first()


def saved_answers(language: str) -> list[SavedAnswer]:
    return list(SavedAnswer.objects.filter(language=language))


def saved_answer(*, pk: int) -> SavedAnswer | None:
    return SavedAnswer.objects.filter(pk=pk).first()


def saved_answers_by_title() -> list[tuple[str, list[SavedAnswer]]]:
    """Every saved answer, grouped by title with its languages (one query)."""
    grouped: dict[str, list[SavedAnswer]] = {}
    for answer in SavedAnswer.objects.order_by("title", "language"):
        grouped.setdefault(answer.title, []).append(answer)
    return list(grouped.items())


def filed_apart(limit: int = 50) -> list[MailReceipt]:
    """The latest e-mails filed apart or refused (bounces, auto-replies, lists, floods)."""
    return list(MailReceipt.objects.filter(outcome__in=[ReceiptOutcome.FILED, ReceiptOutcome.REFUSED])[:limit])


# --- Figures ---------------------------------------------------------------------------------


@dataclass
class InboxFigures:
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    by_about: list[tuple[str, int]] = field(default_factory=list)
    #: Per broad theme; a conversation about an item of several themes counts in each.
    by_topic: list[tuple[str, int]] = field(default_factory=list)
    by_month: list[tuple[datetime.date, int]] = field(default_factory=list)
    answered: int = 0
    median_first_response_hours: float | None = None
    within_five_working_days: int = 0


def working_days_between(start: datetime.datetime, end: datetime.datetime) -> int:
    """Monday-to-Friday days from ``start`` to ``end`` (local dates), the start not counted."""
    first, last = timezone.localtime(start).date(), timezone.localtime(end).date()
    days = 0
    day = first
    while day < last:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days


def _by_topic(confirmed: QuerySet[Conversation]) -> list[tuple[str, int]]:
    """Conversations per broad theme of the item they are about, the themes' order, those
    without a theme last: one query for the counts per item, one per kind of item that has
    themes, one for the themes' names."""
    from django.utils.translation import gettext as _

    from cairn.recommendations.models import ThemeCategory

    per_item = list(confirmed.values("about_kind", "about_id").annotate(n=Count("pk")).order_by())
    topics_of: dict[tuple[str, int | None], set[int | None]] = {}
    for kind in item_kinds().values():
        if kind.topics is None or not any(row["about_kind"] == kind.kind for row in per_item):
            continue
        ids = confirmed.filter(about_kind=kind.kind).values("about_id")
        for pk, topic in kind.topics().filter(pk__in=ids, broad_theme__isnull=False).values_list("pk", "broad_theme"):
            topics_of.setdefault((kind.kind, pk), set()).add(topic)
    counts: dict[int | None, int] = {}
    for row in per_item:
        for topic in topics_of.get((row["about_kind"], row["about_id"]), {None}):
            counts[topic] = counts.get(topic, 0) + row["n"]
    rows = [(str(category.name), counts[category.pk]) for category in ThemeCategory.objects.all() if category.pk in counts]
    if None in counts:
        rows.append((_("Sans grande thématique"), counts[None]))
    return rows


#: How long the inbox's figures are kept at most: what the inbox's stamp does not see (an
#: item given another broad theme, a renamed theme) shows within it.
FIGURES_TTL = 300


def inbox_figures() -> InboxFigures:
    """The inbox's figures (``_figures``), kept per language under the inbox's stamp: every
    change of a conversation shows on the next request."""
    from cairn.inbox.stamps import inbox_stamp

    return cached("inbox-figures", get_language(), ttl=FIGURES_TTL, stamps=[inbox_stamp], compute=_figures)


def _figures() -> InboxFigures:
    """Messages per kind, item kind, broad theme and month; the median first response; the
    share answered within five working days. A constant number of queries whatever the
    volume (four, and ``_by_topic``'s)."""
    from cairn.inbox.models import Kind

    confirmed = Conversation.objects.in_inbox()
    kinds = dict(Kind.choices)
    labels = {kind.kind: str(kind.label) for kind in item_kinds().values()}
    figures = InboxFigures()
    figures.by_kind = [
        (str(kinds.get(row["kind"], row["kind"])), row["n"]) for row in confirmed.values("kind").annotate(n=Count("pk")).order_by("kind")
    ]
    figures.by_about = [
        (labels.get(row["about_kind"], "—") if row["about_kind"] else "—", row["n"])
        for row in confirmed.values("about_kind").annotate(n=Count("pk")).order_by("about_kind")
    ]
    figures.by_topic = _by_topic(confirmed)
    figures.by_month = [
        (row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"], row["n"])
        for row in confirmed.annotate(month=TruncMonth("created_at")).values("month").annotate(n=Count("pk")).order_by("month")
    ]
    pairs: list[tuple[datetime.datetime, datetime.datetime]] = [
        (confirmed_at or created, answered)
        for confirmed_at, created, answered in confirmed.filter(first_response_at__isnull=False).values_list(
            "confirmed_at", "created_at", "first_response_at"
        )
        if answered is not None
    ]
    figures.answered = len(pairs)
    if pairs:
        figures.median_first_response_hours = round(statistics.median((end - start).total_seconds() / 3600 for start, end in pairs), 1)
        figures.within_five_working_days = len([1 for start, end in pairs if working_days_between(start, end) <= 5])
    return figures


def personal_data(*, user: Any) -> dict[str, Any]:
    """The inbox's part of a member's export: their conversations with what they and the
    cooperative wrote (internal notes left out), those assigned to them, the messages they wrote."""
    own = Conversation.objects.filter(person=user).prefetch_related(_messages(with_notes=False))
    return {
        "conversations": [
            {
                "id": c.pk,
                "reference": c.reference,
                "kind": c.kind,
                "subject": c.subject,
                "language": c.language,
                "state": c.state,
                "about": f"{c.about_kind}:{c.about_id}" if c.about_kind else "",
                "consent_contact": c.consent_contact,
                "consent_contact_until": c.consent_contact_until.isoformat() if c.consent_contact_until else None,
                "consent_publish": c.consent_publish,
                "created_at": c.created_at.isoformat(),
                "messages": [{"id": m.pk, "kind": m.kind, "body": m.body, "at": m.created_at.isoformat()} for m in c.messages.all()],
            }
            for c in own
        ],
        "assigned_to_them": [
            {"id": pk, "reference": ref} for pk, ref in Conversation.objects.filter(assignee=user).values_list("pk", "reference")
        ],
        "messages_written": [
            {"id": pk, "conversation": ref, "kind": kind, "at": at.isoformat()}
            for pk, ref, kind, at in Message.objects.filter(author=user).values_list("pk", "conversation__reference", "kind", "created_at")
        ],
    }


# --- The FAQ -----------------------------------------------------------------------------------


@dataclass
class FaqTopic:
    label: str
    entries: list[tuple[str, str, str]]


def faq_topics(*, language: str, query: str = "") -> list[FaqTopic]:
    """The published questions in the reader's language, by broad theme (one query)."""
    from cairn.core.search import search_filter
    from cairn.inbox.models import FaqEntry

    entries = search_filter(FaqEntry.objects.published().select_related("topic"), query).order_by(
        "topic__position", "topic__name_fr", "-published_at"
    )
    topics: dict[int | None, FaqTopic] = {}
    for entry in entries:
        key = entry.topic_id
        if key not in topics:
            topics[key] = FaqTopic(label=entry.topic.name if entry.topic else "", entries=[])
        topics[key].entries.append(entry.text(language))
    return list(topics.values())


def faq_entry(*, pk: int) -> Any:
    from cairn.inbox.models import FaqEntry

    return FaqEntry.objects.select_related("conversation").filter(pk=pk).first()
