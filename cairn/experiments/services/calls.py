"""Calls for experiments: create, edit, plan, add topics, and move along draft → open →
closed → groups formed. Each change is audited."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cairn.core.audit import record_change, snapshot
from cairn.core.editing import refuse_stale
from cairn.core.translation import with_translations
from cairn.experiments.models import Call, CallPhase, CallState, Group, PhaseKind, Topic

#: What ``call_create`` and ``call_update`` may set; the call form takes its fields from here.
CALL_FIELDS = with_translations(
    [
        "title",
        "framework",
        "interest_deadline",
        "max_groups_per_topic",
        "min_group_size",
        "max_group_size",
        "facilitator_max_groups",
        "invitation_days",
    ],
    Call,
)

#: The moves of a call: name → (from, to).
MOVES = {
    "open": (CallState.DRAFT, CallState.OPEN),
    "close": (CallState.OPEN, CallState.CLOSED),
    "groups_formed": (CallState.CLOSED, CallState.GROUPS_FORMED),
}

Phase = tuple[str, datetime.date, datetime.date | None]


class MoveRefused(ValidationError):
    """The call is not in the state the move starts from (someone moved it first)."""


def _validate_call(call: Call) -> None:
    errors: dict[str, list[str]] = {}
    if call.max_group_size is not None and call.min_group_size is not None and call.max_group_size < call.min_group_size:
        errors["max_group_size"] = [_("La taille maximale d’un groupe ne peut pas être inférieure à sa taille minimale.")]
    if errors:
        raise ValidationError(errors)


def _validate_phases(phases: Sequence[Phase]) -> None:
    kinds = [kind for kind, _start, _end in phases]
    if len(set(kinds)) != len(kinds):
        raise ValidationError({"phases_text": [_("Chaque phase n’apparaît qu’une fois dans le planning.")]})
    for kind, starts_on, ends_on in phases:
        if kind not in PhaseKind.values:
            raise ValidationError({"phases_text": [_("Cette phase n’existe pas : %(kind)s.") % {"kind": kind}]})
        if ends_on is not None and ends_on < starts_on:
            raise ValidationError({"phases_text": [_("Une phase ne peut pas finir avant de commencer.")]})


def _phases_snapshot(call: Call) -> list[str]:
    return [f"{p.kind} {p.starts_on.isoformat()}–{p.ends_on.isoformat() if p.ends_on else ''}" for p in call.phases.all()]


def _set_phases(call: Call, phases: Sequence[Phase]) -> None:
    call.phases.all().delete()
    CallPhase.objects.bulk_create(CallPhase(call=call, kind=kind, starts_on=start, ends_on=end) for kind, start, end in phases)


#: Addresses of the app's own pages under /experimentations/: no call takes them.
RESERVED_SLUGS = {"mes-experimentations", "animation", "sujets", "interets", "invitations", "groupes"}


def _unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "appel"
    if base in RESERVED_SLUGS:
        base = f"appel-{base}"
    slug, n = base, 2
    while Call.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def call_create(*, actor: Any, title: str, phases: Sequence[Phase] = (), **fields: Any) -> Call:
    """A call in draft: nobody outside the staff sees it until it is opened."""
    unknown = set(fields) - set(CALL_FIELDS)
    if unknown:
        raise ValueError(f"Unknown call fields: {sorted(unknown)}")
    _validate_phases(phases)
    with transaction.atomic():
        call = Call(title=title.strip(), slug=_unique_slug(title), created_by=actor if getattr(actor, "is_authenticated", False) else None)
        for name, value in fields.items():
            setattr(call, name, value)
        _validate_call(call)
        call.full_clean()
        call.save()
        _set_phases(call, phases)
        after = snapshot(call, ["title", *fields])
        after["phases"] = _phases_snapshot(call)
        record_change(actor=actor, instance=call, action="create", after=after)
    return call


def call_update(
    *, actor: Any, call: Call, phases: Sequence[Phase] | None = None, expected_updated_at: datetime.datetime | None = None, **changes: Any
) -> Call:
    """Change a call's fields and planning; a stale edit raises ``StaleEdit``."""
    unknown = set(changes) - set(CALL_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    if phases is not None:
        _validate_phases(phases)
    with transaction.atomic():
        current = Call.objects.select_for_update().get(pk=call.pk)
        refuse_stale(current, expected_updated_at)
        changes = {name: value for name, value in changes.items() if getattr(current, name) != value}
        before = snapshot(current, sorted(changes))
        for name, value in changes.items():
            setattr(current, name, value)
        _validate_call(current)
        current.full_clean()
        after: dict[str, Any] = snapshot(current, sorted(changes)) if changes else {}
        if phases is not None:
            old = _phases_snapshot(current)
            _set_phases(current, phases)
            new = _phases_snapshot(current)
            if old != new:
                before["phases"], after["phases"] = old, new
        if after:
            current.save(update_fields=[*changes, "updated_at"])
            record_change(actor=actor, instance=current, action="update", before=before, after=after)
    return current


def call_move(*, actor: Any, call: Call, move: str) -> Call:
    """Open, close, or mark the groups formed. Opening needs a topic; it tells the members
    who asked to hear of the next call. Marking the groups formed tells each member who
    answered and holds no place why (both by e-mail, in the background)."""
    source, target = MOVES[move]
    with transaction.atomic():
        current = Call.objects.select_for_update().get(pk=call.pk)
        if current.state != source:
            raise MoveRefused(_("Cet appel a déjà changé d’état : rien n’a été fait."), code="moved")
        if move == "open" and not current.topics.exists():
            raise ValidationError(_("Un appel s’ouvre avec au moins un sujet."), code="no_topic")
        current.state = target
        current.save(update_fields=["state", "updated_at"])
        record_change(actor=actor, instance=current, action=f"call_{move}", before={"state": source}, after={"state": target})
        if move == "open":
            from cairn.experiments.tasks import send_call_opened

            transaction.on_commit(lambda: send_call_opened.enqueue(call_id=current.pk))
        if move == "groups_formed":
            from cairn.experiments.services.groups import unplaced_notify

            unplaced_notify(call=current)
    return current


def call_invite(*, actor: Any, call: Call, user: Any) -> None:
    """Invite one member to answer an open call: the e-mail the call's opening sends, to
    them alone (an expression of interest routed from the inbox). Refused once the call no
    longer takes answers."""
    if not call.accepts_interest:
        raise ValidationError(
            _("Cet appel ne reçoit plus d’expressions d’intérêt : la date limite est passée ou l’appel n’est pas ouvert."),
            code="deadline",
        )
    from cairn.experiments.tasks import send_call_invitation

    with transaction.atomic():
        record_change(actor=actor, instance=call, action="call_invite", after={"user": user.pk})
        transaction.on_commit(lambda: send_call_invitation.enqueue(call_id=call.pk, user_id=user.pk))


#: A topic's texts, French then Dutch and English: what ``topic_add`` and ``topic_update``
#: set besides its recommendations, and what the topic form edits.
TOPIC_FIELDS = with_translations(["title", "description"], Topic)


def _open_to_change(call: Call) -> None:
    if call.state not in (CallState.DRAFT, CallState.OPEN):
        raise ValidationError(_("Les sujets d’un appel clos ne changent plus."), code="closed")


def _set_texts(topic: Topic, texts: dict[str, str]) -> None:
    unknown = set(texts) - set(TOPIC_FIELDS)
    if unknown:
        raise ValueError(f"Unknown topic fields: {sorted(unknown)}")
    for name, value in texts.items():
        setattr(topic, name, (value or "").strip())


def topic_add(*, actor: Any, call: Call, title: str, recommendations: Iterable[Any] = (), **texts: str) -> Topic:
    """A topic for a call still in draft or open; ``texts``: the rest of ``TOPIC_FIELDS``
    (its description, its Dutch and English versions)."""
    _open_to_change(call)
    with transaction.atomic():
        topic = Topic(call=call, position=call.topics.count())
        _set_texts(topic, {"title": title, **texts})
        topic.full_clean()
        topic.save()
        topic.recommendations.set(list(recommendations))
        record_change(
            actor=actor,
            instance=call,
            action="topic_add",
            after={"topic": topic.title, "recommendations": sorted(r.reference for r in topic.recommendations.all())},
        )
    return topic


def topic_update(
    *,
    actor: Any,
    topic: Topic,
    recommendations: Iterable[Any] = (),
    expected_updated_at: datetime.datetime | None = None,
    **texts: str,
) -> Topic:
    """Reword a topic, translate it (``texts``: any of ``TOPIC_FIELDS``), or change the
    recommendations it acts on, while its call is in draft or open (a closed call's topics
    are what members answered). An edit of a version someone changed since is refused
    (``refuse_stale``)."""
    with transaction.atomic():
        current = Topic.objects.select_for_update().select_related("call").get(pk=topic.pk)
        _open_to_change(current.call)
        refuse_stale(current, expected_updated_at)
        before = {**snapshot(current, TOPIC_FIELDS), "recommendations": sorted(r.reference for r in current.recommendations.all())}
        _set_texts(current, texts)
        current.full_clean()
        current.save()
        current.recommendations.set(list(recommendations))
        after = {**snapshot(current, TOPIC_FIELDS), "recommendations": sorted(r.reference for r in current.recommendations.all())}
        if after != before:
            record_change(actor=actor, instance=current.call, action="topic_update", before=before, after=after)
            # The pages that show topics are kept under the calls' stamps, which read the
            # calls' change times, and the state of play under the groups': a topic's
            # change is its call's, and its groups' when they act on other recommendations.
            current.call.save(update_fields=["updated_at"])
            if after["recommendations"] != before["recommendations"]:
                for group in Group.objects.filter(topic=current):
                    group.save(update_fields=["updated_at"])
    return current


def topic_remove(*, actor: Any, topic: Topic) -> None:
    """A topic goes only from a draft call: once open, members may have answered it."""
    if topic.call.state != CallState.DRAFT:
        raise ValidationError(_("Un sujet ne se retire que d’un appel en brouillon."), code="published")
    with transaction.atomic():
        record_change(actor=actor, instance=topic.call, action="topic_remove", before={"topic": topic.title})
        topic.delete()
