"""The demo's hackathons, made through the services: one past, with mentors and their
slots, whose teams kept a logbook and files, saved their answers (twice: a history), were
judged and voted on, and whose chosen answer became a project; one open for registration."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cairn.accounts.models import Department, Role, User
from cairn.core import grouping
from cairn.core.seeding import SeedContext
from cairn.core.spreadsheets import xlsx_bytes
from cairn.events.recurrence import BRUSSELS
from cairn.hackathons.models import Hackathon, Phase, SessionKind, Team
from cairn.hackathons.models import Role as TeamRole
from cairn.hackathons.services.answers import answer_choose, answer_save, criterion_add, juror_add, score_submit, vote_cast
from cairn.hackathons.services.hackathons import hackathon_create, hackathon_reschedule, hackathon_set_phase, session_add
from cairn.hackathons.services.mentors import mentor_add, mentor_slot_add
from cairn.hackathons.services.participants import hackathon_days, participant_register
from cairn.hackathons.services.questions import question_create
from cairn.hackathons.services.teams import grouping_input, team_file_add, team_post_add, teams_apply
from cairn.recommendations.models import Recommendation

#: Each demo hackathon's questions: the question, the roles it needs, the broad theme of
#: the recommendations it answers and words of their titles, so that a question is linked
#: to what it is about rather than to any recommendation.
QUESTIONS = {
    "Namur": [
        (
            "Comment accueillir chaque nouveau sociétaire dans son premier mois ?",
            ["experience", "communication"],
            "accompagnement",
            ["nouveau", "accueil"],
        ),
        (
            "Comment rendre la grille tarifaire compréhensible en cinq minutes ?",
            ["development", "legal_finance"],
            "modele-economique",
            ["tarif", "coût"],
        ),
        (
            "Comment faire vivre les instances sans épuiser les mêmes sociétaires ?",
            ["facilitation", "experience"],
            "gouvernance",
            ["sociétaire", "assemblée"],
        ),
        (
            "Comment un bureau peut-il accompagner un membre en difficulté ?",
            ["experience", "legal_finance"],
            "solidarite",
            ["difficult", "solidar"],
        ),
        (
            "Comment outiller un groupe de travail pour qu’il écrive ses recommandations en ligne ?",
            ["development", "design"],
            "outils",
            ["outil", "numérique"],
        ),
        (
            "Comment rendre audibles nos propositions sur le statut des travailleurs autonomes ?",
            ["communication", "legal_finance"],
            "plaidoyer",
            ["statut", "travail"],
        ),
    ],
    "Liège": [
        ("Comment partager les outils entre bureaux sans les perdre ?", ["design", "facilitation"], "outils", ["outil", "partag"]),
        ("Quels achats groupés proposer en premier, et à qui ?", ["legal_finance", "communication"], "solidarite", ["mutualis", "solidar"]),
        (
            "Comment porter la voix des indépendants auprès des pouvoirs publics ?",
            ["communication", "legal_finance"],
            "plaidoyer",
            ["statut", "public"],
        ),
        (
            "Comment rendre visible ce qu’apporte chaque service mutualisé ?",
            ["design", "communication"],
            "modele-economique",
            ["mutualis", "service"],
        ),
        (
            "Comment accompagner un membre qui lance une deuxième activité ?",
            ["experience", "facilitation"],
            "accompagnement",
            ["accompagn", "activité"],
        ),
        (
            "Comment associer les sociétaires de Liège aux décisions du conseil ?",
            ["facilitation", "communication"],
            "gouvernance",
            ["consult", "décision"],
        ),
    ],
}
#: Questions asked per hackathon: the first of its list whose broad theme has recommendations
#: in the seeded registry (a small registry lacks some themes).
QUESTIONS_PER_HACKATHON = 3


def _about(recs: list[Recommendation], category: str, words: list[str], used: set[int]) -> list[Recommendation]:
    """Seeded recommendations of the broad theme ``category`` not taken by another question
    first, those whose title has one of ``words`` before the others: the first, and a
    second of the same theme if there is one. None when the seeded registry has no
    recommendation of that theme."""
    of_theme = [r for r in recs if r.theme.category is not None and r.theme.category.slug == category]
    ranked = sorted(of_theme, key=lambda r: not any(word in r.title.lower() for word in words))
    free = [r for r in ranked if r.pk not in used] or ranked
    chosen = free[:1] + [r for r in free[1:] if r.theme_id == free[0].theme_id][:1]
    used.update(r.pk for r in chosen)
    return chosen


#: Where each demo hackathon is held: the address of its city's office.
PLACES = {"Namur": "Bureau de Namur, rue de Fer 42", "Liège": "Bureau de Liège, quai de la Batte 10"}


def _hackathon(
    ctx: SeedContext,
    organiser: User,
    title: str,
    start: dt.datetime,
    recs: list[Recommendation],
    department: Department | None,
    city: str,
) -> Hackathon:
    hackathon = hackathon_create(
        actor=organiser,
        title=title,
        description="Deux jours pour répondre, en équipes, à des **questions précises** tirées des recommandations.",
        starts_at=start,
        ends_at=start + dt.timedelta(days=1, hours=9),
        answers_due_at=start + dt.timedelta(days=1, hours=6),
        attendance="in_person",
        address=PLACES[city],
        city=city,
        languages="fr nl",
        capacity=40,
        team_min_size=3,
        team_max_size=6,
        teams_per_question=2,
    )
    for day, kind, label, hour, hours in [
        (0, SessionKind.OPENING, "Ouverture", 9, 1),
        (0, SessionKind.PITCHES, "Présentation des questions", 10, 1),
        (0, SessionKind.MENTORING, "Mentorat", 14, 2),
        (1, SessionKind.CHECKPOINT, "Point d’étape", 10, 1),
        (1, SessionKind.FINAL_PITCHES, "Présentations finales", 15, 2),
    ]:
        begin = (start + dt.timedelta(days=day)).replace(hour=hour)
        session_add(
            actor=organiser, hackathon=hackathon, kind=kind, title=label, starts_at=begin, ends_at=begin + dt.timedelta(hours=hours)
        )
    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.CALL)
    used: set[int] = set()
    asked = 0
    for text, roles, category, words in QUESTIONS[city]:
        about = _about(recs, category, words, used)
        if not about or asked == QUESTIONS_PER_HACKATHON:
            continue
        asked += 1
        question_create(
            actor=organiser,
            hackathon=hackathon,
            recommendations=about,
            title=text,
            context="Ce que les groupes de travail ont constaté, et ce qui a déjà été essayé.",
            constraints="Budget de départ : 5 000 €. Respect du RGPD.",
            deliverable="Une réponse testable en trois mois, avec son plan.",
            needed_roles=roles,
            sponsor_department=department,
        )
    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.REGISTRATION)
    return hackathon


def _register(ctx: SeedContext, hackathon: Hackathon, members: list[User]) -> None:
    questions = list(hackathon.questions.order_by("pk").values_list("pk", flat=True))
    days = hackathon_days(hackathon)
    roles = list(TeamRole.values)
    for n, user in enumerate(members):
        prefs = ctx.rng.sample(questions, k=min(2, len(questions)))
        participant_register(
            hackathon=hackathon,
            user=user,
            role=roles[n % len(roles)],
            skills=[],
            preferences=prefs,
            languages=["fr"] if ctx.rng.random() < 0.7 else ["fr", "nl"],
            availability=days,
            first_participation=ctx.rng.random() < 0.4,
        )


def _mentors(organiser: User, hackathon: Hackathon, people: list[User]) -> None:
    """Two mentors per question (as many as there are people), each with two slots: during
    the first afternoon's mentoring and the second morning."""
    start = hackathon.event.starts_at
    slots = [(dt.timedelta(hours=5), dt.timedelta(hours=6)), (dt.timedelta(days=1, hours=2), dt.timedelta(days=1, hours=3))]
    for n, question in enumerate(hackathon.questions.order_by("pk")):
        for person in people[2 * n : 2 * n + 2]:
            mentor = mentor_add(actor=organiser, question=question, user=person)
            for begin, end in slots:
                mentor_slot_add(actor=organiser, mentor=mentor, starts_at=start + begin, ends_at=start + end)


