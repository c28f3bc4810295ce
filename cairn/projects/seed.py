"""Demo projects, their timelines, follows and a few weeks of notifications.

About 40 projects at the realistic scale (12 small, 400 large) of every kind, each its own
(``seed_content.py``): its text, steps and outcome, answering the recommendations of its
subject that it names. Its status, progress and dated updates agree (a project at 20 %
has told of its first step, a finished one of its outcome, dates in order). Members follow
recommendations, projects and theme categories, and the last four weeks of updates and
assessments gave them notifications (some read). Everything is written with bulk inserts:
a few dozen queries whatever the scale. Runs after the registry's seeder (``ctx.shared``).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from cairn.accounts.models import Department, Profile, User
from cairn.core.seeding import SeedContext
from cairn.notifications.models import Event, Follow, Frequency, Notification, Preference
from cairn.projects.models import Answer, Project, ProjectKind, ProjectLink, ProjectRecommendation, ProjectStatus, ProjectUpdate
from cairn.projects.seed_content import TOPICS, Topic
from cairn.recommendations.models import Assessment, Kind, Recommendation
from cairn.recommendations.seed_content import written_as

PROJECTS_AT_SCALE = {"small": 12, "realistic": 40, "large": 400}

#: Why a stopped project stopped; its last update says so.
STOP_REASONS = {
    "fr": [
        "Le partenaire s’est retiré et aucune alternative n’a été trouvée.",
        "Le budget a été réaffecté aux mesures de crise décidées par le conseil d’administration.",
        "Le projet attend une réforme légale annoncée ; il sera repris quand elle sera votée.",
    ],
    "nl": [
        "De partner haakte af en er werd geen alternatief gevonden.",
        "Het budget ging naar de crisismaatregelen die de raad van bestuur besliste.",
    ],
}

#: Where a topic's later projects take place (a project of another office), at the large scale.
CITIES = ["Liège", "Gent", "Namur", "Lille", "Antwerpen", "Charleroi", "Lyon", "Leuven", "Mons", "Nantes", "Brugge", "Eupen"]

#: The words of a project's text and timeline, in its language.
WORDS = {
    "fr": {
        "why": "**Pourquoi** : {why}",
        "steps": "**Les étapes**",
        "result": "**Résultat** : {outcome}",
        "planned": "Le projet est validé et commence le {date}. Première étape : {step}",
        "done": "Projet terminé. {outcome}",
        "stopped": "Projet arrêté. {reason}",
        "months": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    },
    "nl": {
        "why": "**Waarom**: {why}",
        "steps": "**De stappen**",
        "result": "**Resultaat**: {outcome}",
        "planned": "Het project is goedgekeurd en start op {date}. Eerste stap: {step}",
        "done": "Project afgerond. {outcome}",
        "stopped": "Project stopgezet. {reason}",
        "months": "januari februari maart april mei juni juli augustus september oktober november december",
    },
}


def local_title(title: str, *, dutch: bool, n: int) -> str:
    """ "Portail unique des sociétaires à Liège", "Eén portaal voor de vennoten in Gent"; past
    every city (the large scale), a later phase."""
    city = CITIES[n % len(CITIES)]
    local = f"{title} in {city}" if dutch else f"{title} à {city}"
    phase = n // len(CITIES)
    return local if not phase else (f"{local}, fase {phase + 1}" if dutch else f"{local}, phase {phase + 1}")


def topic_titles() -> dict[str, str]:
    """Each topic's title in either language → its French title (other seeds find projects by it)."""
    return {title: topic.title for topic in TOPICS for title in (topic.title, topic.title_nl)}


def project_text(topic: Topic, *, done: bool) -> str:
    """The project's page text, under its summary: why, its steps, and what it left behind once done."""
    words = WORDS[topic.language]
    steps = "\n".join(f"{n}. {step}" for n, step in enumerate(topic.steps, start=1))
    parts = [words["why"].format(why=topic.why), f"{words['steps']}\n\n{steps}"]
    if done:
        parts.append(words["result"].format(outcome=topic.outcome))
    return "\n\n".join(parts)


