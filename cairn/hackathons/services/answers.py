"""A team's answer, the jury's scores, the members' vote, and the chosen answers that
become projects linked to the question's recommendations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.core.audit import record_change, snapshot
from cairn.core.editing import refuse_stale
from cairn.hackathons.models import Answer, Criterion, Hackathon, Phase, Score, Team, Vote
from cairn.projects.models import Answer as Covers
from cairn.projects.models import ProjectKind
from cairn.projects.services import project_create, project_link_recommendation, project_post_update

ANSWER_FIELDS = ["summary", "answer", "plan", "links"]


def answer_save(*, actor: Any, team: Team, expected_updated_at: dt.datetime | None = None, **fields: Any) -> Answer:
    """Write or change the team's answer; after the deadline (server time) it is refused,
    as is a stale edit (another member saved in between)."""
    unknown = set(fields) - set(ANSWER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown answer fields: {sorted(unknown)}")
    hackathon = Hackathon.objects.get(pk=team.hackathon_id)  # its phase and deadline as they are now
    if hackathon.phase != Phase.RUNNING:
        raise ValidationError(_("Les réponses s’écrivent pendant le hackathon."))
    if timezone.now() >= hackathon.answers_due_at:
        due = timezone.localtime(hackathon.answers_due_at).strftime("%d/%m/%Y %H:%M")
        raise ValidationError(
            _("La remise des réponses est close depuis le %(due)s (heure de Bruxelles) : la réponse ne change plus.") % {"due": due}
        )
    errors = {name: [_("Ce champ est obligatoire.")] for name in ("summary", "answer", "plan") if not str(fields.get(name, "")).strip()}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Team.objects.select_for_update().get(pk=team.pk)
        current = Answer.objects.filter(team=team).first()
        if current is None:
            current = Answer.objects.create(team=team, **fields)
            record_change(actor=actor, instance=current, action="answer_create", after=snapshot(current, ["summary"]))
            return current
        refuse_stale(current, expected_updated_at)
        before = snapshot(current, ANSWER_FIELDS)
        for name, value in fields.items():
            setattr(current, name, value)
        current.save(update_fields=[*fields, "updated_at"])
        record_change(actor=actor, instance=current, action="answer_update", before=before, after=snapshot(current, ANSWER_FIELDS))
    return current


def score_submit(*, juror: Any, team: Team, scores: Mapping[int, tuple[int, str]]) -> list[Score]:
    """A juror's scores of one team, every criterion at once (1 to 5, a comment each). A juror
    may not score a team they belong to; a second submission replaces the first."""
    hackathon = Hackathon.objects.get(pk=team.hackathon_id)
    if hackathon.phase != Phase.JUDGING:
        raise ValidationError(_("Le jury note pendant la phase de délibération."))
    if not hackathon.jurors.filter(user=juror).exists():
        raise ValidationError(_("Seul·es les juré·es de ce hackathon notent les équipes."))
    if team.memberships.filter(participant__user=juror).exists():
        raise ValidationError(_("Vous faites partie de cette équipe : vous ne pouvez pas la noter."))
    criteria = {c.pk: c for c in hackathon.criteria.all()}
    if set(scores) != set(criteria):
        raise ValidationError(_("Notez chaque critère."))
    if any(not isinstance(v, int) or not 1 <= v <= 5 for v, _c in scores.values()):
        raise ValidationError(_("Une note va de 1 à 5."))
    with transaction.atomic():
        saved = []
        for criterion_id, (value, comment) in sorted(scores.items()):
            score, _created = Score.objects.update_or_create(
                criterion=criteria[criterion_id], team=team, juror=juror, defaults={"value": value, "comment": comment.strip()[:2000]}
            )
            saved.append(score)
        record_change(actor=juror, instance=team, action="score_submit", after={str(k): v for k, (v, _c) in scores.items()})
    return saved


def criterion_add(*, actor: Any, hackathon: Hackathon, name: str, weight: int) -> Criterion:
    if not name.strip() or not 1 <= weight <= 10:
        raise ValidationError(_("Un critère a un nom et un poids de 1 à 10."))
    with transaction.atomic():
        criterion = Criterion.objects.create(hackathon=hackathon, name=name.strip(), weight=weight)
        record_change(actor=actor, instance=hackathon, action="criterion_add", after={"name": criterion.name, "weight": weight})
    return criterion


def juror_add(*, actor: Any, hackathon: Hackathon, user: Any) -> None:
    from cairn.hackathons.models import Juror

    with transaction.atomic():
        Juror.objects.get_or_create(hackathon=hackathon, user=user)
        record_change(actor=actor, instance=hackathon, action="juror_add", after={"user": user.pk})


def vote_cast(*, user: Any, hackathon: Hackathon, team: Team) -> Vote:
    """A member's vote: one per member and hackathon, changeable until the results. Many at
    once are each counted once (the unique constraint decides; a race updates)."""
    if Hackathon.objects.filter(pk=hackathon.pk).values_list("phase", flat=True).first() != Phase.JUDGING:
        raise ValidationError(_("Le vote est ouvert pendant la délibération du jury."))
    if team.hackathon_id != hackathon.pk:
        raise ValidationError(_("Cette équipe n’appartient pas à ce hackathon."))
    try:
        with transaction.atomic():
            vote, created = Vote.objects.get_or_create(hackathon=hackathon, user=user, defaults={"team": team})
    except IntegrityError:  # the same member twice at once: the other request created it
        vote, created = Vote.objects.get(hackathon=hackathon, user=user), False
    if not created and vote.team_id != team.pk:
        vote.team = team
        vote.save(update_fields=["team", "updated_at"])
    return vote


def answer_choose(*, actor: Any, team: Team, covers: str = Covers.PARTLY) -> Any:
    """The organisers choose a team's answer: a project of kind "hackathon" is created with
    the team, the sponsor department as owner, the question's recommendations linked, and
    the answer as its first update. Choosing it again changes nothing."""
    hackathon = Hackathon.objects.get(pk=team.hackathon_id)
    if hackathon.phase not in (Phase.RESULTS, Phase.FOLLOW_UP):
        raise ValidationError(_("Une réponse se retient une fois les résultats publiés."))
    answer = Answer.objects.filter(team=team).first()
    if answer is None:
        raise ValidationError(_("Cette équipe n’a pas remis de réponse."))
    if covers not in Covers.values:
        raise ValidationError(_("Dites si le projet répond entièrement ou en partie."))
    with transaction.atomic():
        current = Team.objects.select_for_update().select_related("question").get(pk=team.pk)
        if current.project_id:
            return current.project
        question = current.question
        members = [m.participant.user for m in current.memberships.select_related("participant__user")]
        project = project_create(
            actor=actor,
            title=question.title[:200],
            summary=answer.summary[:400],
            kind=ProjectKind.HACKATHON,
            team=members,
            department=question.sponsor_department,
            coordinator=question.sponsor,
            text=answer.plan,
        )
        for recommendation in question.recommendations.all():
            project_link_recommendation(actor=actor, project=project, recommendation=recommendation, answer=covers)
        project_post_update(actor=actor, project=project, posted_on=timezone.localdate(), text=f"{answer.summary}\n\n{answer.answer}")
        current.project = project
        current.save(update_fields=["project", "updated_at"])
        record_change(actor=actor, instance=current, action="answer_choose", after={"project": project.pk})
    team.project = project
    return project
