"""Background work of the hackathons: forming teams, and the e-mails of a phase change.
Each task takes ids and is safe to run twice."""

from __future__ import annotations

from django.tasks import task

from cairn.core import grouping
from cairn.core.lanes import BULK
from cairn.hackathons import emails
from cairn.hackathons.models import Hackathon, Participant
from cairn.hackathons.services.mailing import cancellation_claim
from cairn.hackathons.services.teams import grouping_input, teams_apply, teams_formation_refused


@task()
def form_teams(*, hackathon_id: int, round: int) -> bool:
    """Form the teams of round ``round``; a later request makes this one write nothing."""
    hackathon = Hackathon.objects.filter(pk=hackathon_id, formation_round=round).first()
    if hackathon is None:
        return False
    people, targets, settings = grouping_input(hackathon)
    try:
        result = grouping.form_groups(people, targets, settings)
    except grouping.Refused as refusal:  # e.g. locks that cannot all be kept: the teams stay, the board says why
        teams_formation_refused(hackathon_id=hackathon_id, round=round, refusal=refusal)
        return False
    return teams_apply(hackathon_id=hackathon_id, round=round, result=result)


@task(queue_name=BULK)
def send_phase_emails(*, hackathon_id: int, phase: str) -> int:
    """Each participant hears of the phase: their team with the programme (.ics) when the
    hackathon starts, the results when they are out. Sent once per participant and phase."""
    hackathon = Hackathon.objects.select_related("event").filter(pk=hackathon_id, phase=phase).first()
    if hackathon is None:
        return 0
    participants = Participant.objects.filter(hackathon=hackathon).select_related("user__profile", "membership__team__question")
    return sum(emails.send_phase_email(hackathon=hackathon, participant=p, phase=phase) for p in participants)


@task(queue_name=BULK)
def send_mentoring_cancelled(*, cancellation_id: int) -> int:
    """Each member of the question's teams hears that the mentor's slots are off; once per
    cancellation, claimed before sending, so a re-run sends nothing."""
    if not cancellation_claim(cancellation_id=cancellation_id):
        return 0
    return emails.send_mentoring_cancelled(cancellation_id=cancellation_id)
