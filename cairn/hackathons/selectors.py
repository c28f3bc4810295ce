"""Reads of the hackathons: lists and pages (each in a constant number of queries), the
sections they add to other apps' pages, results, and a member's data."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

from cairn.accounts.models import Sector, Skill
from cairn.core.stamps import cached, stamp
from cairn.events.models import RegistrationStatus
from cairn.hackathons.models import (
    PHASE_ORDER,
    AnswerVersion,
    Application,
    ApplicationStatus,
    Hackathon,
    Juror,
    Membership,
    Mentor,
    MentoringCancellation,
    Participant,
    Phase,
    Question,
    QuestionStatus,
    Score,
    Team,
    TeamFile,
    TeamPost,
    Vote,
)
from cairn.projects.models import Project
from cairn.recommendations.models import Recommendation

#: The related rows a page of a hackathon needs with it.
HACKATHON_RELATED = ("event",)


def hackathon_list(*, viewer: Any) -> QuerySet[Hackathon]:
    return Hackathon.objects.visible_to(viewer).select_related(*HACKATHON_RELATED).order_by("-event__starts_at", "-pk")


def visible_hackathon(*, viewer: Any, slug: str) -> Hackathon | None:
    hackathon = Hackathon.objects.visible_to(viewer).select_related(*HACKATHON_RELATED).filter(slug=slug).first()
    if hackathon is not None:
        hackathon.organiser_ids = list(hackathon.event.organisers.values_list("pk", flat=True))  # type: ignore[attr-defined]
    return hackathon


def _questions(hackathon: Hackathon, statuses: list[str]) -> list[Question]:
    return list(
        hackathon.questions.filter(status__in=statuses)
        .select_related("sponsor_department", "sponsor__profile")
        .prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.only("pk", "reference", "title").order_by("reference"))
        )
        .order_by("pk")
    )


def _teams(hackathon: Hackathon, **only: Any) -> list[Team]:
    """The hackathon's teams with their question, answer, project and members (``only``
    narrows them: one team's page reads that team alone)."""
    return list(
        Team.objects.filter(hackathon=hackathon, **only)
        .select_related("hackathon", "question", "answer", "project")
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("participant__user__profile").order_by("participant_id"))
        )
        .order_by("question_id", "number")
    )


@dataclass
class HackathonPage:
    hackathon: Hackathon
    organisers: list[Any]
    sessions: list[Any]
    questions: list[Question]
    proposals: list[Question]
    teams: list[Team]
    participant: Participant | None
    registration: Any
    counts: dict[str, int]
    my_vote: int | None = None
    results: list[Any] = field(default_factory=list)
    is_juror: bool = False
    report: dict[str, Any] | None = None

    @property
    def phases(self) -> list[tuple[str, Any, str]]:
        """Each phase with its label and whether it is past, current or to come."""
        index = self.hackathon.phase_index
        return [
            (value, label, "past" if n < index else "current" if n == index else "future") for n, (value, label) in enumerate(Phase.choices)
        ]


def hackathon_page(*, viewer: Any, hackathon: Hackathon, manage: bool) -> HackathonPage:
    """Everything a hackathon's page shows, for a hackathon the view found with
    ``visible_hackathon`` (it decides 404 and who manages before asking for the page)."""
    event = hackathon.event
    organisers = list(event.organisers.select_related("profile").order_by("pk"))
    participant = registration = None
    my_vote = None
    if getattr(viewer, "is_authenticated", False):
        participant = Participant.objects.filter(hackathon=hackathon, user=viewer).select_related("membership__team").first()
        registration = event.registrations.filter(user=viewer).first()
        my_vote = Vote.objects.filter(hackathon=hackathon, user=viewer).values_list("team_id", flat=True).first()
        juror = Juror.objects.filter(hackathon=hackathon, user=viewer).exists()
    else:
        juror = False
    counts = dict(event.registrations.values_list("status").annotate(n=Count("pk")).order_by())
    show_teams = hackathon.phase_index >= PHASE_ORDER.index(Phase.TEAMS)
    teams = _teams(hackathon) if show_teams else []
    return HackathonPage(
        hackathon=hackathon,
        organisers=organisers,
        sessions=list(hackathon.sessions.order_by("starts_at", "pk")),
        questions=_questions(hackathon, [QuestionStatus.SELECTED]),
        proposals=_questions(hackathon, [QuestionStatus.PROPOSED]) if manage else [],
        teams=teams,
        participant=participant,
        registration=registration,
        counts={str(k): v for k, v in counts.items()},
        my_vote=my_vote,
        results=results(hackathon, teams=teams if show_teams else None)
        if hackathon.phase_index >= PHASE_ORDER.index(Phase.RESULTS) or manage
        else [],
        is_juror=juror,
        report=hackathon_report(hackathon) if show_teams else None,
    )