def _team_work(ctx: SeedContext, team: Team) -> None:
    """What a team leaves behind: logbook messages, two files (a plan and a budget) and an
    answer saved twice, so the team page shows its history."""
    members = [m.participant.user for m in team.memberships.select_related("participant__user").order_by("participant_id")]
    if not members:
        return
    author, other = members[0], members[-1]
    for who, text in [
        (author, "Premier tour de table fait : chacun·e a dit ce qu’il ou elle a vu sur le terrain."),
        (other, "Le mentor nous conseille de tester dans deux bureaux seulement. On part là-dessus."),
        (author, "Budget revu avec la direction : 4 000 € suffisent pour trois mois."),
    ]:
        team_post_add(actor=who, team=team, text=text)
    title = team.question.title[:60]
    team_file_add(actor=author, team=team, upload=SimpleUploadedFile("plan-de-test.pdf", _pdf(f"Plan de test : {title}")))
    budget = xlsx_bytes(
        [("Budget", ["Poste", "Coût (€)"], [["Préparation", 800], ["Test à Namur", 1600], ["Test à Gand", 1200], ["Bilan", 400]])]
    )
    team_file_add(actor=other, team=team, upload=SimpleUploadedFile("budget.xlsx", budget))
    first = answer_save(
        actor=author,
        team=team,
        summary=f"Une première piste pour « {title} »",
        answer="Un test dans un bureau, puis une décision.",
        plan="1. Préparer. 2. Tester. 3. Décider.",
    )
    answer_save(
        actor=other,
        team=team,
        expected_updated_at=first.updated_at,
        summary=f"Une réponse concrète à « {title} »",
        answer="Un test de trois mois dans deux bureaux, puis une décision sur la généralisation.",
        plan="1. Préparer (mois 1). 2. Tester à Namur et à Gand (mois 2–3). 3. Bilan avec la direction. Coût : 4 000 €.",
    )


