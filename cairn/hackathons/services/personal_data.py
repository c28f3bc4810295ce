"""What a member's erasure changes in hackathons (their export is ``selectors.personal_data``)."""

from __future__ import annotations

from typing import Any

from cairn.hackathons.models import (
    AnswerVersion,
    Juror,
    Mentor,
    MentoringCancellation,
    Participant,
    Question,
    Score,
    TeamFile,
    TeamPost,
    Vote,
)


def personal_data_erase(*, user: Any) -> None:
    """Erasure: the member's details as a participant go (their seat is the event's, given up
    there) and so do their votes; their scores stay for the results but lose their comments;
    questions they proposed or sponsor stay, without their name; they leave the juries and stop mentoring (the record of their slots taken back goes too); their logbook entries go; the answer versions they saved and the files they gave their team stay
    the team's, without their name."""
    Participant.objects.filter(user=user).delete()
    Vote.objects.filter(user=user).delete()
    Score.objects.filter(juror=user).update(comment="")
    Question.objects.filter(proposed_by=user).update(proposed_by=None)
    Question.objects.filter(sponsor=user).update(sponsor=None)
    Juror.objects.filter(user=user).delete()
    TeamPost.objects.filter(author=user).delete()
    TeamFile.objects.filter(uploaded_by=user).update(uploaded_by=None)
    Mentor.objects.filter(user=user).delete()
    MentoringCancellation.objects.filter(mentor=user).delete()  # an e-mail not yet sent no longer names them
    AnswerVersion.objects.filter(author=user).update(author=None)
