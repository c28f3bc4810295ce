"""Every write of the notifications app: follows, events and their fan-out, e-mails.

Domain apps call ``notify_event`` inside the transaction of their change; the event is
fanned out to followers by a background task once that commits, and e-mails leave from
background tasks too (immediately, or in the daily or weekly digest). Every step is
idempotent: a re-run creates no second notification and sends no second e-mail.
"""

from __future__ import annotations

import datetime
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from cairn.core.oncommit import on_commit_batch
from cairn.notifications.models import Event, Follow, Frequency, Notification, Preference
from cairn.notifications.registry import event_kinds, followables

Target = tuple[str, int]


# --- follows ------------------------------------------------------------------------------


def follow(*, user: Any, kind: str, target_id: int) -> Follow:
    if kind not in followables():
        raise ValueError(f"Not a followable kind: {kind}")
    row, created = Follow.objects.get_or_create(user=user, target_kind=kind, target_id=target_id)
    if not created and row.muted:
        Follow.objects.filter(pk=row.pk).update(muted=False)
        row.muted = False
    return row


def unfollow(*, user: Any, kind: str, target_id: int) -> None:
    """Stop following: the row stays, muted, so that what the member followed without
    asking (their working group's recommendations) stays unfollowed too."""
    row, created = Follow.objects.get_or_create(user=user, target_kind=kind, target_id=target_id, defaults={"muted": True})
    if not created and not row.muted:
        Follow.objects.filter(pk=row.pk).update(muted=True)


def preference_set(*, user: Any, frequency: str) -> Preference:
    if frequency not in Frequency.values:
        raise ValueError(f"Unknown frequency: {frequency}")
    preference, _created = Preference.objects.update_or_create(user=user, defaults={"frequency": frequency})
    return preference


# --- events and their fan-out -------------------------------------------------------------


def notify_event(
    *,
    kind: str,
    targets: Sequence[Target],
    subject: Target,
    data: dict[str, Any],
    url_name: str,
    url_args: Sequence[Any] = (),
    actor_id: int | None = None,
) -> Event:
    """Record that something happened; its followers are notified after commit."""
    event = Event.objects.create(
        kind=kind,
        subject_kind=subject[0],
        subject_id=subject[1],
        targets=[[k, i] for k, i in targets],
        data=data,
        url_name=url_name,
        url_args=list(url_args),
        actor_id=actor_id,
    )
    # Every event of the transaction in a few tasks, after commit (an import raises thousands).
    on_commit_batch("notifications:fan-out", event.pk, queue_fan_out)
    return event


#: How many events one fan-out task takes, and how many members one e-mail task writes to:
#: a fan-out to thousands of people queues a few tasks, not one per event or per person.
EVENTS_PER_TASK = 200
RECIPIENTS_PER_TASK = 200


