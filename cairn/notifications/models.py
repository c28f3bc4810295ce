"""Follows, events and the notifications they give each follower (DESIGN.md §5).

A follow names its item by a registered kind ("recommendation", "project", "category",
"group", "story_series"…) and an id, so that this app imports no domain app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immédiatement")
    DAILY = "daily", _("Résumé quotidien")
    WEEKLY = "weekly", _("Résumé hebdomadaire")
    NEVER = "never", _("Jamais (seulement sur Cairn)")


class Follow(models.Model):
    """A member follows an item; ``muted`` records an unfollow of what they follow
    without asking (a working group's recommendations), so it stays unfollowed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    target_kind = models.CharField(_("type"), max_length=30)
    target_id = models.PositiveIntegerField()
    muted = models.BooleanField(_("désabonné"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("suivi")
        verbose_name_plural = _("suivis")
        constraints = [models.UniqueConstraint(fields=["user", "target_kind", "target_id"], name="notifications_follow_once")]
        indexes = [models.Index(fields=["target_kind", "target_id"], name="notifications_follow_target")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.target_kind}:{self.target_id}"


class Event(models.Model):
    """Something that happened to an item: an assessment published, a project update…"""

    kind = models.CharField(max_length=30)
    #: The item the event is about: its notifications are grouped under it.
    subject_kind = models.CharField(max_length=30)
    subject_id = models.PositiveIntegerField()
    #: Every followed item the event concerns (the recommendation, its category, groups…).
    targets = models.JSONField(default=list)
    data = models.JSONField(default=dict)
    url_name = models.CharField(max_length=80)
    url_args = models.JSONField(default=list)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    fanned_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_kind}:{self.subject_id}"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def not_emailed(self) -> NotificationQuerySet:
        return self.filter(emailed_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="notifications_once_per_event")]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notifications_user_recent"),
            models.Index(fields=["user", "emailed_at"], name="notifications_user_emailed"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.event_id}"


class Preference(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference")
    frequency = models.CharField(_("e-mails"), max_length=12, choices=Frequency.choices, default=Frequency.WEEKLY)

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.frequency}"
