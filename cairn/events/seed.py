"""The demo's events: state-of-play workshops in several offices, monthly afterworks in
Brussels, Lyon and Liège, working breakfasts, a meet&connect series for a sector, an
online information session; past dates with attendance and feedback, a few full events
with their waitlists; monthly experiment meetings. Events link to the seeded projects they
are about (the projects seeder runs first): a workshop to the public projects answering its
recommendations, afterworks, breakfasts and experiment meetings to their experiment project.
Events and series go through the services; registrations are bulk-inserted (with the seat
counters set to match) to keep the seed fast.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import Group
from django.utils import timezone

from cairn.accounts.models import Office, Role, Sector, User
from cairn.core.seeding import SeedContext
from cairn.events.models import Event, Feedback, Registration, RegistrationStatus
from cairn.events.recurrence import BRUSSELS
from cairn.events.services.events import event_create
from cairn.events.services.series import series_create
from cairn.projects.models import Project, ProjectRecommendation
from cairn.projects.seed import topic_titles
from cairn.recommendations.models import Recommendation, ThemeCategory

DEMO_MEMBER = "societaire@demo.cairn.example"
DEMO_FACILITATOR = "animation@demo.cairn.example"

WORKSHOP_TEXT = (
    "Où en sont les recommandations des groupes de travail ? L’équipe de coordination présente "
    "l’**état des lieux** : ce qui est réalisé, en cours, reporté, et pourquoi. Ensuite, on en discute.\n\n"
    "- présentation (30 minutes)\n- échanges en petits groupes\n- questions ouvertes"
)
AFTERWORK_TEXT = "Un verre entre sociétaires après le travail, pour se rencontrer et parler de nos projets. Sans inscription obligatoire du programme : venez comme vous êtes."
BREAKFAST_TEXT = "Werkontbijt voor vennoten: koffie, croissants en een half uur om samen een concrete vraag aan te pakken."
EXPERIMENT_TEXT = (
    "Les cercles d’entraide font le point chaque mois : ce qui a marché, ce qui coince, ce qu’on change. "
    "Ouvert aux sociétaires qui participent à un cercle ou veulent en lancer un."
)
MEET_CONNECT_TEXT = "Meet&connect des musicien·nes de la coopérative : chacun·e présente un projet en cours, puis on se met en relation."


def _local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BRUSSELS)


def _seeded_projects() -> tuple[dict[str, Project], dict[int, list[Project]]]:
    """The public seeded projects by their French topic title (whichever language the seed
    gave them), and the public projects answering each recommendation."""
    titles = topic_titles()
    public = Project.objects.public()
    by_topic: dict[str, Project] = {}
    for project in public.filter(title__in=list(titles)).order_by("pk"):
        by_topic.setdefault(titles[project.title], project)
    by_pk = {p.pk: p for p in public}
    answering: dict[int, list[Project]] = {}
    for rec_id, project_id in (
        ProjectRecommendation.objects.filter(project__in=public).order_by("project_id").values_list("recommendation_id", "project_id")
    ):
        answering.setdefault(rec_id, []).append(by_pk[project_id])
    return by_topic, answering


def _answered(project: Project) -> list[int]:
    """The recommendations a project answers: an event about the project is about them too."""
    return list(ProjectRecommendation.objects.filter(project=project).order_by("pk").values_list("recommendation_id", flat=True))


def seed_events(ctx: SeedContext) -> None:
    rng = ctx.rng
    now = timezone.now()
    today = now.astimezone(BRUSSELS).date()
    offices = {o.name: o for o in Office.objects.all()}
    if not offices:
        ctx.log("events: no offices, nothing seeded")
        return
    music = Sector.objects.filter(slug="musique").first() or Sector.objects.first()
    staff = list(User.objects.filter(groups__name__in=[Role.COORDINATION, Role.FACILITATOR]).order_by("pk")[:12])
    coordinator = User.objects.filter(groups__name=Role.COORDINATION).order_by("pk").first()
    facilitator = User.objects.filter(email=DEMO_FACILITATOR).first() or (staff[0] if staff else None)
    recommendation_ids: list[int] = list(ctx.shared.get("recommendation_ids", []))
    categories = list(ctx.shared.get("theme_categories", []))
    by_category: dict[int, list[int]] = {}
    for pk, category_id in (
        Recommendation.objects.filter(pk__in=recommendation_ids, parent__isnull=True).order_by("pk").values_list("pk", "theme__category_id")
    ):
        by_category.setdefault(category_id, []).append(pk)
    seeded_categories = [c for c in categories if c.pk in by_category]

    def recs(n: int, category: ThemeCategory | None = None) -> list[int]:
        """``n`` recommendations of one broad theme: what an event is about is one subject."""
        pool = (by_category.get(category.pk, []) if category else []) or recommendation_ids
        return rng.sample(pool, min(n, len(pool))) if pool else []

    by_topic, answering = _seeded_projects()

    def topic(*titles: str) -> list[Project]:
        return [by_topic[t] for t in titles if t in by_topic]

    def answering_projects(rec_ids: list[int]) -> list[Project]:
        """The projects answering a workshop's recommendations: what its state of play is about."""
        found = {p.pk: p for rec_id in rec_ids for p in answering.get(rec_id, [])}
        return [found[pk] for pk in sorted(found)][:3]

    # State-of-play workshops, one broad theme each: one upcoming per office, one already held.
    workshops = [
        ("Bruxelles", 9, "fr"),
        ("Liège", 12, "fr"),
        ("Gent", 16, "nl fr"),
        ("Paris", 20, "fr"),
        ("Lyon", 23, "fr"),
        ("Lille", 27, "fr"),
    ]
    for index, (name, in_days, languages) in enumerate(workshops):
        for held, offset in ((False, in_days), (True, -in_days * 3)):
            day = today + dt.timedelta(days=offset)
            category = seeded_categories[(2 * index + held) % len(seeded_categories)] if seeded_categories else None
            about = recs(4, category)
            dutch = "nl" in languages
            subject = (category.name_nl if dutch else category.name_fr) if category else ""
            event_create(
                actor=coordinator,
                organisers=[p for p in (coordinator, facilitator) if p],
                recommendations=about,
                categories=[category] if category else [],
                projects=answering_projects(about),
                title=(f"Workshop stand van zaken — {subject}, {name}" if dutch else f"Atelier état des lieux — {subject}, {name}")
                if subject
                else (f"Workshop stand van zaken — {name}" if dutch else f"Atelier état des lieux — {name}"),
                description=WORKSHOP_TEXT,
                kind="workshop",
                scope="local",
                office=offices.get(name),
                city=offices[name].city if name in offices else name,
                attendance="in_person",
                address=f"Kantoor {name}" if dutch else f"Bureau de {name}",
                languages=languages,
                capacity=25 if name != "Bruxelles" else 12,
                questions=["Régime alimentaire"],
                starts_at=_local(day, 14),
                ends_at=_local(day, 17),
            )

    # Monthly afterworks, started three months ago: past dates carry attendance.
    start_day = today - dt.timedelta(days=95)
    for name, rule, capacity in [
        ("Bruxelles", "FREQ=MONTHLY;BYDAY=1TH", 30),
        ("Lyon", "FREQ=MONTHLY;BYDAY=2TH", 20),
        ("Liège", "FREQ=MONTHLY;BYDAY=3WE", 15),
    ]:
        series_create(
            actor=facilitator,
            organisers=[p for p in (facilitator,) if p],
            categories=categories[2:3],
            projects=topic("Afterworks des sociétaires"),
            title=f"Afterwork des sociétaires — {name}",
            description=AFTERWORK_TEXT,
            kind="meetup",
            meetup_format="afterwork",
            scope="local",
            office=offices.get(name),
            city=name,
            attendance="in_person",
            address=f"Café près du bureau de {name}",
            languages="fr",
            capacity=capacity,
            rule=rule,
            first_start=_local(start_day, 18),
            duration=dt.timedelta(hours=2),
            until=now + dt.timedelta(days=200),
        )
    # Working breakfasts: every other Tuesday in Gent, one-off in Namur.
    series_create(
        actor=facilitator,
        organisers=[p for p in (facilitator,) if p],
        projects=topic("Werkontbijten in Gent"),
        title="Werkontbijt Gent",
        description=BREAKFAST_TEXT,
        kind="meetup",
        meetup_format="breakfast",
        scope="local",
        office=offices.get("Gent"),
        city="Gent",
        address="Kantoor Gent",
        languages="nl",
        capacity=10,
        rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        first_start=_local(today - dt.timedelta(days=30), 8),
        duration=dt.timedelta(minutes=90),
        until=now + dt.timedelta(days=120),
    )
    namur = today + dt.timedelta(days=18)
    event_create(
        actor=facilitator,
        organisers=[p for p in (facilitator,) if p],
        title="Petit-déjeuner de travail — Namur",
        description="Un café, des croissants, et une question concrète à traiter ensemble.",
        kind="meetup",
        meetup_format="breakfast",
        scope="local",
        office=offices.get("Namur"),
        city="Namur",
        address="Bureau de Namur",
        languages="fr",
        capacity=8,
        starts_at=_local(namur, 8),
        ends_at=_local(namur, 9, 30),
    )
    # A meet&connect series for a sector, online.
    if music is not None:
        series_create(
            actor=facilitator,
            organisers=[p for p in (facilitator,) if p],
            title=f"Meet&connect — {music.name_fr}",
            description=MEET_CONNECT_TEXT,
            kind="meetup",
            meetup_format="meet_connect",
            scope="sector",
            sector=music,
            attendance="online",
            online_url="https://visio.cairn.example/meet-connect-musique",
            languages="fr nl",
            capacity=40,
            rule="FREQ=MONTHLY;BYDAY=-1TU",
            first_start=_local(today - dt.timedelta(days=60), 12, 30),
            duration=dt.timedelta(hours=1),
            until=now + dt.timedelta(days=200),
        )
    info_day = today + dt.timedelta(days=6)
    event_create(
        actor=coordinator,
        organisers=[p for p in (coordinator,) if p],
        recommendations=[r for p in topic("Afterworks des sociétaires", "Cercles d’entraide") for r in _answered(p)][:3],
        projects=topic("Afterworks des sociétaires", "Cercles d’entraide", "Werkontbijten in Gent"),
        title="Séance d’information : les appels à expérimentation",
        description="Comment proposer une expérimentation, qui vous accompagne, quel calendrier.",
        kind="info_session",
        scope="cooperative",
        attendance="hybrid",
        address="Siège, Bruxelles",
        city="Bruxelles",
        online_url="https://visio.cairn.example/info-experimentations",
        languages="fr nl",
        requires_approval=False,
        starts_at=_local(info_day, 12, 30),
        ends_at=_local(info_day, 13, 30),
    )
    # The experiment of mutual-aid circles meets monthly, online, to share what it learns.
    series_create(
        actor=coordinator,
        organisers=[p for p in (coordinator, facilitator) if p],
        projects=topic("Cercles d’entraide"),
        title="Réunion d’expérimentation — Cercles d’entraide",
        description=EXPERIMENT_TEXT,
        kind="experiment_meeting",
        scope="cooperative",
        attendance="online",
        online_url="https://visio.cairn.example/cercles-entraide",
        languages="fr nl",
        capacity=20,
        rule="FREQ=MONTHLY;BYDAY=2MO",
        first_start=_local(today - dt.timedelta(days=45), 17),
        duration=dt.timedelta(hours=1),
        until=now + dt.timedelta(days=150),
    )
    _seed_registrations(ctx, now)


