"""The stamp a visitor's hackathon page is kept under, beside the hackathons', questions' and
teams' (``cairn.core.stamps``)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import Count, Max

from cairn.core.stamps import stamp
from cairn.hackathons.models import Membership, Participant, Score, Session, Vote


@stamp("hackathon-activity")
def activity_stamp() -> tuple[Any, ...]:
    """What changes on a hackathon's page besides the hackathon, its questions and its
    teams: who takes part and in which team, the programme, the public's votes and the
    jury's scores. The participants, votes and scores by their number and latest change;
    the memberships and the programme's moments, which carry no change time, by a digest of
    their rows (a few hundred per hackathon). Four queries."""
    participants = Participant.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    judged = Vote.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    scores = Score.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    rows = (
        list(Membership.objects.order_by("pk").values_list("pk", "team_id", "participant_id", "locked")),
        list(Session.objects.order_by("pk").values_list("pk", "hackathon_id", "kind", "title", "starts_at", "ends_at")),
    )
    return (
        participants["n"],
        str(participants["latest"]),
        judged["n"],
        str(judged["latest"]),
        scores["n"],
        str(scores["latest"]),
        hashlib.sha256(repr(rows).encode()).hexdigest(),
    )
