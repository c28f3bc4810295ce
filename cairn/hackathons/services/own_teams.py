"""Members form or join a team themselves, during the teams phase: a participant starts a
team on a question and posts the roles it looks for; others apply; a team member accepts
or declines. Self-formed memberships are locked, so Cairn's formation keeps them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cairn.core.audit import record_change
from cairn.hackathons.models import (
    Application,
    ApplicationStatus,
    Hackathon,
    Membership,
    Participant,
    Phase,
    Question,
    QuestionStatus,
    Role,
    Team,
)

SELF_FORMED = "self_formed"


def _open(hackathon_id: int) -> Hackathon:
    hackathon = Hackathon.objects.select_for_update().get(pk=hackathon_id)
    if hackathon.phase != Phase.TEAMS:
        raise ValidationError(_("Les équipes se forment pendant la phase « Formation des équipes »."))
    return hackathon


def team_start(*, participant: Participant, question: Question, open_roles: Iterable[str]) -> Team:
    """Start a team on a question (the next free team number) and post the roles it seeks."""
    roles = sorted(set(open_roles))
    if set(roles) - set(Role.values):
        raise ValidationError(_("Choisissez des rôles de la liste."))
    if question.hackathon_id != participant.hackathon_id or question.status != QuestionStatus.SELECTED:
        raise ValidationError(_("Cette équipe ou cette personne n’appartient pas à ce hackathon."))
    with transaction.atomic():
        hackathon = _open(participant.hackathon_id)
        if Membership.objects.filter(participant=participant).exists():
            raise ValidationError(_("Vous êtes déjà dans une équipe."))
        taken = set(Team.objects.filter(question=question).values_list("number", flat=True))
        free = [n for n in range(hackathon.teams_per_question) if n not in taken]
        if not free:
            raise ValidationError(_("Cette question a au plus %(n)s équipes.") % {"n": hackathon.teams_per_question})
        team = Team.objects.create(hackathon=hackathon, question=question, number=free[0], open_roles=roles)
        Membership.objects.create(team=team, participant=participant, locked=True, reasons=[{"code": SELF_FORMED, "data": {}}])
        record_change(actor=participant.user, instance=team, action="team_start", after={"open_roles": roles})
    return team


def application_submit(*, participant: Participant, team: Team) -> Application:
    """Apply to a team of the same hackathon that looks for someone; once."""
    if team.hackathon_id != participant.hackathon_id:
        raise ValidationError(_("Cette équipe n’appartient pas à ce hackathon."))
    with transaction.atomic():
        _open(team.hackathon_id)
        if Membership.objects.filter(participant=participant).exists():
            raise ValidationError(_("Vous êtes déjà dans une équipe."))
        if not Team.objects.get(pk=team.pk).open_roles:
            raise ValidationError(_("Cette équipe ne cherche personne."))
        application, _created = Application.objects.get_or_create(team=team, participant=participant)
        record_change(actor=participant.user, instance=team, action="application_submit", after={"participant": participant.pk})
    return application


def application_decide(*, actor: Any, application: Application, accept: bool) -> Application:
    """A team member accepts (within the size bound) or declines an application."""
    with transaction.atomic():
        hackathon = _open(application.team.hackathon_id)
        current = Application.objects.select_for_update().select_related("team", "participant").get(pk=application.pk)
        team = current.team
        if not team.memberships.filter(participant__user=actor).exists():
            raise ValidationError(_("Seuls les membres de l’équipe décident."))
        if current.status != ApplicationStatus.PENDING:
            return current
        if accept:
            if Membership.objects.filter(participant=current.participant).exists():
                raise ValidationError(_("Cette personne a déjà rejoint une équipe."))
            if team.memberships.count() >= hackathon.team_max_size:
                raise ValidationError(_("Cette équipe est complète (%(n)s personnes au plus).") % {"n": hackathon.team_max_size})
            Membership.objects.create(team=team, participant=current.participant, locked=True, reasons=[{"code": SELF_FORMED, "data": {}}])
        current.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.DECLINED
        current.save(update_fields=["status", "updated_at"])
        record_change(actor=actor, instance=team, action="application_decide", after={"application": current.pk, "status": current.status})
    return current
