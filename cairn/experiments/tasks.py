"""Background e-mails of experiments: ids only, each sends nothing twice."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.tasks import task

from cairn.core.lanes import BULK
from cairn.experiments import emails
from cairn.experiments.models import Call, Expression, Placement
from cairn.experiments.services import mailing


@task(queue_name=BULK)
def send_call_opened(*, call_id: int) -> int:
    """Tell the members who asked, in an earlier call, to hear of the next one. Once per call."""
    if not mailing.call_announcement_claim(call_id=call_id):
        return 0
    call = Call.objects.get(pk=call_id)
    from cairn.accounts.models import User

    asked = Expression.objects.filter(user=OuterRef("pk"), keep_informed=True).exclude(topic__call=call)
    sent = 0
    told: list[str] = []
    for user in User.objects.filter(Exists(asked)).select_related("profile").order_by("pk"):
        if _send_call_opened(call, user):
            sent += 1
            told.append(user.email)
    # The people who asked the inbox to hear of calls on this topic — the call itself or one
    # of its topics' recommendations — are told by the inbox, once per address, unless this
    # call's own e-mail has just reached them.
    from cairn.experiments.models import Topic
    from cairn.inbox.services.interest import interested_notify

    recommendations = Topic.recommendations.through.objects.filter(topic__call=call).values_list("recommendation_id", flat=True)
    interested_notify(
        about=[("call", call.pk), *(("recommendation", pk) for pk in sorted(set(recommendations)))],
        key=f"call:{call.pk}",
        title=call.title,
        url=call.get_absolute_url(),
        already_told=told,
    )
    return sent


def _send_call_opened(call: Call, user: Any) -> bool:
    language = emails.language_of(user)
    return emails.send(
        "call_opened", user=user, context={"call": call, "url": emails.absolute_url("experiments:call", language, call.slug)}
    )


@task()
def send_call_invitation(*, call_id: int, user_id: int) -> bool:
    """The call's e-mail to one member whose interest the inbox routed to it."""
    from cairn.accounts.models import User

    call = Call.objects.filter(pk=call_id).first()
    user = User.objects.select_related("profile").filter(pk=user_id).first()
    if call is None or user is None:
        return False
    return _send_call_opened(call, user)


@task()
def send_invitation(*, placement_id: int) -> bool:
    """The invitation to a group, with the delay to answer. Once per invitation."""
    if not mailing.invitation_claim(placement_id=placement_id):
        return False
    placement = Placement.objects.select_related("group__call", "group__topic", "user__profile").get(pk=placement_id)
    return emails.send("invitation", user=placement.user, context={"placement": placement, "group": placement.group})


@task()
def send_unplaced(*, expression_id: int) -> bool:
    """Tell a member who answered but was placed in no group why, and whether they will hear
    of the next call. Once per expression."""
    if not mailing.unplaced_claim(expression_id=expression_id):
        return False
    expression = Expression.objects.select_related("topic__call", "user__profile").get(pk=expression_id)
    return emails.send("unplaced", user=expression.user, context={"expression": expression, "topic": expression.topic})


@task()
def send_facilitator_assigned(*, group_id: int) -> bool:
    from cairn.experiments.models import Group

    group = Group.objects.select_related("facilitator__profile", "call", "topic").filter(pk=group_id).first()
    if group is None or group.facilitator is None:
        return False
    language = emails.language_of(group.facilitator)
    return emails.send(
        "facilitator_assigned",
        user=group.facilitator,
        context={"group": group, "url": emails.absolute_url("experiments:group", language, group.pk)},
    )


@task(queue_name=BULK)
def expire_invitations() -> int:
    """Queued once a day by ``cairn worker``'s scheduler: invitations past their delay expire
    and their places go to the next interested people."""
    from cairn.experiments.services.groups import invitations_expire

    return invitations_expire()


@task(queue_name=BULK)
def request_checkins() -> int:
    """Queued once a week by ``cairn worker``'s scheduler: the monthly check-in of each group."""
    from cairn.experiments.services.life import checkins_request

    return checkins_request()


@task()
def propose_groups(*, topic_id: int, actor_id: int | None = None) -> int:
    """Cairn's proposal of a topic's groups (``services.proposals.topic_propose``): the solver
    may take seconds, so it runs in the worker. A topic that has groups already is left as it is."""
    from django.core.exceptions import ValidationError

    from cairn.accounts.models import User
    from cairn.experiments.models import Topic
    from cairn.experiments.services.proposals import topic_propose

    topic = Topic.objects.filter(pk=topic_id).first()
    if topic is None:
        return 0
    try:
        return topic_propose(actor=User.objects.filter(pk=actor_id).first() if actor_id else None, topic=topic)
    except ValidationError:
        return 0


@task()
def send_welcome(*, placement_id: int) -> bool:
    """A member who accepted their place: the group's page and its next meetings as an .ics."""
    from django.utils import timezone

    from cairn.events.models import Event
    from cairn.experiments.models import PlacementState

    placement = Placement.objects.select_related("group", "user__profile").filter(pk=placement_id, state=PlacementState.ACCEPTED).first()
    if placement is None:
        return False
    group = placement.group
    events = (
        list(Event.objects.filter(projects=group.project_id, ends_at__gte=timezone.now()).order_by("starts_at")[:20])
        if group.project_id
        else []
    )
    language = emails.language_of(placement.user)
    return emails.send(
        "welcome",
        user=placement.user,
        context={"group": group, "url": emails.absolute_url("experiments:group", language, group.pk), "meetings": len(events)},
        events=events,
        calendar_name=group.name,
    )


@task()
def register_members(*, group_id: int | None = None) -> int:
    """Register a group's people (or, queued once a day by ``cairn worker``'s scheduler, those
    of every active or forming group) for its upcoming meetings: ``meetings.meetings_register_members``."""
    from cairn.experiments.models import Group, GroupStatus
    from cairn.experiments.services.meetings import meetings_register_members

    groups = Group.objects.filter(project__isnull=False).select_related("project")
    groups = groups.filter(pk=group_id) if group_id else groups.exclude(status=GroupStatus.CONCLUDED)
    return sum(meetings_register_members(group=group) for group in groups.order_by("pk"))
