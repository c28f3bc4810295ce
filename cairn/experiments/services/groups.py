"""Forming the groups of a topic: groups (each with its project of kind "experiment"),
places proposed, moved and removed by hand, a facilitator assigned within their limit,
invitations accepted or declined within the delay, places left offered to the next
interested people, and requests to join a group open to new members. Each change audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.accounts.rules import is_facilitator
from cairn.core.audit import record_change
from cairn.experiments.models import HOLDING_STATES, Call, CallState, Expression, Group, GroupStatus, Placement, PlacementState, Topic
from cairn.projects.models import ProjectKind, ProjectStatus
from cairn.projects.services import project_create, project_link_recommendation, project_update


def _two_groups_error() -> ValidationError:
    return ValidationError(_("Cette personne a déjà une place dans un autre groupe de ce sujet."), code="two_groups")


def _refuse_unless_forming(topic: Topic) -> Call:
    """The topic's call, read afresh: groups form once it is closed."""
    call = Call.objects.get(pk=topic.call_id)
    if call.state not in (CallState.CLOSED, CallState.GROUPS_FORMED):
        raise ValidationError(_("Les groupes se forment une fois l’appel clos."), code="not_closed")
    return call


def group_create(
    *, actor: Any, topic: Topic, name: str, office: Any = None, online: bool = False, languages: str = "fr", rhythm: str = ""
) -> Group:
    """A group of the topic, within the call's limit of groups per topic, with the project of
    kind "experiment" that carries it into the registry (linked to the topic's recommendations)."""
    call = _refuse_unless_forming(topic)
    with transaction.atomic():
        if Group.objects.select_for_update().filter(topic=topic).count() >= call.max_groups_per_topic:
            raise ValidationError(
                _("Ce sujet a déjà le nombre maximal de groupes (%(n)s).") % {"n": call.max_groups_per_topic}, code="too_many"
            )
        group = Group(call=call, topic=topic, name=name.strip(), office=office, online=online, languages=languages)
        if rhythm:
            group.rhythm = rhythm
        group.full_clean(exclude=["project", "series"])
        group.save()
        project = project_create(
            actor=actor,
            title=f"{group.name} — {topic.title}"[:200],
            summary=_("Expérimentation de sociétaires : %(topic)s") % {"topic": topic.title[:300]},
            kind=ProjectKind.EXPERIMENT,
            status=ProjectStatus.PLANNED,
            starts_on=timezone.localdate(),
        )
        for recommendation in topic.recommendations.all():
            project_link_recommendation(actor=actor, project=project, recommendation=recommendation, answer="partly")
        group.project = project
        group.save(update_fields=["project", "updated_at"])
        record_change(actor=actor, instance=group, action="create", after={"name": group.name, "topic": topic.pk, "project": project.pk})
    return group


def placement_add(*, actor: Any, group: Group, user: Any, reason: str = "", state: str = PlacementState.PROPOSED) -> Placement:
    """Place a member in a group: refused when they already hold a place in another group
    of the same topic."""
    if Placement.objects.filter(topic=group.topic, user=user, state__in=HOLDING_STATES).exists():
        raise _two_groups_error()
    try:
        with transaction.atomic():
            placement = Placement.objects.create(group=group, topic=group.topic, user=user, reason=reason[:300], state=state)
            record_change(actor=actor, instance=group, action="placement_add", after={"user": user.pk, "state": state})
    except IntegrityError:
        raise _two_groups_error() from None
    return placement


def placement_move(*, actor: Any, placement: Placement, group: Group) -> Placement:
    """Move a proposed place to another group of the same topic (adjusting by hand)."""
    if group.topic_id != placement.topic_id:
        raise ValidationError(_("Une place ne change de groupe qu’au sein d’un même sujet."), code="other_topic")
    if placement.state != PlacementState.PROPOSED:
        raise ValidationError(_("Seule une place proposée, pas encore envoyée, se déplace."), code="sent")
    with transaction.atomic():
        before = placement.group_id
        placement.group = group
        placement.reason = _("Placé·e à la main par l’équipe de coordination.")
        placement.save(update_fields=["group", "reason", "updated_at"])
        record_change(actor=actor, instance=group, action="placement_move", before={"group": before}, after={"group": group.pk})
    return placement


