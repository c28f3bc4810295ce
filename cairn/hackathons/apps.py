from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HackathonsConfig(AppConfig):
    name = "cairn.hackathons"
    label = "hackathons"
    verbose_name = _("Hackathons")

    def ready(self) -> None:
        from cairn.events.models import Event

        from .models import (
            Answer,
            AnswerVersion,
            Application,
            Criterion,
            Hackathon,
            Juror,
            Membership,
            Mentor,
            MentorSlot,
            Participant,
            Question,
            Score,
            Session,
            Team,
            TeamFile,
            TeamPost,
            Vote,
        )
        from .selectors import hackathons_stamp
        from .stamps import activity_stamp, team_work_stamp
        from .state_of_play import questions_stamp, teams_stamp

        # The home page's hackathons and the API's list are kept under this stamp (cairn.core.stamps).
        hackathons_stamp.watch(Hackathon, Event, through=[Event.organisers.through, Hackathon.stories.through])
        # The state of play's hackathons section is cached under this one.
        questions_stamp.watch(Question, Hackathon, through=[Question.recommendations.through])
        # With it, the recommendation page's section (its teams, their answers).
        teams_stamp.watch(Team, Answer)
        # A visitor's hackathon page and the organisers' board are kept under these too
        # (views/public.py, views/organisers.py).
        activity_stamp.watch(Participant, Membership, Session, Vote, Score, Criterion, Juror)
        # A team's page is kept under these and this one (views/public.py).
        team_work_stamp.watch(TeamPost, TeamFile, AnswerVersion, Application, Mentor, MentorSlot)
