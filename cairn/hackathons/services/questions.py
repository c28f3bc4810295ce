"""Questions (challenges): members propose them during the call, from a recommendation's
page; organisers write, reword, select, merge or decline them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.core.audit import record_change, snapshot
from cairn.core.translation import with_translations
from cairn.hackathons.models import Hackathon, Phase, Question, QuestionStatus, Role

#: What an organiser may change on a question (the form takes its fields from here).
QUESTION_FIELDS = with_translations(
    ["title", "context", "constraints", "deliverable", "resources", "needed_roles", "sponsor_department", "sponsor"], Question
)


def _validate(question: Question, recommendations: list[Any]) -> None:
    errors: dict[str, list[str]] = {}
    question.title = " ".join(question.title.split())
    if not question.title.endswith("?"):
        errors["title"] = [_("Formulez la question comme une question : elle se termine par « ? ».")]
    if not recommendations:
        errors["recommendations"] = [_("Une question part d’au moins une recommandation.")]
    if set(question.needed_roles) - set(Role.values):
        errors["needed_roles"] = [_("Choisissez des rôles de la liste.")]
    if errors:
        raise ValidationError(errors)


def question_propose(*, actor: Any, hackathon: Hackathon, recommendation: Any, title: str, context: str = "") -> Question:
    """A member proposes a question on a recommendation, during the call for questions."""
    if hackathon.phase != Phase.CALL:
        raise ValidationError(_("L’appel à questions de ce hackathon est fermé."))
    question = Question(hackathon=hackathon, title=title, context=context.strip(), proposed_by=actor)
    _validate(question, [recommendation])
    with transaction.atomic():
        question.save()
        question.recommendations.set([recommendation])
        record_change(actor=actor, instance=question, action="question_propose", after=snapshot(question, ["title"]))
        from cairn.hackathons.notify import question_proposed

        question_proposed(question=question, recommendation=recommendation)
    return question


def question_create(*, actor: Any, hackathon: Hackathon, recommendations: Iterable[Any], **fields: Any) -> Question:
    """An organiser writes a question; it is selected at once."""
    unknown = set(fields) - set(QUESTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown question fields: {sorted(unknown)}")
    recommendations = list(recommendations)
    question = Question(hackathon=hackathon, status=QuestionStatus.SELECTED, **fields)
    _validate(question, recommendations)
    with transaction.atomic():
        question.save()
        question.recommendations.set(recommendations)
        record_change(actor=actor, instance=question, action="question_create", after=snapshot(question, ["title", "status"]))
        if hackathon.phase != Phase.DRAFT:
            questions_announce(questions=[question], actor=actor)
    return question


def questions_announce(*, questions: Iterable[Question], actor: Any) -> None:
    """Tell the followers of the questions' public recommendations, for the questions not
    yet announced, and mark them announced: a hackathon taken back to its draft to correct
    a mistake and opened again announces nothing twice. Call inside the transaction that
    holds the hackathon's lock (``hackathon_set_phase``) or creates the question."""
    from cairn.hackathons.notify import questions_announced

    fresh = [question for question in questions if question.announced_at is None]
    if not fresh:
        return
    now = timezone.now()
    Question.objects.filter(pk__in=[question.pk for question in fresh]).update(announced_at=now)
    for question in fresh:
        question.announced_at = now
    questions_announced(questions=fresh, actor_id=getattr(actor, "pk", None))


def question_update(*, actor: Any, question: Question, recommendations: Iterable[Any] | None = None, **changes: Any) -> Question:
    """Reword a question or change its details; its recommendations stay required."""
    unknown = set(changes) - set(QUESTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown question fields: {sorted(unknown)}")
    with transaction.atomic():
        current = Question.objects.select_for_update().get(pk=question.pk)
        before = snapshot(current, sorted(changes))
        for name, value in changes.items():
            setattr(current, name, value)
        links = list(recommendations) if recommendations is not None else list(current.recommendations.all())
        _validate(current, links)
        current.save(update_fields=[*changes, "updated_at"])
        if recommendations is not None:
            current.recommendations.set(links)
        record_change(actor=actor, instance=current, action="question_update", before=before, after=snapshot(current, sorted(changes)))
    return current


def question_decide(*, actor: Any, question: Question, status: str, merged_into: Question | None = None) -> Question:
    """Select, decline or merge a question into another of the same hackathon (the merged
    one's recommendations join it, so no recommendation loses its trace)."""
    if status not in QuestionStatus.values or status == QuestionStatus.PROPOSED:
        raise ValidationError(_("Choisissez : retenue, fusionnée ou non retenue."))
    if status == QuestionStatus.MERGED and (
        merged_into is None or merged_into.hackathon_id != question.hackathon_id or merged_into.pk == question.pk
    ):
        raise ValidationError({"merged_into": [_("Choisissez une autre question de ce hackathon.")]})
    with transaction.atomic():
        current = Question.objects.select_for_update().get(pk=question.pk)
        if current.teams.exists() and status != QuestionStatus.SELECTED:
            raise ValidationError(_("Des équipes travaillent sur cette question : elle reste retenue."))
        before = snapshot(current, ["status", "merged_into"])
        current.status = status
        current.merged_into = merged_into if status == QuestionStatus.MERGED else None
        current.save(update_fields=["status", "merged_into", "updated_at"])
        if merged_into is not None and status == QuestionStatus.MERGED:
            merged_into.recommendations.add(*current.recommendations.all())
        record_change(
            actor=actor, instance=current, action="question_decide", before=before, after=snapshot(current, ["status", "merged_into"])
        )
    return current