def _pdf(text: str) -> bytes:
    """A one-page PDF saying ``text`` (in the standard Helvetica font, Windows-1252 encoded)."""
    line = text.encode("cp1252", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 60 760 Td (" + line + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def seed_hackathons(ctx: SeedContext) -> None:
    organiser = User.objects.filter(groups__name=Role.COORDINATION).order_by("pk").first()
    seeded = ctx.shared.get("recommendation_ids", [])
    recs = list(Recommendation.objects.filter(pk__in=seeded, parent__isnull=True).select_related("theme__category").order_by("pk"))
    members = list(
        User.objects.filter(groups__name=Role.MEMBER, is_active=True).exclude(groups__name=Role.COORDINATION).order_by("pk")[:40]
    )
    if organiser is None or not recs or len(members) < 24:
        ctx.log("hackathons: no coordinator, recommendations or members, nothing seeded")
        return
    department = Department.objects.order_by("pk").first()
    start = (timezone.now() + dt.timedelta(days=30)).astimezone(BRUSSELS).replace(hour=9, minute=0, second=0, microsecond=0)

    # The past one, run in the future then moved back: registrations and answers are only
    # taken before the start and the deadline, as for a real hackathon.
    past = _hackathon(ctx, organiser, "Hackathon de Namur : de la question à la réponse", start, recs, department, "Namur")
    _register(ctx, past, members[:18])
    hackathon_set_phase(actor=organiser, hackathon=past, phase=Phase.TEAMS)
    people, targets, settings = grouping_input(past)
    teams_apply(hackathon_id=past.pk, round=past.formation_round, result=grouping.form_groups(people, targets, settings))
    _mentors(organiser, past, members[32:38])
    hackathon_set_phase(actor=organiser, hackathon=past, phase=Phase.RUNNING)
    teams = list(Team.objects.filter(hackathon=past).select_related("question").order_by("pk"))
    for team in teams:
        _team_work(ctx, team)
    jurors = members[30:32]
    for juror in jurors:
        juror_add(actor=organiser, hackathon=past, user=juror)
    criteria = [
        criterion_add(actor=organiser, hackathon=past, name="Répond à la question", weight=3),
        criterion_add(actor=organiser, hackathon=past, name="Faisabilité", weight=2),
        criterion_add(actor=organiser, hackathon=past, name="Impact pour les sociétaires", weight=2),
    ]
    hackathon_set_phase(actor=organiser, hackathon=past, phase=Phase.JUDGING)
    for juror in jurors:
        for team in teams:
            score_submit(juror=juror, team=team, scores={c.pk: (ctx.rng.randint(2, 5), "Bien argumenté.") for c in criteria})
    for voter in members[20:30]:
        vote_cast(user=voter, hackathon=past, team=ctx.rng.choice(teams))
    hackathon_set_phase(actor=organiser, hackathon=past, phase=Phase.RESULTS)
    answer_choose(actor=organiser, team=teams[0])
    hackathon_set_phase(actor=organiser, hackathon=past, phase=Phase.FOLLOW_UP)
    hackathon_reschedule(actor=organiser, hackathon=past, shift=-dt.timedelta(days=120))

    upcoming = _hackathon(ctx, organiser, "Hackathon de Liège : outils partagés", start + dt.timedelta(days=14), recs, department, "Liège")
    _register(ctx, upcoming, members[:8])
    ctx.log(f"hackathons: 2 ({len(teams)} teams in the past one with mentors, files and answer versions; one answer made a project)")
