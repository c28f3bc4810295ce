"""The experiments of the demo cooperative (``cairn seed``, after events): a concluded call
with three groups — monthly afterworks in Liège, working breakfasts for the performing arts
sector, a peer-support circle online in Dutch — each with its members, facilitator, past
meetings, logbook and conclusion; and an open call members can answer now. Everything is
written through the services, as the pages would."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from cairn.accounts.models import Office, Role, Sector, User
from cairn.core.seeding import SeedContext
from cairn.events.services.events import event_create
from cairn.experiments.models import Call, Expression, Group, GroupStatus
from cairn.experiments.services import calls, groups, interests, life, meetings
from cairn.projects.models import Project

DEMO_MEMBER = "societaire@demo.cairn.example"
DEMO_FACILITATOR = "animation@demo.cairn.example"

FRAMEWORK = (
    "Une **expérimentation** est un essai mené par un petit groupe de sociétaires pendant quelques mois, "
    "pour mettre en action une ou plusieurs recommandations.\n\n"
    "La coopérative apporte :\n\n"
    "- une personne qui **anime** chaque groupe ;\n"
    "- un **petit budget** (jusqu’à 500 € par groupe) ;\n"
    "- des **salles** dans ses bureaux."
)

#: The concluded call's groups: name, office (None: online), language, sector slug, rhythm,
#: meetup format, what was tried, what was learned, outcome.
GROUPS = [
    (
        "Afterworks de Liège",
        "Liège",
        "fr",
        None,
        "monthly",
        "afterwork",
        "Un afterwork le premier jeudi du mois, dans un lieu différent à chaque fois.",
        "Le jeudi convient mieux que le vendredi ; annoncer le lieu une semaine avant double la participation.",
        "scale_up",
    ),
    (
        "Petits-déjeuners des arts de la scène",
        "Bruxelles",
        "fr",
        "spectacle",
        "fortnightly",
        "breakfast",
        "Un petit-déjeuner de travail toutes les deux semaines entre sociétaires du spectacle.",
        "Un sujet annoncé d’avance rend les échanges plus concrets.",
        "continue",
    ),
    (
        "Intervisie online",
        None,
        "nl",
        None,
        "monthly",
        "meet_connect",
        "Een maandelijkse intervisiekring online, in het Nederlands.",
        "Zes deelnemers is de juiste grootte; een vaste begeleider helpt.",
        "continue",
    ),
]


def _members(ctx: SeedContext, count: int, *, language: str, exclude: set[int]) -> list[User]:
    qs = User.objects.filter(groups__name=Role.MEMBER, is_active=True, profile__language=language).exclude(pk__in=exclude)
    ids = list(qs.order_by("pk").values_list("pk", flat=True)[:400])
    chosen = ctx.rng.sample(ids, min(count, len(ids)))
    return list(User.objects.filter(pk__in=chosen).select_related("profile").order_by("pk"))


def _recommendations(ctx: SeedContext, category: str, titles: list[str], n: int) -> list[Any]:
    """What a topic is about: the seeded recommendations written from ``titles`` (the
    bank's), else ``n`` of their broad theme's; never another subject's."""
    from cairn.recommendations.models import Recommendation
    from cairn.recommendations.seed_content import written_as

    seeded = Recommendation.objects.filter(pk__in=ctx.shared.get("recommendation_ids", []), parent__isnull=True).order_by("-pk")
    named = list(seeded.filter(title__in=written_as(titles))[:n])
    if named:
        return named
    ids = list(seeded.filter(theme__category__slug=category).values_list("pk", flat=True))
    return list(Recommendation.objects.filter(pk__in=ctx.rng.sample(ids, min(n, len(ids)))))


#: Months as a meeting's title says them, in the group's language.
MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
}


