"""Demo data of the accounts app: the cooperative's structure, its staff and its members.

Names, offices and sectors are invented but shaped like the real cooperative: about
three members in five in Belgium, French- and Dutch-speaking offices, freelancers of
many trades, named as people of their office's region are (``seed_names.py``). Bulk inserts keep the realistic scale (30,000 members) well under a minute.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from cairn.accounts.models import Country, Department, Gender, Interest, Office, Profile, Role, Sector, Skill, User, Visibility
from cairn.accounts.seed_names import origin_of, person_name
from cairn.core.seeding import SeedContext, insert_rows
from cairn.core.text import fold


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    name: str
    language: str
    gender: str = ""  # the form of their role labels; the admin chose none


DEMO_ACCOUNTS = [
    DemoAccount(Role.MEMBER, "societaire@demo.cairn.example", "demo-societaire-2015", "Camille Dubois", "fr", Gender.FEMININE),
    DemoAccount(Role.FACILITATOR, "animation@demo.cairn.example", "demo-animation-2015", "Sam Peeters", "nl", Gender.MASCULINE),
    DemoAccount(Role.COORDINATION, "coordination@demo.cairn.example", "demo-coordination-2015", "Nadia Benali", "fr", Gender.FEMININE),
    DemoAccount(Role.DEPARTMENT_LEAD, "direction@demo.cairn.example", "demo-direction-2015", "Luc Lambert", "fr", Gender.MASCULINE),
    DemoAccount(Role.ADMIN, "admin@demo.cairn.example", "demo-admin-2015", "Alex Martin", "en"),
]

# (name, city, region, country, share of members, main language)
OFFICES = [
    ("Bruxelles", "Bruxelles", "Région de Bruxelles-Capitale", "BE", 20, "fr"),
    ("Liège", "Liège", "Wallonie", "BE", 7, "fr"),
    ("Charleroi", "Charleroi", "Wallonie", "BE", 4, "fr"),
    ("Mons", "Mons", "Wallonie", "BE", 3, "fr"),
    ("Namur", "Namur", "Wallonie", "BE", 3, "fr"),
    ("Louvain-la-Neuve", "Ottignies-Louvain-la-Neuve", "Wallonie", "BE", 2, "fr"),
    ("Eupen", "Eupen", "Ostbelgien", "BE", 1, "fr"),
    ("Gent", "Gent", "Vlaanderen", "BE", 8, "nl"),
    ("Antwerpen", "Antwerpen", "Vlaanderen", "BE", 7, "nl"),
    ("Leuven", "Leuven", "Vlaanderen", "BE", 3, "nl"),
    ("Paris", "Paris", "Île-de-France", "FR", 12, "fr"),
    ("Lyon", "Lyon", "Auvergne-Rhône-Alpes", "FR", 8, "fr"),
    ("Lille", "Lille", "Hauts-de-France", "FR", 6, "fr"),
    ("Nantes", "Nantes", "Pays de la Loire", "FR", 5, "fr"),
    ("Marseille", "Marseille", "Provence-Alpes-Côte d’Azur", "FR", 5, "fr"),
    ("Bordeaux", "Bordeaux", "Nouvelle-Aquitaine", "FR", 3, "fr"),
    ("Toulouse", "Toulouse", "Occitanie", "FR", 3, "fr"),
]

# (slug, fr, nl, en, skills typical of the sector)
SECTORS = [
    ("spectacle", "Arts de la scène", "Podiumkunsten", "Performing arts", ["régie son", "mise en scène", "jeu d’acteur", "diffusion"]),
    ("musique", "Musique", "Muziek", "Music", ["composition", "enseignement musical", "production musicale", "tournées"]),
    ("arts-visuels", "Arts visuels", "Beeldende kunst", "Visual arts", ["illustration", "photographie", "scénographie", "sérigraphie"]),
    ("audiovisuel", "Audiovisuel", "Audiovisueel", "Audiovisual", ["montage vidéo", "prise de vue", "sous-titrage", "étalonnage"]),
    (
        "graphisme",
        "Graphisme et design",
        "Grafisch ontwerp",
        "Graphic design",
        ["design graphique", "mise en page", "identité visuelle", "UX"],
    ),
    ("numerique", "Numérique", "Digitaal", "Digital", ["développement web", "Python", "administration système", "données"]),
    ("formation", "Formation", "Opleiding", "Training", ["animation de groupe", "pédagogie", "coaching", "facilitation"]),
    ("conseil", "Conseil", "Advies", "Consulting", ["gestion de projet", "comptabilité", "stratégie", "recherche"]),
    (
        "traduction",
        "Traduction et écriture",
        "Vertaling en schrijven",
        "Translation and writing",
        ["traduction FR-NL", "rédaction", "relecture", "interprétation"],
    ),
    ("artisanat", "Artisanat", "Ambacht", "Crafts", ["menuiserie", "céramique", "couture", "restauration"]),
    ("evenementiel", "Événementiel", "Evenementen", "Events", ["logistique", "régie générale", "accueil", "catering"]),
    (
        "journalisme",
        "Journalisme et médias",
        "Journalistiek en media",
        "Journalism and media",
        ["reportage", "podcast", "édition", "fact-checking"],
    ),
]
COMMON_SKILLS = ["néerlandais", "anglais", "animation", "communication", "budget", "réseaux sociaux", "médiation", "levée de fonds"]

DEPARTMENTS = [
    ("dg", "Direction générale", "Algemene directie", "General management"),
    ("fin", "Finances", "Financiën", "Finance"),
    ("rh", "Ressources humaines", "Human resources", "Human resources"),
    ("smb", "Services aux membres", "Dienstverlening aan leden", "Member services"),
    ("com", "Communication", "Communicatie", "Communication"),
    ("it", "Informatique", "IT", "IT"),
    ("jur", "Juridique", "Juridische dienst", "Legal"),
    ("vie", "Vie coopérative", "Coöperatief leven", "Cooperative life"),
    ("prod", "Production et outils", "Productie en tools", "Production and tools"),
    ("form", "Formation", "Opleiding", "Training"),
]

INTERESTS = [
    ("modele-economique", "Modèle économique", "Economisch model", "Economic model"),
    ("gouvernance", "Gouvernance", "Bestuur", "Governance"),
    ("vie-cooperative", "Vie coopérative", "Coöperatief leven", "Cooperative life"),
    ("plaidoyer", "Plaidoyer", "Belangenbehartiging", "Advocacy"),
    ("mutualisation", "Mutualisation et solidarité", "Solidariteit", "Pooling and solidarity"),
    ("formation", "Formation", "Opleiding", "Training"),
    ("numerique", "Outils numériques", "Digitale tools", "Digital tools"),
    ("ecologie", "Transition écologique", "Ecologische transitie", "Ecological transition"),
    ("bien-etre", "Bien-être au travail", "Welzijn op het werk", "Well-being at work"),
    ("international", "Coopération internationale", "Internationale samenwerking", "International cooperation"),
]

BIOS = [
    "Je travaille en indépendant·e depuis dix ans et j’ai participé à deux cycles du processus participatif.",
    "Intéressé·e par les outils partagés entre sociétaires et par la formation des nouveaux membres.",
    "Ik werk als freelancer en wil graag meedenken over de toekomst van de coöperatie.",
    "Curieuse de tout ce qui rend la coopérative plus solidaire, surtout pour les jeunes membres.",
    "Actif·ve dans les rencontres locales de mon bureau ; j’aime faire se rencontrer les gens.",
    "",
    "",
]


def _ensure_structure(ctx: SeedContext) -> None:
    for role in Role:
        Group.objects.get_or_create(name=role)
    offices = Office.objects.bulk_create([Office(name=n, city=c, region=r, country=k) for n, c, r, k, _, _ in OFFICES])
    sectors = Sector.objects.bulk_create([Sector(slug=s, name_fr=fr, name_nl=nl, name_en=en) for s, fr, nl, en, _ in SECTORS])
    departments = Department.objects.bulk_create([Department(code=c, name_fr=fr, name_nl=nl, name_en=en) for c, fr, nl, en in DEPARTMENTS])
    interests = Interest.objects.bulk_create([Interest(slug=s, name_fr=fr, name_nl=nl, name_en=en) for s, fr, nl, en in INTERESTS])
    skill_names = sorted({name for *_, names in SECTORS for name in names} | set(COMMON_SKILLS))
    skills = Skill.objects.bulk_create([Skill(name=name) for name in skill_names])
    ctx.shared.update(
        offices=offices,
        sectors=sectors,
        departments=departments,
        interests=interests,
        skills_by_name={s.name: s for s in skills},
        groups={g.name: g for g in Group.objects.all()},
    )
    ctx.log(f"{len(offices)} offices, {len(sectors)} sectors, {len(departments)} departments, {len(interests)} interests")


def _demo_accounts(ctx: SeedContext) -> None:
    offices = {o.name: o for o in ctx.shared["offices"]}
    groups = ctx.shared["groups"]
    for index, account in enumerate(DEMO_ACCOUNTS):
        user = User.objects.create_user(account.email, account.password, is_staff=account.role == Role.ADMIN)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        office = offices["Gent" if account.language == "nl" else "Bruxelles"]
        sector = ctx.shared["sectors"][index % len(ctx.shared["sectors"])]
        profile = Profile.objects.create(
            user=user,
            display_name=account.name,
            language=account.language,
            country=Country.BE,
            office=office,
            sector=sector,
            profession=SECTORS[index % len(SECTORS)][4][0].capitalize(),
            department=ctx.shared["departments"][1] if account.role == Role.DEPARTMENT_LEAD else None,
            bio=BIOS[index % 5],
            visibility=Visibility.MEMBERS,
            gender=account.gender,
        )
        profile.skills.set([ctx.shared["skills_by_name"][name] for name in [*SECTORS[index % len(SECTORS)][4][:2], COMMON_SKILLS[index]]])
        profile.interests.set(ctx.shared["interests"][index : index + 3])
        user.groups.add(groups[Role.MEMBER], groups[account.role])
        if account.role == Role.ADMIN:
            user.is_superuser = True
            user.save(update_fields=["is_superuser"])
    ctx.log(f"{len(DEMO_ACCOUNTS)} demo accounts")


def _staff(ctx: SeedContext) -> None:
    """The coordination team, a lead per department, and a pool of facilitators."""
    rng, groups = ctx.rng, ctx.shared["groups"]
    people: list[tuple[str, str, str, Department | None]] = []
    for i in range(6):
        people.append((f"coordination{i + 1}@cairn.example", Role.COORDINATION, rng.choice(["fr", "fr", "nl"]), None))
    for department in ctx.shared["departments"]:
        people.append((f"direction-{department.code}@cairn.example", Role.DEPARTMENT_LEAD, rng.choice(["fr", "nl"]), department))
    for i in range(max(5, ctx.members // 600)):
        people.append((f"animation{i + 1}@cairn.example", Role.FACILITATOR, rng.choice(["fr", "fr", "nl"]), None))
    for email, role, language, department in people:
        user = User(email=email, password=make_password(None))
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        flemish = [o for o in ctx.shared["offices"] if o.name in FLEMISH_OFFICES]
        walloon = [o for o in ctx.shared["offices"] if o.country == "BE" and o.name not in FLEMISH_OFFICES]
        office = rng.choice(flemish if language == "nl" else walloon)
        first, last, gender = person_name(rng, origin_of(office.country, language))
        Profile.objects.create(
            user=user,
            display_name=f"{first} {last}",
            language=language,
            country=office.country,
            office=office,
            department=department,
            visibility=Visibility.MEMBERS,
            gender=_chosen(rng, gender),
        )
        user.groups.add(groups[Role.MEMBER], groups[role])
    ctx.log(f"{len(people)} staff and facilitators")


#: Offices where Dutch is spoken (OFFICES' main language).
FLEMISH_OFFICES = {name for name, *_, language in OFFICES if language == "nl"}


def _chosen(rng, gender: str) -> str:
    """The form a member chose for their role labels: most chose the one of their first
    name; some left the optional field empty (the neutral form)."""
    return gender if rng.random() < 0.9 else ""


def _members(ctx: SeedContext) -> None:
    rng = ctx.rng
    count = ctx.members
    offices = ctx.shared["offices"]
    weights = [share for *_, share, _lang in OFFICES]
    office_language = {o.name: lang for (n, *_, lang), o in zip(OFFICES, offices, strict=True)}
    sectors = ctx.shared["sectors"]
    skills_by_name = ctx.shared["skills_by_name"]
    interests = ctx.shared["interests"]
    sector_skills = {sector.pk: [skills_by_name[name] for name in names] for sector, (*_, names) in zip(sectors, SECTORS, strict=True)}
    common = [skills_by_name[name] for name in COMMON_SKILLS]
    member_group = ctx.shared["groups"][Role.MEMBER]
    now = timezone.now()
    unusable = make_password(None)  # one unusable hash: these members sign in through an invitation
    visibilities = [Visibility.MEMBERS] * 6 + [Visibility.PUBLIC] * 3 + [Visibility.PRIVATE]

    batch = 5000
    for start in range(0, count, batch):
        size = min(batch, count - start)
        plans = []
        for i in range(start, start + size):
            office = rng.choices(offices, weights)[0]
            language = office_language[office.name]
            if language == "fr" and office.country == "BE" and rng.random() < 0.08:
                language = "nl"
            if rng.random() < 0.03:
                language = "en"
            first, last, gender = person_name(rng, origin_of(office.country, language))
            plans.append((i, office, language, first, last, gender, rng.choice(sectors)))
        users = User.objects.bulk_create(
            [
                User(email=f"{_ascii(first)}.{_ascii(last)}.{i + 1}@membres.cairn.example", password=unusable, date_joined=now)
                for i, office, language, first, last, gender, sector in plans
            ],
            batch_size=1000,
        )
        profiles = Profile.objects.bulk_create(
            [
                Profile(
                    user=user,
                    display_name=f"{first} {last}",
                    language=language,
                    country=office.country,
                    office=office,
                    sector=sector,
                    profession=rng.choice(sector_skills[sector.pk]).name.capitalize(),
                    bio=rng.choice(BIOS),
                    visibility=rng.choice(visibilities),
                    gender=_chosen(rng, gender),
                )
                for user, (i, office, language, first, last, gender, sector) in zip(users, plans, strict=True)
            ],
            batch_size=1000,
        )
        insert_rows(User.groups.through, ["user", "group"], ((u.pk, member_group.pk) for u in users))
        skill_links: list[tuple[int, int]] = []
        interest_links: list[tuple[int, int]] = []
        for profile in profiles:
            chosen = set(rng.sample(sector_skills[profile.sector_id], rng.randint(1, 3)))
            if rng.random() < 0.4:
                chosen.add(rng.choice(common))
            skill_links.extend((profile.pk, s.pk) for s in sorted(chosen, key=lambda s: s.pk))
            interest_links.extend((profile.pk, t.pk) for t in rng.sample(interests, rng.randint(0, 3)))
        insert_rows(Profile.skills.through, ["profile", "skill"], skill_links)
        insert_rows(Profile.interests.through, ["profile", "interest"], interest_links)
    ctx.log(f"{count} members")


def _ascii(text: str) -> str:
    """A name as the local part of an e-mail address: « Van den Broeck » → vandenbroeck."""
    return fold(text, ascii_only=True).replace(" ", "")


def seed_accounts(ctx: SeedContext) -> None:
    _ensure_structure(ctx)
    _demo_accounts(ctx)
    _staff(ctx)
    _members(ctx)