def hackathon_report(hackathon: Hackathon) -> dict[str, Any]:
    """Who took part (by office, sector, language, newcomers), how mixed the teams are
    (distinct offices per team, on average), the answers, and the chosen answers with their
    projects' status. Six queries whatever the size."""
    rows = list(
        Participant.objects.filter(hackathon=hackathon)
        .values_list("pk", "languages", "first_participation", "user__profile__office__name", "user__profile__sector_id")
        .order_by("pk")
    )
    sectors = {sector.pk: sector.name for sector in Sector.objects.filter(pk__in={r[4] for r in rows if r[4]})}
    by_office: dict[str, int] = defaultdict(int)
    by_sector: dict[str, int] = defaultdict(int)
    by_language: dict[str, int] = defaultdict(int)
    office_of = {}
    for pk, languages, _first, office, sector in rows:
        by_office[office or "—"] += 1
        by_sector[sectors.get(sector, "—")] += 1
        for code in languages.split():
            by_language[code] += 1
        office_of[pk] = office
    teams: dict[int, set[Any]] = defaultdict(set)
    for team_id, participant_id in Membership.objects.filter(team__hackathon=hackathon).values_list("team_id", "participant_id"):
        teams[team_id].add(office_of.get(participant_id))
    chosen = list(Team.objects.filter(hackathon=hackathon, project__isnull=False).select_related("project", "question").order_by("pk"))
    return {
        "participants": len(rows),
        "newcomers": sum(1 for r in rows if r[2]),
        "by_office": sorted(by_office.items(), key=lambda kv: (-kv[1], kv[0])),
        "by_sector": sorted(by_sector.items(), key=lambda kv: (-kv[1], kv[0])),
        "by_language": sorted(by_language.items()),
        "teams": len(teams),
        "offices_per_team": round(sum(len(o) for o in teams.values()) / len(teams), 1) if teams else 0,
        "answers": Team.objects.filter(hackathon=hackathon, answer__isnull=False).count(),
        "chosen": chosen,
    }


def question_page(*, viewer: Any, slug: str, pk: int) -> tuple[Hackathon, Question, list[Team]] | None:
    """A question with its recommendations, sponsor, and the teams with their answers and projects: the whole chain."""
    hackathon = visible_hackathon(viewer=viewer, slug=slug)
    if hackathon is None:
        return None
    question = (
        Question.objects.filter(hackathon=hackathon, pk=pk)
        .select_related("sponsor_department", "sponsor__profile", "merged_into")
        .prefetch_related(Prefetch("recommendations", queryset=Recommendation.objects.visible_to(viewer).order_by("reference")))
        .first()
    )
    if question is None:
        return None
    teams = [t for t in _teams(hackathon) if t.question_id == question.pk]
    return hackathon, question, teams


def team_page(*, viewer: Any, slug: str, pk: int) -> tuple[Hackathon, Team] | None:
    hackathon = visible_hackathon(viewer=viewer, slug=slug)
    if hackathon is None:
        return None
    team = next(iter(_teams(hackathon, pk=pk)), None)
    return (hackathon, team) if team is not None else None


def hackathon_team(*, hackathon: Hackathon, pk: int) -> Team | None:
    """A team of this hackathon (a forged id from another one answers None)."""
    return Team.objects.filter(hackathon=hackathon, pk=pk).select_related("hackathon", "question").first()


def profile_skills(*, user: Any) -> list[str]:
    """The skills on the member's profile, to start their participant details from."""
    return list(Skill.objects.filter(profiles__user=user).order_by("name").values_list("name", flat=True))


def team_posts(*, team: Team) -> list[Any]:
    """The team's logbook, newest first, with its authors' profiles (to name them)."""
    return list(TeamPost.objects.filter(team=team).select_related("author__profile").order_by("-created_at", "-pk")[:100])


