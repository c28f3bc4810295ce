"""Background work of notifications: ids only, each idempotent."""

from django.tasks import task

from cairn.core.lanes import BULK


@task(queue_name=BULK)
def fan_out_event(*, event_id: int) -> int:
    from cairn.notifications.services import event_fan_out

    return event_fan_out(event_id=event_id)


@task(queue_name=BULK)
def send_notification_emails(*, user_id: int, frequency: str) -> bool:
    from cairn.notifications.services import notification_emails_send

    return notification_emails_send(user_id=user_id, frequency=frequency)


@task(queue_name=BULK)
def send_digests(*, frequency: str) -> int:
    from cairn.notifications.services import digests_send

    return digests_send(frequency=frequency)
