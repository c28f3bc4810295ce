"""Demo projects, their timelines, follows and a few weeks of notifications.

About 40 projects at the realistic scale (12 small, 400 large) of every kind, each answering
one to three seeded recommendations, with two to five dated updates; members follow
recommendations, projects and theme categories, and the last four weeks of updates and
assessments gave them notifications (some read). Everything is written with bulk inserts:
a few dozen queries whatever the scale. Runs after the registry's seeder (``ctx.shared``).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from cairn.accounts.models import Department, User
from cairn.core.seeding import SeedContext
from cairn.notifications.models import Event, Follow, Frequency, Notification, Preference
from cairn.projects.models import Answer, Project, ProjectKind, ProjectLink, ProjectRecommendation, ProjectStatus, ProjectUpdate
from cairn.recommendations.models import Assessment, Recommendation

PROJECTS_AT_SCALE = {"small": 12, "realistic": 40, "large": 400}

#: (kind, French title, Dutch title, summary) — the demo alternates French and Dutch titles.
TOPICS = [
    (
        ProjectKind.PRIORITY,
        "Portail unique des sociétaires",
        "Eén portaal voor de vennoten",
        "Un seul accès pour les contrats, factures et formations.",
    ),
    (
        ProjectKind.PRIORITY,
        "Mutuelle santé coopérative",
        "Coöperatieve ziekteverzekering",
        "Une couverture santé négociée pour tous les sociétaires.",
    ),
    (ProjectKind.PRIORITY, "Fonds de solidarité", "Solidariteitsfonds", "Un fonds pour traverser les mois sans contrat."),
    (
        ProjectKind.DEPARTMENT,
        "Refonte de l’accueil des nouveaux",
        "Nieuw onthaal voor nieuwkomers",
        "Le parcours d’accueil revu par la direction des services.",
    ),
    (ProjectKind.DEPARTMENT, "Facturation plus rapide", "Snellere facturatie", "Des factures émises en deux jours au lieu de dix."),
    (ProjectKind.DEPARTMENT, "Formations à la gestion", "Opleidingen beheer", "Un cycle de formations courtes à la gestion d’activité."),
    (
        ProjectKind.EXPERIMENT,
        "Afterworks des sociétaires",
        "Afterworks van vennoten",
        "Des rencontres régulières par ville et par secteur.",
    ),
    (ProjectKind.EXPERIMENT, "Cercles d’entraide", "Hulpkringen", "Des petits groupes qui se retrouvent chaque mois."),
    (ProjectKind.EXPERIMENT, "Petits-déjeuners de travail", "Werkontbijten", "Un matin par mois pour présenter son activité."),
    (ProjectKind.HACKATHON, "Calculateur de tarif", "Tariefcalculator", "Un outil né d’un hackathon pour fixer ses prix."),
    (ProjectKind.HACKATHON, "Annuaire des compétences", "Competentiegids", "Trouver un sociétaire par compétence et par ville."),
    (ProjectKind.OTHER, "Charte de gouvernance partagée", "Charter gedeeld bestuur", "Une charte écrite avec les sociétaires."),
]
UPDATES = [
    "Première réunion de l’équipe : le calendrier est fixé.",
    "Eerste resultaten gedeeld met de werkgroep.",
    "Un prototype est testé avec une vingtaine de sociétaires.",
    "Le budget est validé par le conseil d’administration.",
    "Feedback van de vennoten verwerkt in een nieuwe versie.",
    "Lancement public et premiers retours très positifs.",
]
STOP_REASONS = ["Le partenaire s’est retiré et aucune alternative n’a été trouvée.", "Le budget a été réaffecté à un projet prioritaire."]


#: Where a topic's later projects take place (a project of another office).
CITIES = ["Liège", "Gent", "Namur", "Lille", "Antwerpen", "Charleroi", "Lyon", "Leuven", "Mons", "Nantes", "Brugge", "Eupen"]


def local_title(title: str, *, dutch: bool, n: int) -> str:
    """ "Portail unique des sociétaires à Liège", "Eén portaal voor de vennoten in Gent"; past
    every city (the large scale), a later phase."""
    city = CITIES[n % len(CITIES)]
    local = f"{title} in {city}" if dutch else f"{title} à {city}"
    phase = n // len(CITIES)
    return local if not phase else (f"{local}, fase {phase + 1}" if dutch else f"{local}, phase {phase + 1}")


def seed_projects(ctx: SeedContext) -> None:
    rng = ctx.rng
    rec_ids: list[int] = ctx.shared.get("recommendation_ids") or list(Recommendation.objects.order_by("pk").values_list("pk", flat=True))
    if not rec_ids:
        ctx.log("no recommendations: no projects")
        return
    departments = list(Department.objects.order_by("pk"))
    people = list(User.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)[:2000])
    demo = dict(User.objects.filter(email__endswith="@demo.cairn.example").values_list("email", "pk"))
    member = demo.get("societaire@demo.cairn.example")
    lead = demo.get("direction@demo.cairn.example")
    today = timezone.localdate()

    count = PROJECTS_AT_SCALE[ctx.scale]
    projects: list[Project] = []
    for n in range(count):
        kind, title_fr, title_nl, summary = TOPICS[n % len(TOPICS)]
        title = title_nl if n % 3 == 2 else title_fr
        if n >= len(TOPICS):
            # The same topic again is another office's project: its city, never a "(2)".
            title = local_title(title, dutch=n % 3 == 2, n=n // len(TOPICS) - 1)
        status = rng.choices(list(ProjectStatus), weights=[2, 5, 3, 1])[0]
        starts = today - datetime.timedelta(days=rng.randint(60, 900))
        progress = {ProjectStatus.PLANNED: 0, ProjectStatus.DONE: 100}.get(status, rng.randint(5, 95))
        coordinator = (
            member if n == 6 else lead if n in (3, 4) else (rng.choice(people) if people and kind != ProjectKind.DEPARTMENT else None)
        )
        projects.append(
            Project(
                title=title,
                summary=summary,
                text=f"{summary}\n\n**Pourquoi** : plusieurs groupes de travail l’ont recommandé.\n\n- Étape 1 : cadrage\n- Étape 2 : test\n- Étape 3 : déploiement",
                kind=kind,
                status=status,
                stop_reason=rng.choice(STOP_REASONS) if status == ProjectStatus.STOPPED else "",
                progress=progress,
                starts_on=starts,
                ends_on=starts + datetime.timedelta(days=rng.randint(120, 600)) if status == ProjectStatus.DONE else None,
                department=departments[n % len(departments)]
                if departments and kind in (ProjectKind.DEPARTMENT, ProjectKind.PRIORITY)
                else None,
                coordinator_id=coordinator,
                is_internal=n % 17 == 16,
            )
        )
    projects = Project.objects.bulk_create(projects)

    answers, links, updates, team = [], [], [], []
    for n, project in enumerate(projects):
        for rec_id in rng.sample(rec_ids, k=min(len(rec_ids), rng.randint(1, 3))):
            answers.append(ProjectRecommendation(project=project, recommendation_id=rec_id, answer=rng.choice(Answer.values), note=""))
        links.append(ProjectLink(project=project, label="Pad du projet", url=f"https://pad.example.org/projet-{project.pk}"))
        for _member in rng.sample(people, k=min(len(people), 3)):
            team.append(Project.team.through(project_id=project.pk, user_id=_member))
        starts = project.starts_on or today
        span = max((today - starts).days, 1)
        for k in range(rng.randint(2, 5)):
            posted = starts + datetime.timedelta(days=span * (k + 1) // 6)
            if n % 4 == 0 and k == 0:
                posted = today - datetime.timedelta(days=rng.randint(1, 25))  # recent news
            updates.append(
                ProjectUpdate(
                    project=project,
                    posted_on=min(posted, today),
                    text=UPDATES[(n + k) % len(UPDATES)],
                    progress=min(100, 20 * (k + 1)) if k % 2 else None,
                    author_id=project.coordinator_id,
                )
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