def team_files(*, team: Team) -> list[TeamFile]:
    """The team's private files, oldest first (names and sizes only: the view serves them)."""
    return list(TeamFile.objects.filter(team=team).order_by("created_at", "pk"))


def team_file(*, team: Team, pk: int) -> TeamFile | None:
    """A file of this team (a forged id from another team answers None)."""
    return TeamFile.objects.filter(team=team, pk=pk).first()


def answer_versions(*, team: Team) -> list[AnswerVersion]:
    """The saved versions of the team's answer, newest first, with their authors' profiles."""
    return list(AnswerVersion.objects.filter(answer__team=team).select_related("author__profile").order_by("-number")[:100])


def question_mentors(*, question_id: int) -> list[Mentor]:
    """The mentors of a question with their profiles (to name them) and their slots."""
    return list(Mentor.objects.filter(question_id=question_id).select_related("user__profile").prefetch_related("slots").order_by("pk"))


def hackathon_question(*, hackathon: Hackathon, pk: int) -> Question | None:
    """A question of this hackathon (a forged id from another one answers None)."""
    return Question.objects.filter(hackathon=hackathon, pk=pk).select_related("hackathon__event").first()


def mentor_search(*, viewer: Any, query: str, limit: int = 20) -> list[Any]:
    """People whose name holds ``query``, among the profiles the viewer may see: a search by
    name (as the directory searches), never by e-mail address."""
    from cairn.accounts.models import Profile, User

    query = query.strip()
    if len(query) < 2:
        return []
    profiles = Profile.objects.visible_to(viewer).filter(display_name__icontains=query)
    return list(
        User.objects.nameable().filter(profile__in=profiles).select_related("profile").order_by("profile__display_name", "pk")[:limit]
    )


def pending_applications(*, team: Team) -> list[Application]:
    """The applications a team's members decide on, with the applicants' profiles."""
    return list(
        Application.objects.filter(team=team, status=ApplicationStatus.PENDING).select_related("participant__user__profile").order_by("pk")
    )


def hackathon_application(*, hackathon: Hackathon, pk: int) -> Application | None:
    """An application to a team of this hackathon (a forged id from another one answers None)."""
    return Application.objects.filter(team__hackathon=hackathon, pk=pk).select_related("team__hackathon", "participant").first()


def own_participant(*, hackathon: Hackathon, user: Any) -> Participant | None:
    return Participant.objects.filter(hackathon=hackathon, user=user).select_related("membership").first()


def participants_for_board(*, hackathon: Hackathon) -> list[Participant]:
    """Every participant with their registration's state and team, for the organisers."""
    return list(
        Participant.objects.filter(hackathon=hackathon).select_related("user__profile", "membership__team__question").order_by("pk")
    )


def registration_states(*, hackathon: Hackathon) -> dict[int, tuple[str, bool]]:
    """user id → (registration status, checked in)."""
    return {
        r.user_id: (r.status, r.attended_at is not None) for r in hackathon.event.registrations.only("user_id", "status", "attended_at")
    }


# --- Results ------------------------------------------------------------------------------


@dataclass
class TeamResult:
    team: Team
    jury: float | None  # mean of the jurors' normalised scores
    rank: int | None  # equal scores share a rank
    votes: int
    comments: list[tuple[str, str]]  # (criterion, comment)