def _spoken(day: datetime.date, language: str) -> str:
    return f"{day.day} {WORDS[language]['months'].split()[day.month - 1]} {day.year}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _dates_between(first: datetime.date, last: datetime.date, count: int) -> list[datetime.date]:
    """``count`` days in order from ``first`` to ``last``, evenly apart."""
    if count == 1:
        return [last]
    span = max((last - first).days, count)
    return [first + datetime.timedelta(days=span * k // (count - 1)) for k in range(count)]


@dataclass
class Timeline:
    """A project's status, progress, dates and dated updates (text, progress), which agree:
    a project at 20 % has told of its first step, a finished one of its outcome."""

    status: str
    progress: int
    starts_on: datetime.date
    ends_on: datetime.date | None
    stop_reason: str
    updates: list[tuple[datetime.date, str, int | None]]


def plan_timeline(rng: random.Random, topic: Topic, status: str, today: datetime.date) -> Timeline:
    words, steps = WORDS[topic.language], topic.steps
    if status == ProjectStatus.PLANNED:
        starts = today + datetime.timedelta(days=rng.randint(20, 150))
        text = words["planned"].format(date=_spoken(starts, topic.language), step=_lower_first(steps[0]))
        return Timeline(status, 0, starts, None, "", [(today - datetime.timedelta(days=rng.randint(3, 40)), text, None)])
    if status == ProjectStatus.DONE:
        starts = today - datetime.timedelta(days=rng.randint(500, 1100))
        ends = min(starts + datetime.timedelta(days=rng.randint(240, 480)), today - datetime.timedelta(days=30))
        days = _dates_between(starts + datetime.timedelta(days=20), ends, len(steps) + 1)
        updates: list[tuple[datetime.date, str, int | None]] = [
            (day, step, 25 * (k + 1) if k < len(steps) - 1 else 90) for k, (day, step) in enumerate(zip(days, steps, strict=False))
        ]
        updates.append((days[-1], words["done"].format(outcome=topic.outcome), 100))
        return Timeline(status, 100, starts, ends, "", updates)
    progress = rng.randint(10, 90) if status == ProjectStatus.IN_PROGRESS else rng.randint(15, 60)
    reached = 1 + progress * 3 // 100  # steps told: 1 below a third, 3 past two thirds
    starts = today - datetime.timedelta(days=rng.randint(150, 700))
    last = today - datetime.timedelta(days=rng.randint(2, 35) if status == ProjectStatus.IN_PROGRESS else rng.randint(60, 120))
    days = _dates_between(starts + datetime.timedelta(days=15), last, reached + (status == ProjectStatus.STOPPED))
    told: list[tuple[datetime.date, str, int | None]] = [
        (days[k], steps[k], progress if k == reached - 1 else round(progress * (k + 1) / reached / 5) * 5 or 5) for k in range(reached)
    ]
    reason = ""
    if status == ProjectStatus.STOPPED:
        reason = rng.choice(STOP_REASONS[topic.language])
        told.append((days[-1], words["stopped"].format(reason=reason), None))
    return Timeline(status, progress, starts, None, reason, told)


def answered_recommendations(rng: random.Random, topic: Topic, recs: list[tuple[int, str, str]]) -> list[int]:
    """What ``topic`` answers among the seeded recommendations (pk, title, broad theme), the
    latest first: the ones written from the recommendations it names (in either language,
    from any cycle that issued them); when the scale seeded none of those, one or two of
    its broad theme's. Never another subject's."""
    wanted = written_as(topic.answers)
    same = [pk for pk, title, category in recs if category == topic.category]
    named = [pk for pk, title, category in recs if category == topic.category and title in wanted]
    if named:
        return sorted(named, reverse=True)[:3]
    return rng.sample(same, min(len(same), rng.randint(1, 2)))


def seed_projects(ctx: SeedContext) -> None:
    rng = ctx.rng
    rec_ids: list[int] = ctx.shared.get("recommendation_ids") or list(Recommendation.objects.order_by("pk").values_list("pk", flat=True))
    if not rec_ids:
        ctx.log("no recommendations: no projects")
        return
    # Top-level recommendations (not sub-items or open questions) with their broad theme.
    recs = list(
        Recommendation.objects.filter(pk__in=rec_ids, parent__isnull=True, kind=Kind.RECOMMENDATION)
        .order_by("pk")
        .values_list("pk", "title", "theme__category__slug")
    )
    departments = {d.code: d for d in Department.objects.all()}
    people = list(User.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)[:2000])
    demo = dict(User.objects.filter(email__endswith="@demo.cairn.example").values_list("email", "pk"))
    member = demo.get("societaire@demo.cairn.example")
    lead = demo.get("direction@demo.cairn.example")
    lead_department = Profile.objects.filter(user_id=lead).values_list("department__code", flat=True).first() if lead else None
    today = timezone.localdate()

    count = PROJECTS_AT_SCALE[ctx.scale]
    # Each topic once, then (the large scale) again in other cities; a topic whose broad
    # theme the scale did not seed is left out.
    chosen: list[tuple[Topic, str, list[int]]] = []
    for n in range(count * 3):
        if len(chosen) == count:
            break
        topic = TOPICS[n % len(TOPICS)]
        answered = answered_recommendations(rng, topic, recs)
        if not answered:
            continue
        title = topic.title if topic.language == "fr" else topic.title_nl
        if n >= len(TOPICS):  # the same topic again is another office's project: its city, never a "(2)"
            title = local_title(title, dutch=topic.language == "nl", n=n // len(TOPICS) - 1)
        chosen.append((topic, title, answered))

    projects: list[Project] = []
    timelines: list[Timeline] = []
    first_experiment = next((i for i, (t, *_rest) in enumerate(chosen) if t.kind == ProjectKind.EXPERIMENT), None)
    lead_projects = [i for i, (t, *_rest) in enumerate(chosen) if t.department == lead_department and t.kind == ProjectKind.DEPARTMENT][:2]
    for n, (topic, title, _answered) in enumerate(chosen):
        status = rng.choices(list(ProjectStatus), weights=[2, 5, 3, 1])[0]
        timeline = plan_timeline(rng, topic, status, today)
        timelines.append(timeline)
        kind = topic.kind
        coordinator = (
            member
            if n == first_experiment
            else lead
            if n in lead_projects
            else (rng.choice(people) if people and kind != ProjectKind.DEPARTMENT else None)
        )
        projects.append(
            Project(
                title=title,
                summary=topic.summary,
                text=project_text(topic, done=status == ProjectStatus.DONE),
                kind=kind,
                status=status,
                stop_reason=timeline.stop_reason,
                progress=timeline.progress,
                starts_on=timeline.starts_on,
                ends_on=timeline.ends_on,
                department=departments.get(topic.department) if kind in (ProjectKind.DEPARTMENT, ProjectKind.PRIORITY) else None,
                coordinator_id=coordinator,
                is_internal=n % 17 == 16,
            )
        )
    projects = Project.objects.bulk_create(projects)

    answers, links, updates, team = [], [], [], []
    for project, timeline, (_topic, _title, answered) in zip(projects, timelines, chosen, strict=True):
        for k, rec_id in enumerate(answered):
            fully = project.status == ProjectStatus.DONE and k == 0
            answers.append(
                ProjectRecommendation(
                    project=project, recommendation_id=rec_id, answer=Answer.FULLY if fully else rng.choice(Answer.values), note=""
                )
            )
        links.append(ProjectLink(project=project, label="Pad du projet", url=f"https://pad.example.org/projet-{project.pk}"))
        for _member in rng.sample(people, k=min(len(people), 3)):
            team.append(Project.team.through(project_id=project.pk, user_id=_member))
        for posted, text, progress in timeline.updates:
            updates.append(
                ProjectUpdate(project=project, posted_on=min(posted, today), text=text, progress=progress, author_id=project.coordinator_id)
            )
    ProjectRecommendation.objects.bulk_create(answers, ignore_conflicts=True)
    ProjectLink.objects.bulk_create(links)
    Project.team.through.objects.bulk_create(team, ignore_conflicts=True)
    updates = ProjectUpdate.objects.bulk_create(updates)

    follows, notifications_made = _seed_follows_and_notifications(ctx, projects, updates, rec_ids, people, member)
    ctx.log(
        f"{len(projects)} projects, {len(answers)} links to recommendations, {len(updates)} updates, "
        f"{follows} follows, {notifications_made} notifications"
    )


def _seed_follows_and_notifications(
    ctx: SeedContext, projects: list[Project], updates: list[ProjectUpdate], rec_ids: list[int], people: list[int], member: int | None
) -> tuple[int, int]:
    rng = ctx.rng
    now = timezone.now()
    others = [p for p in people if p != member]
    followers = rng.sample(others, k=min(len(others), 150))
    public_projects = [p for p in projects if not p.is_internal]
    follows: dict[tuple[int, str, int], Follow] = {}
    for user_id in followers:
        for rec_id in rng.sample(rec_ids, k=min(len(rec_ids), 3)):
            follows[user_id, "recommendation", rec_id] = Follow(user_id=user_id, target_kind="recommendation", target_id=rec_id)
        project = rng.choice(public_projects)
        follows[user_id, "project", project.pk] = Follow(user_id=user_id, target_kind="project", target_id=project.pk)
    followed_recs: list[int] = []
    if member is not None:
        followed_recs = rec_ids[5:8]
        for rec_id in followed_recs:
            follows[member, "recommendation", rec_id] = Follow(user_id=member, target_kind="recommendation", target_id=rec_id)
        for project in public_projects[:3]:
            follows[member, "project", project.pk] = Follow(user_id=member, target_kind="project", target_id=project.pk)
        Preference.objects.bulk_create([Preference(user_id=member, frequency=Frequency.WEEKLY)], ignore_conflicts=True)
    Follow.objects.bulk_create(list(follows.values()), ignore_conflicts=True)

    by_project: dict[int, list[int]] = {}
    for user_id, kind, target_id in follows:
        if kind == "project":
            by_project.setdefault(target_id, []).append(user_id)
    titles = {p.pk: p.title for p in projects}
    internal = {p.pk for p in projects if p.is_internal}
    recent = now - datetime.timedelta(days=28)
    events: list[Event] = []
    recipients: list[list[int]] = []
    for update in updates:
        if update.project_id in internal:
            continue
        when = timezone.make_aware(datetime.datetime.combine(update.posted_on, datetime.time(10)))
        if when < recent:
            continue
        events.append(
            Event(
                kind="project_update",
                subject_kind="project",
                subject_id=update.project_id,
                targets=[["project", update.project_id]],
                data={"project": titles[update.project_id], "update": update.pk},
                url_name="projects:detail",
                url_args=[update.project_id],
                actor_id=update.author_id,
                fanned_out_at=when,
            )
        )
        recipients.append(by_project.get(update.project_id, []))
    if member is not None:
        for assessment in Assessment.objects.filter(recommendation_id__in=followed_recs, published_at__isnull=False).select_related(
            "recommendation"
        )[:3]:
            events.append(
                Event(
                    kind="assessment_published",
                    subject_kind="recommendation",
                    subject_id=assessment.recommendation_id,
                    targets=[["recommendation", assessment.recommendation_id]],
                    data={
                        "status": assessment.status,
                        "effective_date": assessment.effective_date.isoformat(),
                        "assessment": assessment.pk,
                    },
                    url_name="recommendations:detail",
                    url_args=[assessment.recommendation.reference],
                    fanned_out_at=now - datetime.timedelta(days=rng.randint(1, 20)),
                )
            )
            recipients.append([member])
    events = Event.objects.bulk_create(events)
    notifications = []
    for event, users in zip(events, recipients, strict=True):
        for user_id in users:
            if user_id == event.actor_id:
                continue
            old = event.fanned_out_at is not None and event.fanned_out_at < now - datetime.timedelta(days=7)
            notifications.append(
                Notification(
                    user_id=user_id,
                    event=event,
                    read_at=event.fanned_out_at if old and rng.random() < 0.6 else None,
                    emailed_at=event.fanned_out_at if old else None,
                )
            )
    Notification.objects.bulk_create(notifications, ignore_conflicts=True, batch_size=1000)
    # Give events and notifications their real dates (``auto_now_add`` stamped them now).
    for event in events:
        Event.objects.filter(pk=event.pk).update(created_at=event.fanned_out_at)
        Notification.objects.filter(event=event).update(created_at=event.fanned_out_at)
    return len(follows), len(notifications)