def _meeting_title(name: str, language: str, month: int, *, meetup: bool) -> str:
    """« Afterworks de Liège — rencontre de mars », « Intervisie online — bijeenkomst van april »."""
    word = MONTHS[language if language in MONTHS else "fr"][month - 1]
    if language == "nl":
        return f"{name} — {'bijeenkomst' if meetup else 'evaluatiemoment'} van {word}"
    of = "d’" if word[0] in "aeiou" else "de "
    return f"{name} — {'rencontre' if meetup else 'point d’étape'} {of}{word}"


def _answer(user: User, topic: Any, *, office: Office | None, language: str, rhythm: str, co_lead: bool = False) -> Expression:
    return interests.expression_create(
        user=user,
        topic=topic,
        motivation="Renouer avec d’autres sociétaires et essayer quelque chose de concret.",
        rhythm=rhythm,
        moments="evening" if rhythm == "monthly" else "breakfast",
        office=office,
        online=office is None,
        languages=language,
        co_lead=co_lead,
        keep_informed=True,
    )


#: The last meeting of each demo group: its agenda, notes and summary, and the decision taken
#: there, in the group's language.
MEETING_RECORD = {
    "fr": (
        {
            "agenda": "1. Ce que nous retenons de nos rencontres\n2. La suite à proposer à la coopérative",
            "notes": "Chacun·e a dit ce qui l’a fait revenir. Nous proposons de continuer sous la même forme.",
            "summary": "Le groupe a fait le bilan de ses rencontres et préparé sa conclusion.",
        },
        "Proposer à la coopérative la suite que nous avons choisie, avec notre bilan.",
    ),
    "nl": (
        {
            "agenda": "1. Wat we onthouden van onze bijeenkomsten\n2. Het vervolg dat we de coöperatie voorstellen",
            "notes": "Iedereen vertelde waarom die bleef komen. We stellen voor om in dezelfde vorm door te gaan.",
            "summary": "De groep heeft haar bijeenkomsten geëvalueerd en haar besluit voorbereid.",
        },
        "Het gekozen vervolg met onze evaluatie aan de coöperatie voorstellen.",
    ),
}