def results(hackathon: Hackathon, *, teams: list[Team] | None = None) -> list[TeamResult]:
    """The jury's ranking and the members' votes (docs/hackathons.md: each juror's weighted
    mean per team is turned into a z-score across the teams that juror scored — a juror who
    gives everything a 5 weighs as much as a strict one — and a team's result is the mean of
    its z-scores; equal results share a rank). Three queries whatever the size, two when the
    caller already holds the hackathon's ``teams`` (``_teams``)."""
    teams = _teams(hackathon) if teams is None else teams
    scores = list(Score.objects.filter(team__hackathon=hackathon).select_related("criterion").order_by("pk"))
    votes = dict(Vote.objects.filter(hackathon=hackathon).values_list("team_id").annotate(n=Count("pk")).order_by())
    weighted: dict[int, dict[int, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))  # juror → team → (value, weight)
    comments: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for s in scores:
        weighted[s.juror_id][s.team_id].append((s.value, s.criterion.weight))
        if s.comment:
            comments[s.team_id].append((s.criterion.name, s.comment))
    normalised: dict[int, list[float]] = defaultdict(list)
    for by_team in weighted.values():
        means = {t: sum(v * w for v, w in vals) / sum(w for _v, w in vals) for t, vals in by_team.items()}
        avg = sum(means.values()) / len(means)
        spread = (sum((m - avg) ** 2 for m in means.values()) / len(means)) ** 0.5
        for t, m in means.items():
            normalised[t].append((m - avg) / spread if spread else 0.0)
    rows = [
        TeamResult(
            team=t,
            jury=round(sum(normalised[t.pk]) / len(normalised[t.pk]), 3) if normalised[t.pk] else None,
            rank=None,
            votes=votes.get(t.pk, 0),
            comments=comments[t.pk],
        )
        for t in teams
    ]
    rows.sort(key=lambda r: (r.jury is None, -(r.jury or 0), r.team.question_id, r.team.number))
    for n, row in enumerate(rows):
        if row.jury is not None:
            row.rank = rows[n - 1].rank if n and rows[n - 1].jury == row.jury else n + 1
    return rows


def scores_table(*, hackathon: Hackathon) -> list[list[Any]]:
    """Every score, for the organisers' CSV/XLSX: one row per juror, team and criterion."""
    header = ["team", "question", "juror", "criterion", "weight", "value", "comment"]
    rows: list[list[Any]] = [header]
    for s in (
        Score.objects.filter(team__hackathon=hackathon)
        .select_related("team__question", "criterion", "juror")
        .order_by("team_id", "juror_id", "criterion_id")
    ):
        rows.append([s.team.number + 1, s.team.question.title, s.juror.email, s.criterion.name, s.criterion.weight, s.value, s.comment])
    return rows


def juror_scores(*, hackathon: Hackathon, juror: Any) -> dict[int, dict[int, Score]]:
    """A juror's own scores: team → criterion → score (never the others')."""
    mine: dict[int, dict[int, Score]] = defaultdict(dict)
    for s in Score.objects.filter(team__hackathon=hackathon, juror=juror):
        mine[s.team_id][s.criterion_id] = s
    return mine


def is_juror(*, hackathon: Hackathon, user: Any) -> bool:
    return Juror.objects.filter(hackathon=hackathon, user=user).exists()


# --- Sections on other apps' pages ----------------------------------------------------------


def questions_for_recommendation(recommendation: Recommendation, viewer: Any) -> dict[str, Any]:
    """A recommendation's questions with what became of them, and the hackathons whose call
    for questions is open (where a member may propose one on it); empty when neither. Three
    queries: the questions (with their hackathon), their teams (answers, projects), the calls."""
    visible = Hackathon.objects.visible_to(viewer)
    questions = list(
        Question.objects.filter(recommendations=recommendation, hackathon__in=visible)
        .select_related("hackathon", "merged_into")
        .prefetch_related(Prefetch("teams", queryset=Team.objects.select_related("answer", "project").order_by("number")))
        .order_by("-hackathon__event__starts_at", "pk")
    )
    calls = list(Hackathon.objects.filter(phase=Phase.CALL).order_by("pk")) if recommendation.is_public() else []
    return {"recommendation": recommendation, "questions": questions, "open_calls": calls} if questions or calls else {}


def teams_for_project(project: Project, viewer: Any) -> list[Team]:
    """The hackathon team whose answer became this project, with its question and recommendations."""
    return list(
        Team.objects.filter(project=project, hackathon__in=Hackathon.objects.visible_to(viewer))
        .select_related("hackathon", "question", "answer")
        .prefetch_related(Prefetch("question__recommendations", queryset=Recommendation.objects.visible_to(viewer).order_by("reference")))
    )


@stamp("hackathons")
def hackathons_stamp() -> tuple[Any, ...]:
    """What changes when a hackathon is created, moves phase or is rescheduled, its event is
    edited or given organisers (who may see a draft), or a story is linked to it — one
    query. The home page's cards, the API's list and a visitor's story page are kept under it."""
    found = Hackathon.objects.aggregate(
        n=Count("pk", distinct=True),
        latest=Max("updated_at"),
        event_latest=Max("event__updated_at"),
        # Counts of joined rows (organisers × stories of each hackathon): any link added or
        # removed moves them, which is all a stamp needs.
        organisers=Count("event__organisers"),
        stories=Count("stories"),
    )
    return (found["n"], str(found["latest"]), str(found["event_latest"]), found["organisers"], found["stories"])