def _seed_registrations(ctx: SeedContext, now: dt.datetime) -> None:
    rng = ctx.rng
    member_group = Group.objects.filter(name=Role.MEMBER).first()
    pool_size = min(ctx.members, 3000)
    pool = (
        list(User.objects.filter(groups=member_group, is_active=True).order_by("pk").values_list("pk", flat=True)[:pool_size])
        if member_group
        else []
    )
    demo = User.objects.filter(email=DEMO_MEMBER).values_list("pk", flat=True).first()
    if demo in pool:
        pool.remove(demo)
    if not pool:
        return
    events = list(Event.objects.order_by("starts_at", "pk"))
    registrations: list[Registration] = []
    confirmed_by_event: dict[int, int] = {}
    full_events = {e.pk for e in events if e.capacity and e.capacity <= 12 and e.starts_at > now}
    for event in events:
        capacity = event.capacity or 50
        # A full event gets a few more people than seats (its waitlist); others fill partly.
        wanted = capacity + rng.randint(2, 5) if event.pk in full_events else rng.randint(capacity // 3, max(capacity // 3, capacity - 1))
        people = rng.sample(pool, min(wanted, len(pool)))
        queued = event.created_at - dt.timedelta(days=1)
        confirmed = 0
        for index, user_id in enumerate(people):
            status = RegistrationStatus.CONFIRMED if confirmed < capacity else RegistrationStatus.WAITLISTED
            confirmed += status == RegistrationStatus.CONFIRMED
            past = event.ends_at < now
            registrations.append(
                Registration(
                    event=event,
                    user_id=user_id,
                    status=status,
                    answers={q: rng.choice(["", "végétarien", "sans gluten"]) for q in event.questions},
                    queued_at=queued + dt.timedelta(minutes=index * 7),
                    attended_at=event.starts_at if past and status == RegistrationStatus.CONFIRMED and rng.random() < 0.8 else None,
                    confirmation_sent_at=queued if status == RegistrationStatus.CONFIRMED else None,
                )
            )
        confirmed_by_event[event.pk] = confirmed
    # The demo member: registered for the next Brussels workshop, waitlisted for a full
    # event, and attended a past afterwork.
    if demo is not None:
        upcoming = [e for e in events if e.starts_at > now]
        past_dates = [e for e in events if e.ends_at < now and e.series_id]
        taken = {(r.event_id, r.user_id) for r in registrations}
        chosen: list[tuple[Event, str]] = []
        brussels = next((e for e in upcoming if e.city == "Bruxelles" and e.kind == "workshop"), None)
        if brussels:
            chosen.append((brussels, "full"))
        other_full = next((e for e in upcoming if e.pk in full_events and e is not brussels), None)
        if other_full:
            chosen.append((other_full, RegistrationStatus.WAITLISTED))
        if past_dates:
            chosen.append((past_dates[-1], "attended"))
        for event, how in chosen:
            if (event.pk, demo) in taken:
                continue
            if how == "full":  # take one of the seats so the demo member is confirmed
                victim = next(r for r in registrations if r.event_id == event.pk and r.status == RegistrationStatus.CONFIRMED)
                victim.user_id = demo
            elif how == "attended" and confirmed_by_event[event.pk] < (event.capacity or 10**6):
                registrations.append(
                    Registration(
                        event=event,
                        user_id=demo,
                        status=RegistrationStatus.CONFIRMED,
                        attended_at=event.starts_at,
                        queued_at=event.created_at,
                    )
                )
                confirmed_by_event[event.pk] += 1
            elif how == RegistrationStatus.WAITLISTED:
                registrations.append(Registration(event=event, user_id=demo, status=how, queued_at=now))
    Registration.objects.bulk_create(registrations, batch_size=2000)
    for event in events:
        Event.objects.filter(pk=event.pk).update(
            confirmed_count=confirmed_by_event.get(event.pk, 0),
            full_notified_at=now if event.capacity and confirmed_by_event.get(event.pk, 0) >= event.capacity else None,
        )
    _seed_feedback(ctx, now)
    ctx.log(f"{len(events)} events, {len(registrations)} registrations")


def _seed_feedback(ctx: SeedContext, now: dt.datetime) -> None:
    comments = [
        "Très utile, merci !",
        "Bonne ambiance.",
        "Un peu court.",
        "Heel leuk, tot de volgende!",
        "J’aurais aimé plus de temps d’échange.",
        "",
    ]
    attended = (
        Registration.objects.filter(event__ends_at__lt=now, attended_at__isnull=False).order_by("pk").values_list("event_id", "user_id")
    )
    Feedback.objects.bulk_create(
        [
            Feedback(event_id=event_id, user_id=user_id, rating=ctx.rng.choice([3, 4, 4, 5, 5]), comment=ctx.rng.choice(comments))
            for event_id, user_id in attended
            if ctx.rng.random() < 0.4
        ],
        batch_size=2000,
    )