def seed_experiments(ctx: SeedContext) -> None:
    offices = {o.name: o for o in Office.objects.all()}
    coordinator = User.objects.filter(groups__name=Role.COORDINATION).order_by("pk").first()
    facilitators = list(User.objects.filter(groups__name=Role.FACILITATOR).order_by("pk")[:3])
    demo_facilitator = User.objects.filter(email=DEMO_FACILITATOR).first()
    if demo_facilitator is not None:
        facilitators = [demo_facilitator, *[f for f in facilitators if f.pk != demo_facilitator.pk]][:3]
    if not offices or not coordinator or len(facilitators) < 3:
        ctx.log("experiments: no offices, coordination team or facilitators, nothing seeded")
        return
    now = timezone.now()
    today = timezone.localdate()

    # The concluded call: answered last year, groups formed, met for months, concluded.
    call = calls.call_create(
        actor=coordinator,
        title="Se rencontrer pour agir : premier appel à expérimentations",
        framework=FRAMEWORK,
        interest_deadline=now + dt.timedelta(days=1),
        max_groups_per_topic=2,
        min_group_size=4,
        max_group_size=8,
        phases=[
            ("interest", today - dt.timedelta(days=300), today - dt.timedelta(days=270)),
            ("formation", today - dt.timedelta(days=269), today - dt.timedelta(days=250)),
            ("start", today - dt.timedelta(days=240), None),
            ("midterm", today - dt.timedelta(days=150), None),
            ("conclusion", today - dt.timedelta(days=30), None),
        ],
    )
    meetups = calls.topic_add(
        actor=coordinator,
        call=call,
        title="Rencontres locales et sectorielles",
        description="Afterworks, petits-déjeuners de travail, meet&connect : se retrouver près de chez soi ou entre gens du métier.",
        recommendations=_recommendations(
            ctx,
            "gouvernance",
            [
                "Ouvrir les bureaux aux initiatives des sociétaires",
                "Organiser des assemblées locales avant l’assemblée générale",
                "Désigner des sociétaires relais dans chaque bureau",
            ],
            3,
        ),
    )
    peers = calls.topic_add(
        actor=coordinator,
        call=call,
        title="Soutien entre pairs",
        description="Des cercles d’intervision où des sociétaires s’entraident sur leurs situations de travail.",
        recommendations=_recommendations(
            ctx, "solidarite", ["Prévenir l’épuisement professionnel", "Maintenir le lien avec les membres sans activité"], 2
        ),
    )
    calls.call_move(actor=coordinator, call=call, move="open")
    taken: set[int] = set()
    made: list[Group] = []
    for index, (name, office_name, language, sector_slug, rhythm, meetup, tried, learned, outcome) in enumerate(GROUPS):
        topic = peers if index == 2 else meetups
        office = offices.get(office_name) if office_name else None
        people = _members(ctx, 6, language=language, exclude=taken)
        taken.update(u.pk for u in people)
        for n, person in enumerate(people):
            _answer(person, topic, office=office, language=language, rhythm=rhythm, co_lead=n == 0)
        made.append((topic, name, office, language, rhythm, meetup, tried, learned, outcome, people, sector_slug))  # type: ignore[arg-type]
    # The deadline passes; the call closes and the team forms the groups.
    calls.call_update(actor=coordinator, call=call, interest_deadline=now - dt.timedelta(days=270))
    calls.call_move(actor=coordinator, call=call, move="close")
    for index, (topic, name, office, language, rhythm, meetup, tried, learned, outcome, people, sector_slug) in enumerate(made):  # type: ignore[misc]
        group = groups.group_create(
            actor=coordinator, topic=topic, name=name, office=office, online=office is None, languages=language, rhythm=rhythm
        )
        group = groups.facilitator_assign(actor=coordinator, group=group, user=facilitators[index])
        for person in people:
            groups.placement_add(actor=coordinator, group=group, user=person, reason="Même lieu, même langue et rythme compatible.")
        groups.topic_invite(actor=coordinator, topic=topic)
        for placement in group.placements.all():
            groups.invitation_answer(user=placement.user, placement=placement, accept=True)
        life.group_update_charter(
            actor=facilitators[index],
            group=group,
            goal="Recréer du lien entre sociétaires et mettre en action les recommandations sur l’entraide.",
            dispositif=tried,
            success="Au moins six rencontres, et des sociétaires qui reviennent.",
            open_to_requests=index == 0,
        )
        life.group_move(actor=facilitators[index], group=group, status=GroupStatus.ACTIVE)
        sector = Sector.objects.filter(slug=sector_slug).first() if sector_slug else None
        last_meeting = None
        for month in range(6, 0, -1):
            start = (now - dt.timedelta(days=30 * month)).replace(hour=18, minute=0, second=0, microsecond=0)
            event = event_create(
                actor=facilitators[index],
                organisers=[facilitators[index]],
                projects=[group.project],
                title=_meeting_title(name, language, start.month, meetup=month % 2 == 0),
                kind="meetup" if month % 2 == 0 else "experiment_meeting",
                meetup_format=meetup if month % 2 == 0 else "",
                scope="sector" if sector else ("local" if office else "cooperative"),
                sector=sector,
                office=office,
                attendance="online" if office is None else "in_person",
                address="" if office is None else f"Bureau de {office.city}",
                city="" if office is None else office.city,
                online_url="https://visio.example.org/cercle" if office is None else "",
                languages=language,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=2),
            )
            if event.kind == "experiment_meeting":
                last_meeting = event
        if last_meeting is not None:
            record, decision = MEETING_RECORD[language if language in MEETING_RECORD else "fr"]
            meetings.meeting_record_write(
                actor=facilitators[index],
                group=group,
                event=last_meeting,
                agenda=record["agenda"],
                notes=record["notes"],
                summary=record["summary"],
            )
            meetings.decision_add(
                actor=facilitators[index],
                group=group,
                text=decision,
                decided_on=timezone.localdate(last_meeting.starts_at),
                meeting=last_meeting,
            )
        life.log_entry_add(
            actor=facilitators[index], group=group, kind="tried", posted_on=today - dt.timedelta(days=120), text=tried, highlight=True
        )
        life.log_entry_add(
            actor=facilitators[index], group=group, kind="learned", posted_on=today - dt.timedelta(days=60), text=learned, highlight=True
        )
        life.action_add(
            actor=facilitators[index], group=group, title="Écrire le bilan pour l’équipe de coordination", owner=facilitators[index]
        )
        life.group_move(
            actor=facilitators[index], group=group, status=GroupStatus.CONCLUDED, conclusion=tried, learned=learned, outcome=outcome
        )
    calls.call_move(actor=coordinator, call=call, move="groups_formed")
    # The groups were formed at the call's "formation" phase, months ago: their projects
    # start then and end with the conclusion, as their timelines tell (the services, run
    # today, dated them today).
    Project.objects.filter(pk__in=[g.project_id for g in Group.objects.filter(topic__call=call)]).update(
        starts_on=today - dt.timedelta(days=250), ends_on=today
    )

    # The open call: members can answer until its deadline; the demo member already did.
    open_call = calls.call_create(
        actor=coordinator,
        title="Deuxième appel : expérimenter l’entraide et les partenariats",
        title_nl="Tweede oproep: experimenteren met onderlinge hulp en partnerschappen",
        framework=FRAMEWORK,
        interest_deadline=now + dt.timedelta(days=21),
        phases=[
            ("interest", today - dt.timedelta(days=7), today + dt.timedelta(days=21)),
            ("formation", today + dt.timedelta(days=22), today + dt.timedelta(days=35)),
            ("start", today + dt.timedelta(days=45), None),
            ("midterm", today + dt.timedelta(days=135), None),
            ("conclusion", today + dt.timedelta(days=225), None),
        ],
    )
    # The Dutch version of the first topic only: the others show their French original, marked.
    for title, description, category, about, dutch in [
        (
            "Partenariats locaux",
            "Nouer des partenariats avec des lieux et des structures près de nos bureaux.",
            "modele-economique",
            ["Développer des activités collectives portées par la coopérative", "Mutualiser les achats des membres"],
            {
                "title_nl": "Lokale partnerschappen",
                "description_nl": "Partnerschappen sluiten met plekken en organisaties dicht bij onze kantoren.",
            },
        ),
        (
            "Rencontres entre métiers",
            "Faire se rencontrer des sociétaires de secteurs différents autour d’un projet.",
            "accompagnement",
            ["Faciliter la mise en relation entre membres", "Proposer un mentorat entre membres de même métier"],
            {},
        ),
    ]:
        calls.topic_add(
            actor=coordinator,
            call=open_call,
            title=title,
            description=description,
            recommendations=_recommendations(ctx, category, about, 2),
            **dutch,
        )
    calls.call_move(actor=coordinator, call=open_call, move="open")
    demo_member = User.objects.filter(email=DEMO_MEMBER).select_related("profile").first()
    first_topic = open_call.topics.first()
    if demo_member is not None and first_topic is not None:
        _answer(demo_member, first_topic, office=demo_member.profile.office, language=demo_member.profile.language, rhythm="monthly")
    for person in _members(ctx, 14, language="fr", exclude=taken | ({demo_member.pk} if demo_member else set())):
        _answer(
            person,
            ctx.rng.choice(list(open_call.topics.all())),
            office=person.profile.office,
            language="fr",
            rhythm=ctx.rng.choice(["monthly", "fortnightly"]),
        )
    ctx.log(
        f"experiments: {Call.objects.count()} calls, {Group.objects.count()} groups, {Expression.objects.count()} expressions of interest"
    )
