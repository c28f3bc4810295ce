"""A fan-out to thousands of followers queues a few tasks of many recipients each (bulk
lane), not one task per event or per person, and notifies each recipient exactly once."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.core import mail
from django.db import transaction
from django.tasks import default_task_backend
from django.test import override_settings

from cairn.accounts.factories import UserFactory
from cairn.core.lanes import BULK
from cairn.notifications import services
from cairn.notifications.models import Follow, Frequency, Notification, Preference
from cairn.notifications.tasks import fan_out_events, send_notification_emails
from cairn.recommendations.factories import RecommendationFactory
from cairn.recommendations.services.assessments import assessment_record

pytestmark = pytest.mark.django_db

FOLLOWERS = 450
QUEUED_ONLY = {"TASKS": {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default", BULK]}}}


def _queued() -> list[tuple[str, str, dict]]:
    return [(result.task.name, result.task.queue_name, result.kwargs) for result in default_task_backend.results]


def test_a_fan_out_to_hundreds_queues_a_few_tasks_and_notifies_each_once(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    recs = RecommendationFactory.create_batch(3)
    followers = UserFactory.create_batch(FOLLOWERS)
    Follow.objects.bulk_create(Follow(user=user, target_kind="recommendation", target_id=rec.pk) for user in followers for rec in recs)
    Preference.objects.bulk_create(Preference(user=user, frequency=Frequency.IMMEDIATELY) for user in followers)

    with override_settings(**QUEUED_ONLY):
        default_task_backend.clear()
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            for rec in recs:  # three events in one transaction, as an import raises them
                assessment_record(actor=None, recommendation=rec, status="done", effective_date=datetime.date(2024, 5, 1))
        fan_outs = [kwargs for name, lane, kwargs in _queued() if name == "fan_out_events" and lane == BULK]
        assert len(fan_outs) == 1 and len(fan_outs[0]["event_ids"]) == 3  # one task for the transaction's events

        default_task_backend.clear()
        assert fan_out_events.call(**fan_outs[0]) == 3 * FOLLOWERS
        emails = [kwargs for name, lane, kwargs in _queued() if name == "send_notification_emails" and lane == BULK]

    per_task = services.RECIPIENTS_PER_TASK
    assert len(emails) == -(-FOLLOWERS // per_task)  # 3 tasks for 450 people, not 450 (nor 1,350)
    assert all(len(kwargs["user_ids"]) <= per_task for kwargs in emails)
    assert Counter(user_id for kwargs in emails for user_id in kwargs["user_ids"]) == Counter({user.pk: 1 for user in followers})
    assert Counter(Notification.objects.values_list("user_id", flat=True)) == Counter({user.pk: 3 for user in followers})

    for kwargs in emails:  # what the bulk worker does, twice: a re-run sends nothing more
        send_notification_emails.call(**kwargs)
        send_notification_emails.call(**kwargs)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(user.email for user in followers)  # one e-mail each


def test_a_digest_queues_its_members_in_batches() -> None:
    rec = RecommendationFactory()
    members = UserFactory.create_batch(5)
    for member in members:
        services.follow(user=member, kind="recommendation", target_id=rec.pk)
    with override_settings(**QUEUED_ONLY):
        default_task_backend.clear()
        event = services.notify_event(
            kind="assessment_published", targets=[("recommendation", rec.pk)], subject=("recommendation", rec.pk), data={}, url_name="home"
        )
        assert services.events_fan_out(event_ids=[event.pk]) == 5
        assert services.digests_send(frequency=Frequency.WEEKLY) == 5
        queued = _queued()
    assert [(name, lane, sorted(kwargs["user_ids"])) for name, lane, kwargs in queued] == [
        ("send_notification_emails", BULK, sorted(member.pk for member in members))
    ]