def _chunks[T](items: Sequence[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def queue_fan_out(event_ids: Sequence[int]) -> None:
    from cairn.notifications.tasks import fan_out_events

    for chunk in _chunks(event_ids, EVENTS_PER_TASK):
        fan_out_events.enqueue(event_ids=chunk)


def queue_emails(user_ids: Iterable[int], *, frequency: str) -> None:
    """Queue the e-mails of ``user_ids``, ``RECIPIENTS_PER_TASK`` members per task."""
    from cairn.notifications.tasks import send_notification_emails

    for chunk in _chunks(sorted(set(user_ids)), RECIPIENTS_PER_TASK):
        send_notification_emails.enqueue(user_ids=chunk, frequency=frequency)


def followers_of(targets: Iterable[Target]) -> set[int]:
    """Who follows any of ``targets``, explicitly or implicitly, less those who unfollowed
    that item. A constant number of queries whatever the number of followers."""
    by_kind: dict[str, set[int]] = {}
    for kind, target_id in targets:
        by_kind.setdefault(kind, set()).add(int(target_id))
    followers: set[int] = set()
    for kind, ids in by_kind.items():
        rows = Follow.objects.filter(target_kind=kind, target_id__in=ids).values_list("user_id", "target_id", "muted")
        muted = {(user_id, target_id) for user_id, target_id, is_muted in rows if is_muted}
        followers |= {user_id for user_id, _target, is_muted in rows if not is_muted}
        followable = followables().get(kind)
        if followable is not None and followable.implicit_followers is not None:
            for target_id, users in followable.implicit_followers(ids).items():
                followers |= {user_id for user_id in users if (user_id, target_id) not in muted}
    return followers


def events_fan_out(*, event_ids: Sequence[int]) -> int:
    """Fan out each of ``event_ids`` (``event_fan_out``), then queue the e-mails of every
    member who asked to hear at once, ``RECIPIENTS_PER_TASK`` per task: one e-mail each,
    however many of the events concern them. Returns the notifications given."""
    given, immediate = 0, set()
    for event_id in event_ids:
        count, at_once = _fan_out(event_id)
        given += count
        immediate |= at_once
    queue_emails(immediate, frequency=Frequency.IMMEDIATELY)
    return given


def event_fan_out(*, event_id: int) -> int:
    """Give each follower one notification of the event (a re-run adds none), then send
    the e-mails of those who asked to hear at once."""
    return events_fan_out(event_ids=[event_id])


def _fan_out(event_id: int) -> tuple[int, set[int]]:
    """The event's notifications (one per active follower, none twice), and who of them
    wants e-mails at once."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return 0, set()
    from cairn.accounts.models import User

    followers = followers_of((kind, target_id) for kind, target_id in event.targets)
    followers.discard(event.actor_id)  # type: ignore[arg-type]
    active = list(User.objects.filter(pk__in=followers, is_active=True, anonymised_at__isnull=True).values_list("pk", flat=True))
    with transaction.atomic():
        Notification.objects.bulk_create([Notification(user_id=pk, event=event) for pk in active], ignore_conflicts=True, batch_size=1000)
        Event.objects.filter(pk=event.pk, fanned_out_at__isnull=True).update(fanned_out_at=timezone.now())
    immediate = set(Preference.objects.filter(user_id__in=active, frequency=Frequency.IMMEDIATELY).values_list("user_id", flat=True))
    return len(active), immediate


# --- e-mails ------------------------------------------------------------------------------


def frequency_of(user: Any) -> str:
    preference = Preference.objects.filter(user=user).values_list("frequency", flat=True).first()
    return preference or Frequency.WEEKLY


def event_url(event: Event) -> str:
    """The event's page, in the active language."""
    return reverse(event.url_name, args=event.url_args)


def describe(event: Event) -> str:
    kind = event_kinds().get(event.kind)
    return kind.describe(event.data) if kind is not None else event.kind


def subject_titles(events: Iterable[Event]) -> dict[Target, tuple[str, str]]:
    """The title and page of each event's subject: one query per kind of subject."""
    by_kind: dict[str, set[int]] = {}
    for event in events:
        by_kind.setdefault(event.subject_kind, set()).add(event.subject_id)
    titles: dict[Target, tuple[str, str]] = {}
    for kind, ids in by_kind.items():
        followable = followables().get(kind)
        if followable is not None:
            for target_id, value in followable.titles(ids).items():
                titles[kind, target_id] = value
    return titles


def unsubscribe_token(*, user_id: int, kind: str = "", target_id: int = 0) -> str:
    """A signed token: unfollow one item, or (without ``kind``) stop every e-mail."""
    return signing.dumps({"u": user_id, "k": kind, "t": target_id}, salt="cairn.notifications.unsubscribe", compress=True)


class ExpiredUnsubscribeToken(Exception):
    """A genuine unsubscribe link older than ``CAIRN_UNSUBSCRIBE_LINK_DAYS``."""


def read_unsubscribe_token(token: str) -> dict[str, Any] | None:
    """What a link's token says (who, and which item), ``None`` when it is not one of
    Cairn's; raises ``ExpiredUnsubscribeToken`` for one of Cairn's that is too old (every
    e-mail carries a fresh link)."""
    max_age = datetime.timedelta(days=settings.CAIRN_UNSUBSCRIBE_LINK_DAYS)
    try:
        data = signing.loads(token, salt="cairn.notifications.unsubscribe", max_age=max_age)
    except signing.SignatureExpired:
        raise ExpiredUnsubscribeToken from None
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    return data


def unsubscribe(*, token_data: dict[str, Any]) -> Any:
    from cairn.accounts.models import User

    user = User.objects.filter(pk=token_data["u"], is_active=True).first()
    if user is None:
        return None
    if token_data.get("k"):
        unfollow(user=user, kind=token_data["k"], target_id=int(token_data["t"]))
    else:
        preference_set(user=user, frequency=Frequency.NEVER)
    return user


def notification_emails_send(*, user_id: int, frequency: str) -> bool:
    """One e-mail with every notification of the member not yet e-mailed, grouped by item,
    newest first, in the member's language. The notifications are claimed (``emailed_at``)
    in the same transaction as the send: a re-run finds nothing left to send."""
    from cairn.accounts.models import User
    from cairn.core.emails import render_email

    user = User.objects.select_related("profile").filter(pk=user_id, is_active=True, anonymised_at__isnull=True).first()
    if user is None or frequency_of(user) != frequency:
        return False
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update(of=("self",))
            .not_emailed()
            .filter(user=user)
            .select_related("event")
            .order_by("-event__created_at", "-pk")
        )
        if not pending:
            return False
        claimed = Notification.objects.filter(pk__in=[n.pk for n in pending], emailed_at__isnull=True).update(emailed_at=timezone.now())
        if claimed != len(pending):  # another worker took some of them meanwhile: let it send
            transaction.set_rollback(True)
            return False
        language = getattr(getattr(user, "profile", None), "language", "fr") or "fr"
        events = [n.event for n in pending]
        with translation.override(language):
            titles = subject_titles(events)
            groups: OrderedDict[Target, dict[str, Any]] = OrderedDict()
            for event in events:
                key = (event.subject_kind, event.subject_id)
                if key not in groups:
                    # An item with no registered titles (a story) is named by its event.
                    named = (event.data.get("titles") or {}).get(language) or event.data.get("title")
                    title, path = titles.get(key) or (named or describe(event), event_url(event))
                    groups[key] = {
                        "title": title,
                        "url": settings.SITE_URL + path if path else "",
                        "unsubscribe_url": settings.SITE_URL
                        + reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id=user.pk, kind=key[0], target_id=key[1])]),
                        "entries": [],
                    }
                groups[key]["entries"].append(
                    {"text": describe(event), "url": settings.SITE_URL + event_url(event), "date": event.created_at}
                )
            unsubscribe_all = settings.SITE_URL + reverse("notifications:unsubscribe", args=[unsubscribe_token(user_id=user.pk)])
            centre = settings.SITE_URL + reverse("notifications:centre")
        message = render_email(
            "notifications/email/digest",
            context={
                "name": getattr(getattr(user, "profile", None), "display_name", "") or user.email,
                "groups": list(groups.values()),
                "count": len(events),
                "frequency": frequency,
                "unsubscribe_all_url": unsubscribe_all,
                "centre_url": centre,
            },
            language=language,
        )
        message.to = [user.email]
        message.allow_one_click_unsubscribe(unsubscribe_all)
        message.send()
    return True