HOME_CACHE_TTL = 300


def _home_cards() -> list[dict[str, Any]]:
    return [
        {"slug": h.slug, "title": h.title, "starts_at": h.event.starts_at, "phase": h.get_phase_display()}
        for h in Hackathon.objects.published()
        .filter(event__ends_at__gte=timezone.now())
        .select_related("event")
        .order_by("event__starts_at", "pk")[:3]
    ]


def home_section_context(request: HttpRequest) -> dict[str, object] | None:
    """The home page's hackathons to come, cached per language under the hackathons' stamp
    (and five minutes, for the ones that end meanwhile): a visit usually makes no query."""
    count = hackathons_stamp()[0]
    if not count:
        return None
    cards = cached("home-hackathons", get_language() or "fr", stamps=[hackathons_stamp], ttl=HOME_CACHE_TTL, compute=_home_cards)
    return {"hackathons": cards} if cards else None


def confirmed_count(*, hackathon: Hackathon) -> int:
    return hackathon.event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


# --- Personal data --------------------------------------------------------------------------


def personal_data(*, user: Any) -> dict[str, Any]:
    """A member's part of hackathons in their data export."""
    return {
        "participations": [
            {
                "id": p.pk,
                "hackathon": p.hackathon.title,
                "role": p.role,
                "skills": p.skills,
                "preferences": p.preferences,
                "languages": p.languages,
                "availability": p.availability,
                "first_participation": p.first_participation,
            }
            for p in Participant.objects.filter(user=user).select_related("hackathon").order_by("pk")
        ],
        "questions_proposed": [{"id": q.pk, "title": q.title} for q in Question.objects.filter(proposed_by=user).order_by("pk")],
        "questions_sponsored": [{"id": q.pk, "title": q.title} for q in Question.objects.filter(sponsor=user).order_by("pk")],
        "votes": [{"id": v.pk, "hackathon": v.hackathon_id, "team": v.team_id} for v in Vote.objects.filter(user=user).order_by("pk")],
        "scores": [
            {"id": s.pk, "team": s.team_id, "criterion": s.criterion_id, "value": s.value, "comment": s.comment}
            for s in Score.objects.filter(juror=user).order_by("pk")
        ],
        "juries": [{"id": j.pk, "hackathon": j.hackathon_id} for j in Juror.objects.filter(user=user).order_by("pk")],
        "team_posts": [
            {"id": p.pk, "team": p.team_id, "text": p.text, "created_at": p.created_at.isoformat()}
            for p in TeamPost.objects.filter(author=user).order_by("pk")
        ],
        "mentorships": [
            {"id": m.pk, "question": m.question_id, "slots": [[s.starts_at.isoformat(), s.ends_at.isoformat()] for s in m.slots.all()]}
            for m in Mentor.objects.filter(user=user).prefetch_related("slots").order_by("pk")
        ],
        "mentoring_cancellations": [
            {"id": c.pk, "question": c.question_id, "slots": c.slots, "created_at": c.created_at.isoformat()}
            for c in MentoringCancellation.objects.filter(mentor=user).order_by("pk")
        ],
        "answer_versions": [
            {"id": v.pk, "team": v.answer.team_id, "number": v.number, "created_at": v.created_at.isoformat()}
            for v in AnswerVersion.objects.filter(author=user).select_related("answer").order_by("pk")
        ],
        "team_files": [
            {"id": f.pk, "team": f.team_id, "name": f.name, "size": f.size, "created_at": f.created_at.isoformat()}
            for f in TeamFile.objects.filter(uploaded_by=user).order_by("pk")
        ],
    }


def selected_questions(*, hackathon: Hackathon, viewer: Any) -> list[Question]:
    """The hackathon's selected questions with the recommendations behind them that the
    viewer may see (the API's hackathon; one query and one prefetch)."""
    return list(
        hackathon.questions.filter(status=QuestionStatus.SELECTED)
        .select_related("sponsor_department")
        .prefetch_related(Prefetch("recommendations", queryset=Recommendation.objects.visible_to(viewer).order_by("reference")))
        .order_by("pk")
    )