def placement_remove(*, actor: Any, placement: Placement) -> None:
    if placement.state not in (PlacementState.PROPOSED, PlacementState.REQUESTED):
        raise ValidationError(_("Seule une place proposée, pas encore envoyée, se retire."), code="sent")
    with transaction.atomic():
        record_change(actor=actor, instance=placement.group, action="placement_remove", before={"user": placement.user_id})
        placement.delete()


def facilitator_assign(*, actor: Any, group: Group, user: Any) -> Group:
    """Give the group its facilitator: an account holding the facilitator role, within the
    call's limit of groups per facilitator (groups not concluded). They hear of it by e-mail."""
    if not is_facilitator(user):
        raise ValidationError(_("Choisissez une personne qui a le rôle d’animateur·rice."), code="not_facilitator")
    limit = group.call.facilitator_max_groups
    with transaction.atomic():
        current = Group.objects.select_for_update().get(pk=group.pk)
        load = Group.objects.filter(call=current.call, facilitator=user).exclude(pk=current.pk).exclude(status=GroupStatus.CONCLUDED)
        if load.count() >= limit:
            raise ValidationError(
                _("Cette personne anime déjà %(n)s groupes de cet appel, le maximum.") % {"n": limit}, code="facilitator_limit"
            )
        before = current.facilitator_id
        current.facilitator = user
        current.save(update_fields=["facilitator", "updated_at"])
        if current.project is not None:
            project_update(actor=actor, project=current.project, coordinator=user)
        record_change(
            actor=actor, instance=current, action="facilitator_assign", before={"facilitator": before}, after={"facilitator": user.pk}
        )
        from cairn.experiments.tasks import send_facilitator_assigned

        transaction.on_commit(lambda: send_facilitator_assigned.enqueue(group_id=current.pk))
    return current


def _join_project(*, actor: Any, group: Group, user: Any) -> None:
    """A new member of the group joins its project's team (audited by the projects' service)."""
    if group.project is not None:
        project_update(actor=actor, project=group.project, team=[*group.project.team.all(), user])


def _invite(placement: Placement, now: datetime.datetime) -> None:
    from cairn.experiments.tasks import send_invitation

    days = placement.group.call.invitation_days
    placement.state = PlacementState.INVITED
    placement.invited_at = now
    placement.expires_at = now + datetime.timedelta(days=days)
    placement.save(update_fields=["state", "invited_at", "expires_at", "updated_at"])
    transaction.on_commit(lambda: send_invitation.enqueue(placement_id=placement.pk))


def topic_invite(*, actor: Any, topic: Topic) -> int:
    """Send the proposed places of the topic as invitations (each by e-mail, in the
    member's language); how many went."""
    now = timezone.now()
    with transaction.atomic():
        placements = list(
            Placement.objects.select_for_update(of=("self",))
            .filter(topic=topic, state=PlacementState.PROPOSED)
            .select_related("group__call")
        )
        for placement in placements:
            _invite(placement, now)
        if placements:
            record_change(actor=actor, instance=topic.call, action="invitations_sent", after={"topic": topic.pk, "count": len(placements)})
    return len(placements)


def _offer_next(group: Group, now: datetime.datetime) -> Placement | None:
    """Offer a place left in ``group`` to the next person who answered its topic and was
    never offered a place in it (first come, first offered)."""
    taken = Placement.objects.filter(group=group, state__in=HOLDING_STATES).count()
    if taken >= group.call.max_group_size:
        return None
    offered = Placement.objects.filter(topic=group.topic).values("user")
    expression = (
        Expression.objects.filter(topic=group.topic, user__is_active=True).exclude(user__in=offered).order_by("created_at", "pk").first()
    )
    if expression is None:
        return None
    placement = Placement.objects.create(
        group=group, topic=group.topic, user=expression.user, reason=_("Une place s’est libérée : elle vous est proposée.")
    )
    _invite(placement, now)
    return placement


