"""The stamp a visitor's hackathon page is kept under, beside the hackathons', questions' and
teams' (``cairn.core.stamps``)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import Count, Max

from cairn.core.stamps import stamp
from cairn.hackathons.models import (
    AnswerVersion,
    Application,
    Criterion,
    Juror,
    Membership,
    Mentor,
    MentorSlot,
    Participant,
    Score,
    Session,
    TeamFile,
    TeamPost,
    Vote,
)


@stamp("hackathon-activity")
def activity_stamp() -> tuple[Any, ...]:
    """What changes on a hackathon's page and its organisers' board besides the hackathon,
    its questions and its teams: who takes part and in which team, the programme, the
    jury (its criteria and members), the public's votes and the jury's scores. The
    participants, votes and scores by their number and latest change; the memberships, the
    programme's moments, the criteria and the jurors, which carry no change time, by a
    digest of their rows (a few hundred per hackathon). Six queries."""
    participants = Participant.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    judged = Vote.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    scores = Score.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    rows = (
        list(Membership.objects.order_by("pk").values_list("pk", "team_id", "participant_id", "locked")),
        list(Session.objects.order_by("pk").values_list("pk", "hackathon_id", "kind", "title", "starts_at", "ends_at")),
        list(Criterion.objects.order_by("pk").values_list("pk", "hackathon_id", "name", "weight")),
        list(Juror.objects.order_by("pk").values_list("pk", "hackathon_id", "user_id")),
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


def page_stamps() -> list[Any]:
    """What a hackathon's page and its organisers' board are made of: the hackathon and its
    event (with its organisers and linked stories), its questions, teams and answers, who
    takes part, the programme, the jury, votes and scores, the event's registrations, the
    projects the teams became, the stories and how people are named."""
    from cairn.accounts.selectors import people_stamp
    from cairn.events.stamps import agenda_stamp
    from cairn.hackathons.selectors import hackathons_stamp
    from cairn.hackathons.state_of_play import questions_stamp, teams_stamp
    from cairn.projects.stamps import projects_stamp
    from cairn.stories.selectors import published_stamp

    return [hackathons_stamp, questions_stamp, teams_stamp, activity_stamp, agenda_stamp, projects_stamp, published_stamp, people_stamp]


@stamp("hackathon-team-work")
def team_work_stamp() -> tuple[Any, ...]:
    """What changes in a team's own work besides the team and its answer: its logbook, its
    files, the saved versions of its answer, the applications it decides on, its question's
    mentors and their slots. Posts, files, versions and mentors are only added or removed
    (their number and latest id tell it), applications carry a change time, and the slots,
    which a rescheduling moves with ``update()`` (that service forgets this stamp), by a
    digest of their rows (a few per question). Six queries."""
    posts = TeamPost.objects.aggregate(n=Count("pk"), last=Max("pk"))
    files = TeamFile.objects.aggregate(n=Count("pk"), last=Max("pk"))
    versions = AnswerVersion.objects.aggregate(n=Count("pk"), last=Max("pk"))
    applications = Application.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    mentors = Mentor.objects.aggregate(n=Count("pk"), last=Max("pk"))
    slots = list(MentorSlot.objects.order_by("pk").values_list("pk", "mentor_id", "mentor__question_id", "starts_at", "ends_at"))
    return (
        *posts.values(),
        *files.values(),
        *versions.values(),
        applications["n"],
        str(applications["latest"]),
        *mentors.values(),
        hashlib.sha256(repr(slots).encode()).hexdigest(),
    )
