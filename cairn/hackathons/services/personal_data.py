"""What a member's erasure changes in hackathons (their export is ``selectors.personal_data``)."""

from __future__ import annotations

from typing import Any

from cairn.hackathons.models import Juror, Participant, Question, Score, TeamPost, Vote


def personal_data_erase(*, user: Any) -> None:
    """Erasure: the member's details as a participant go (their seat is the event's, given up
    there) and so do their votes; their scores stay for the results but lose their comments;
    questions they proposed or sponsor stay, without their name; they leave the juries; their logbook entries go."""
    Participant.objects.filter(user=user).delete()
    Vote.objects.filter(user=user).delete()
    Score.objects.filter(juror=user).update(comment="")
    Question.objects.filter(proposed_by=user).update(proposed_by=None)
    Question.objects.filter(sponsor=user).update(sponsor=None)
    Juror.objects.filter(user=user).delete()
    TeamPost.objects.filter(author=user).delete()