def invitation_answer(*, user: Any, placement: Placement, accept: bool) -> Placement:
    """Accept or decline an invitation, within its delay and once. A member who accepts
    joins the group and its project's team; a place declined goes to the next person."""
    now = timezone.now()
    with transaction.atomic():
        current = Placement.objects.select_for_update(of=("self",)).select_related("group__call", "group__project").get(pk=placement.pk)
        if current.user_id != user.pk:
            raise ValidationError(_("Cette invitation ne vous est pas adressée."), code="not_yours")
        if current.state in (PlacementState.ACCEPTED, PlacementState.DECLINED):
            raise ValidationError(_("Vous avez déjà répondu à cette invitation."), code="answered")
        if current.state == PlacementState.EXPIRED or (current.expires_at is not None and current.expires_at < now):
            raise ValidationError(_("Cette invitation a expiré : la place a été proposée à une autre personne."), code="expired")
        if current.state != PlacementState.INVITED:
            raise ValidationError(_("Cette invitation n’attend pas de réponse."), code="not_invited")
        current.state = PlacementState.ACCEPTED if accept else PlacementState.DECLINED
        current.answered_at = now
        current.save(update_fields=["state", "answered_at", "updated_at"])
        record_change(actor=user, instance=current.group, action="invitation_answer", after={"user": user.pk, "state": current.state})
        if accept:
            _join_project(actor=user, group=current.group, user=user)
            from cairn.experiments.tasks import send_welcome

            transaction.on_commit(lambda: send_welcome.enqueue(placement_id=current.pk))
        if not accept:
            _offer_next(current.group, now)
    return current


def invitations_expire(*, now: datetime.datetime | None = None) -> int:
    """Mark the invitations past their delay expired and offer their places to the next
    people (daily, from the worker); how many expired."""
    now = now or timezone.now()
    expired = 0
    with transaction.atomic():
        for placement in (
            Placement.objects.select_for_update(of=("self",))
            .filter(state=PlacementState.INVITED, expires_at__lt=now)
            .select_related("group__call")
        ):
            placement.state = PlacementState.EXPIRED
            placement.save(update_fields=["state", "updated_at"])
            record_change(actor=None, instance=placement.group, action="invitation_expired", after={"user": placement.user_id})
            _offer_next(placement.group, now)
            expired += 1
    return expired


def unplaced_notify(*, call: Any) -> int:
    """Tell each member who answered the call and holds no place why (once each, by e-mail)."""
    from cairn.experiments.tasks import send_unplaced

    placed = Placement.objects.filter(topic__call=call, state__in=[PlacementState.INVITED, PlacementState.ACCEPTED]).values("user")
    ids = list(
        Expression.objects.filter(topic__call=call, unplaced_notified_at__isnull=True).exclude(user__in=placed).values_list("pk", flat=True)
    )

    def enqueue() -> None:
        for expression_id in ids:
            send_unplaced.enqueue(expression_id=expression_id)

    transaction.on_commit(enqueue)
    return len(ids)


def join_request(*, user: Any, group: Group) -> Placement:
    """Ask to join a group that is open to new members; the group answers."""
    if not group.open_to_requests or group.status == GroupStatus.CONCLUDED:
        raise ValidationError(_("Ce groupe n’accueille pas de nouveaux membres pour l’instant."), code="closed")
    return placement_add(actor=user, group=group, user=user, state=PlacementState.REQUESTED, reason=_("A demandé à rejoindre le groupe."))


def join_answer(*, actor: Any, placement: Placement, accept: bool) -> Placement:
    if placement.state != PlacementState.REQUESTED:
        raise ValidationError(_("Cette demande a déjà reçu une réponse."), code="answered")
    with transaction.atomic():
        placement.state = PlacementState.ACCEPTED if accept else PlacementState.DECLINED
        placement.answered_at = timezone.now()
        placement.save(update_fields=["state", "answered_at", "updated_at"])
        record_change(
            actor=actor, instance=placement.group, action="join_answer", after={"user": placement.user_id, "state": placement.state}
        )
        if accept:
            _join_project(actor=actor, group=placement.group, user=placement.user)
    return placement
