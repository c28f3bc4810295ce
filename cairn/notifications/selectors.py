"""Reads of the notification centre: a member's notifications, with what each says."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from cairn.notifications.models import Event, Follow, Notification, Preference
from cairn.notifications.registry import followables
from cairn.notifications.services import describe, event_url, frequency_of, subject_titles


@dataclass
class NotificationShown:
    notification: Notification
    text: str
    url: str
    subject_title: str
    subject_url: str


def notifications_of(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("event").order_by("-created_at", "-pk")


def notifications_shown(notifications: list[Notification]) -> list[NotificationShown]:
    """Describe a page of notifications: one query per kind of subject (their titles)."""
    titles = subject_titles(n.event for n in notifications)
    shown = []
    for notification in notifications:
        event = notification.event
        title, path = titles.get((event.subject_kind, event.subject_id)) or (event.data.get("title", ""), event_url(event))
        shown.append(NotificationShown(notification, describe(event), event_url(event), title, path))
    return shown


def notifications_version(user: Any) -> tuple[Any, ...]:
    """What changes when a notification reaches the member or they read theirs: their
    number, the latest one and how many are unread (one query on the member's index).
    Notifications are only added, read or erased, so these tell every change."""
    row = Notification.objects.filter(user=user).aggregate(
        n=Count("pk"), last=Max("pk"), unread=Count("pk", filter=Q(read_at__isnull=True))
    )
    return (row["n"], row["last"], row["unread"])


def unread_count(user: Any) -> int:
    return Notification.objects.unread().filter(user=user).count()


@dataclass
class FollowShown:
    kind: str
    kind_label: Any
    target_id: int
    title: str
    url: str


def follows_shown(user: Any) -> list[FollowShown]:
    """What the member follows explicitly, with titles: one query, plus one per kind."""
    rows = list(Follow.objects.filter(user=user, muted=False).order_by("target_kind", "-created_at"))
    by_kind: dict[str, list[int]] = {}
    for row in rows:
        by_kind.setdefault(row.target_kind, []).append(row.target_id)
    titles: dict[tuple[str, int], tuple[str, str]] = {}
    kinds = followables()
    for kind, ids in by_kind.items():
        if kind in kinds:
            for target_id, value in kinds[kind].titles(ids).items():
                titles[kind, target_id] = value
    shown = []
    for row in rows:
        if (row.target_kind, row.target_id) in titles:
            title, url = titles[row.target_kind, row.target_id]
            shown.append(FollowShown(row.target_kind, kinds[row.target_kind].label, row.target_id, title, url))
    return shown


def personal_data(*, user: Any) -> dict[str, Any]:
    """A member's part of notifications in their data export: what they follow (or stopped
    following), their e-mail choice, their notifications, and the events they caused that
    others were notified of."""
    preference = Preference.objects.filter(user=user).first()
    return {
        "follows": [
            {"id": f.pk, "about": f"{f.target_kind}:{f.target_id}", "unfollowed": f.muted, "since": f.created_at.isoformat()}
            for f in Follow.objects.filter(user=user).order_by("pk")
        ],
        "email_frequency": frequency_of(user),
        # The choice they made, if any (None: the default applies).
        "email_preference": {"id": preference.pk, "frequency": preference.frequency} if preference else None,
        "notifications": [
            {
                "id": n.pk,
                "kind": n.event.kind,
                "about": f"{n.event.subject_kind}:{n.event.subject_id}",
                "at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
                "emailed_at": n.emailed_at.isoformat() if n.emailed_at else None,
            }
            for n in Notification.objects.filter(user=user).select_related("event").order_by("pk")
        ],
        "events_caused": [
            {"id": e.pk, "kind": e.kind, "about": f"{e.subject_kind}:{e.subject_id}", "at": e.created_at.isoformat()}
            for e in Event.objects.filter(actor=user).order_by("pk")
        ],
    }