def digests_send(*, frequency: str) -> int:
    """Enqueue the digest of every member on ``frequency`` who has something to read."""
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(frequency)
    users = Notification.objects.not_emailed().values_list("user_id", flat=True).distinct()
    if frequency == Frequency.WEEKLY:
        # Weekly is the default: everyone without a preference row, and those who chose it.
        other = Preference.objects.exclude(frequency=Frequency.WEEKLY).values_list("user_id", flat=True)
        chosen = set(users.exclude(user_id__in=other))
    else:
        chosen = set(users.filter(user_id__in=Preference.objects.filter(frequency=frequency).values_list("user_id", flat=True)))
    queue_emails(chosen, frequency=frequency)
    return len(chosen)


def notifications_mark_read(*, user: Any, ids: Iterable[int] | None = None) -> int:
    queryset = Notification.objects.unread().filter(user=user)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return queryset.update(read_at=timezone.now())


# --- personal data ------------------------------------------------------------------------


def personal_data_erase(*, user: Any) -> None:
    """Erasure: the member's follows, notifications and e-mail choice go; what they did
    that others were notified of stays, without their name."""
    Follow.objects.filter(user=user).delete()
    Notification.objects.filter(user=user).delete()
    Preference.objects.filter(user=user).delete()
    Event.objects.filter(actor=user).update(actor=None)
