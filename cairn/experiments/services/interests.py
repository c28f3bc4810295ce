"""Expressions of interest: a member answers a call per topic, edits or withdraws the
answer until the deadline. Each change is audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cairn.core.audit import record_change, snapshot
from cairn.experiments.models import Call, Expression, Moment, Rhythm, Topic

#: What a member writes in an expression of interest; the form takes its fields from here.
EXPRESSION_FIELDS = ["motivation", "rhythm", "moments", "office", "online", "languages", "co_lead", "keep_informed"]


def _refuse_after_deadline(topic: Topic) -> None:
    """Read the call's state and deadline afresh: the call may have closed since the page
    (or the caller) read it."""
    call = Call.objects.only("state", "interest_deadline").get(pk=topic.call_id)
    if not call.accepts_interest:
        raise ValidationError(
            _("Cet appel ne reçoit plus d’expressions d’intérêt : la date limite est passée ou l’appel n’est pas ouvert."),
            code="deadline",
        )


def _validate(expression: Expression, skills: Iterable[Any], user: Any) -> list[Any]:
    errors: dict[str, list[str]] = {}
    if not expression.online and expression.office_id is None:
        errors["office"] = [_("Choisissez un bureau ou une ville, ou indiquez que vous pouvez participer en ligne.")]
    if expression.rhythm not in Rhythm.values:
        errors["rhythm"] = [_("Choisissez un rythme.")]
    moments = expression.moments.split()
    if not moments or any(m not in Moment.values for m in moments):
        errors["moments"] = [_("Choisissez au moins un moment.")]
    if not expression.languages.split():
        errors["languages"] = [_("Choisissez au moins une langue.")]
    if not expression.motivation.strip():
        errors["motivation"] = [_("Dites en quelques mots ce qui vous motive.")]
    skills = list(skills)
    own = set(user.profile.skills.values_list("pk", flat=True)) if hasattr(user, "profile") else set()
    if any(skill.pk not in own for skill in skills):
        errors["skills"] = [_("Choisissez parmi les compétences de votre profil.")]
    if errors:
        raise ValidationError(errors)
    return skills


def _snapshot(expression: Expression) -> dict[str, Any]:
    data = snapshot(expression, EXPRESSION_FIELDS)
    data["skills"] = sorted(s.name for s in expression.skills.all())
    return data


def expression_create(*, user: Any, topic: Topic, skills: Iterable[Any] = (), **fields: Any) -> Expression:
    """Refused after the deadline, or when the member already answered this topic."""
    unknown = set(fields) - set(EXPRESSION_FIELDS)
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    _refuse_after_deadline(topic)
    expression = Expression(topic=topic, user=user, **fields)
    skills = _validate(expression, skills, user)
    if Expression.objects.filter(topic=topic, user=user).exists():
        raise ValidationError(_("Vous avez déjà exprimé votre intérêt pour ce sujet : modifiez votre réponse."), code="twice")
    try:
        with transaction.atomic():
            expression.full_clean(exclude=["skills", "topic", "user"])
            expression.save()
            expression.skills.set(skills)
            record_change(actor=user, instance=expression, action="create", after=_snapshot(expression))
    except IntegrityError:  # the same answer sent twice at once
        raise ValidationError(_("Vous avez déjà exprimé votre intérêt pour ce sujet : modifiez votre réponse."), code="twice") from None
    return expression


def expression_update(*, user: Any, expression: Expression, skills: Iterable[Any] | None = None, **changes: Any) -> Expression:
    unknown = set(changes) - set(EXPRESSION_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    _refuse_after_deadline(expression.topic)
    with transaction.atomic():
        current = Expression.objects.select_for_update().get(pk=expression.pk)
        before = _snapshot(current)
        for name, value in changes.items():
            setattr(current, name, value)
        chosen = _validate(current, skills if skills is not None else current.skills.all(), user)
        current.full_clean(exclude=["skills", "topic", "user"])
        current.save(update_fields=[*changes, "updated_at"])
        if skills is not None:
            current.skills.set(chosen)
        after = _snapshot(current)
        if after != before:
            record_change(actor=user, instance=current, action="update", before=before, after=after)
    return current


def expression_withdraw(*, user: Any, expression: Expression) -> None:
    """The answer goes; only until the deadline (after it the groups are being formed)."""
    _refuse_after_deadline(expression.topic)
    with transaction.atomic():
        record_change(actor=user, instance=expression, action="withdraw", before={"topic": expression.topic_id})
        expression.delete()
