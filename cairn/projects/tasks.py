"""Background work of projects: ids only, each idempotent."""

from django.tasks import task

from cairn.core.lanes import BULK


@task()
def send_update_request(*, request_id: int) -> bool:
    from cairn.projects.services import update_request_email

    return update_request_email(request_id=request_id)


@task(queue_name=BULK)
def remind_update_requests() -> int:
    """Queued once a day by ``cairn worker``'s scheduler (or by ``cairn manage remind_update_requests``)."""
    from cairn.projects.services import update_requests_remind

    return update_requests_remind()
