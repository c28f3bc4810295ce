"""Background work of the inbox: ids only, each idempotent (a re-run sends nothing twice)."""

from django.tasks import task

from cairn.core.lanes import BULK


@task()
def send_confirmation(*, conversation_id: int) -> bool:
    """The link a visitor follows to confirm their address (services.asking.confirmation_send)."""
    from cairn.inbox.services.asking import confirmation_send

    return confirmation_send(conversation_id=conversation_id)


@task()
def send_acknowledgement(*, conversation_id: int) -> bool:
    """The acknowledgement with the reference, once (services.asking.acknowledgement_send)."""
    from cairn.inbox.services.asking import acknowledgement_send

    return acknowledgement_send(conversation_id=conversation_id)


@task()
def send_answer(*, message_id: int) -> bool:
    """An answer written in Cairn, as an e-mail, once (services.triage.answer_send)."""
    from cairn.inbox.services.triage import answer_send

    return answer_send(message_id=message_id)


@task(queue_name=BULK)
def read_mailbox() -> int:
    """Import what arrived in the cooperative's mailbox (services.mailbox.mailbox_read)."""
    from cairn.inbox.services.mailbox import mailbox_read

    return mailbox_read()


@task(queue_name=BULK)
def apply_retention() -> int:
    """Delete closed conversations past the retention, and unconfirmed ones past their week."""
    from cairn.inbox.services.personal_data import retention_apply

    return retention_apply()


@task()
def send_interest_notice(*, conversation_id: int, title: str, url: str) -> bool:
    """Tell one sender that something opened on their topic (services.interest)."""
    from cairn.inbox.services.interest import interest_notice_send

    return interest_notice_send(conversation_id=conversation_id, title=title, url=url)
