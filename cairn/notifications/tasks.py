"""Background work of notifications: ids only, each idempotent."""

from django.tasks import task

from cairn.core.lanes import BULK


@task(queue_name=BULK)
def fan_out_events(*, event_ids: list[int]) -> int:
    """The notifications of a batch of events (those of one transaction, up to
    ``services.EVENTS_PER_TASK``)."""
    from cairn.notifications.services import events_fan_out

    return events_fan_out(event_ids=event_ids)


@task(queue_name=BULK)
def send_notification_emails(*, user_ids: list[int], frequency: str) -> int:
    """The e-mail of each of ``user_ids`` (up to ``services.RECIPIENTS_PER_TASK``); each is
    claimed apart, so a re-run sends nothing twice. Returns how many were sent."""
    from cairn.notifications.services import notification_emails_send

    return sum(notification_emails_send(user_id=user_id, frequency=frequency) for user_id in user_ids)


@task(queue_name=BULK)
def send_digests(*, frequency: str) -> int:
    from cairn.notifications.services import digests_send

    return digests_send(frequency=frequency)
