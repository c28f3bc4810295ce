from django.tasks import task

from cairn.accounts.models import User
from cairn.core.lanes import BULK


@task(queue_name=BULK)
def send_invitations(*, user_ids: list[int]) -> int:
    """Invite imported members; a re-run skips those already invited."""
    from cairn.accounts.services import member_invite

    sent = 0
    for user in User.objects.filter(pk__in=user_ids).order_by("pk"):
        sent += member_invite(user=user)
    return sent


@task(queue_name=BULK)
def purge_shared_cache() -> int:
    """Queued once a day by ``cairn worker``'s scheduler: expired sign-in counters go."""
    from cairn.accounts.services import shared_cache_purge

    return shared_cache_purge()
