"""Demo data of the registry: five cycles since 2015, their themes, working groups and people,
the recommendations the groups wrote, and what became of them (DESIGN.md §1, §4).

Two steps. ``build_plan`` decides everything from the scale and the random generator — which
themes, groups, numbers, texts, statuses and evidence — without touching the database, so
tests can check the plan of a scale without writing it. ``write_plan`` then stores it through
the registry's services, as the coordination team would enter it: cycles, broad themes,
themes, groups and their people one by one (a few dozen), recommendations and their history
with the services' bulk paths (a few dozen queries whatever the scale), then the open
campaign as a coordinator would run it.

The ``realistic`` scale is the cooperative as it is (about 270 recommendations), ``small`` a
reduced but complete registry for tests, ``large`` ten times the recommendations for benchmarks.

For later seeders, ``ctx.shared`` gets ``theme_categories``, ``cycles`` (lists of models),
``themes`` (by key, e.g. ``"2019-20/ACC"``), ``working_groups``, ``recommendation_ids`` (in
the registry's order) and ``assessment_campaign`` (the open campaign).
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Max

from cairn.accounts.models import Department, Office, Profile, User
from cairn.accounts.seed_names import BELGIAN_FRENCH, FLEMISH, person_name
from cairn.core.models import AuditEntry
from cairn.core.seeding import SeedContext
from cairn.recommendations.models import (
    Assessment,
    Campaign,
    CampaignAssignment,
    Cycle,
    GroupPerson,
    GroupRole,
    Kind,
    LinkKind,
    Recommendation,
    RecommendationLink,
    Status,
    Theme,
    WorkingGroup,
)
from cairn.recommendations.seed_content import (
    BANK,
    CATEGORIES,
    CYCLES,
    GROUP_INTERVIEWEE_ROLES,
    INTERNAL_NOTES,
    INTERVIEW_NOTES,
    INTERVIEW_SOURCES,
    INTERVIEWEE_ROLES,
    LINES_OF_THOUGHT,
    LINES_OF_THOUGHT_ONLY,
    PUBLIC_COMMENTS,
    RATIONALES,
    SECTION_OF_LINES_OF_THOUGHT,
    THEMES,
    VARIATIONS,
    Written,
)
from cairn.recommendations.services.assessments import assessment_record_many
from cairn.recommendations.services.campaigns import assessment_propose, campaign_assign, campaign_open
from cairn.recommendations.services.recommendations import NewRecommendation, recommendation_create_many, recommendation_reference
from cairn.recommendations.services.structure import (
    cycle_create,
    group_people_add,
    theme_category_create,
    theme_create,
    working_group_create,
)

#: The campaign the seed leaves open, with assignments and proposals awaiting review.
OPEN_CAMPAIGN = "État des lieux 2025"
#: The state of play whose interviews (autumn 2022 to spring 2023) most assessments come from.
CLOSED_CAMPAIGN = "État des lieux 2023"
CLOSED_CAMPAIGN_WINDOW = (datetime.date(2022, 9, 1), datetime.date(2023, 5, 31))
#: Assessments are dated between these days (DESIGN.md: the state of play of 2022–2024).
ASSESSED_FROM, ASSESSED_UNTIL = datetime.date(2022, 1, 10), datetime.date(2024, 12, 13)

DEMO_MEMBER = "societaire@demo.cairn.example"
DEMO_FACILITATOR = "animation@demo.cairn.example"
DEMO_COORDINATOR = "coordination@demo.cairn.example"
DEMO_DEPARTMENT_LEAD = "direction@demo.cairn.example"
#: Groups the demo member and facilitator took part in (theme key, group name).
DEMO_GROUPS = [("2019-20/ACC", "Bruxelles"), ("2019-20/ACC", "Gent"), ("2020-21/CRI", "Bruxelles"), ("2020-21/CRI", "Gent")]

# The status mix per cycle, oldest first: older recommendations had more time to be done.
STATUS_WEIGHTS = {
    Status.NOT_ASSESSED: [6, 8, 10, 14, 18],
    Status.DONE: [38, 32, 30, 22, 18],
    Status.IN_PROGRESS: [18, 20, 24, 28, 30],
    Status.NOT_DONE: [22, 24, 20, 20, 20],
    Status.REJECTED: [9, 9, 8, 8, 6],
    Status.POSTPONED: [7, 7, 8, 8, 8],
}
# Histories that lead to a status, when a recommendation was assessed more than once.
EARLIER_STATUSES = {
    Status.DONE: [[Status.IN_PROGRESS], [Status.NOT_DONE, Status.IN_PROGRESS], [Status.POSTPONED, Status.IN_PROGRESS]],
    Status.IN_PROGRESS: [[Status.NOT_DONE], [Status.POSTPONED]],
    Status.NOT_DONE: [[Status.IN_PROGRESS]],
    Status.REJECTED: [[Status.POSTPONED]],
    Status.POSTPONED: [[Status.NOT_DONE]],
}


@dataclass
class Scale:
    themes_per_cycle: int | None  # None: every theme
    recommendations_per_theme: tuple[int, int]  # top-level, before sub-items and lines of thought
    multiplier: int  # large: each theme gets this many times the recommendations, varied
    participants: tuple[int, int]
    assignments: int
    proposals: int


SCALES = {
    "small": Scale(2, (4, 5), 1, (3, 5), 12, 3),
    "realistic": Scale(None, (12, 14), 1, (6, 14), 60, 6),
    "large": Scale(None, (12, 14), 10, (6, 14), 600, 40),
}


@dataclass
class PlannedAssessment:
    status: str
    effective_date: datetime.date
    assessor: str  # e-mail of a coordination or department-lead account
    interviewee: str
    interviewee_role: str
    department: str | None  # department code
    interview_date: datetime.date
    source: str
    notes: str
    public_comment: str
    internal_note: str
    campaign: str | None


@dataclass
class PlannedRecommendation:
    index: int
    theme: str  # "2019-20/ACC"
    groups: list[str]
    section: str
    number: str
    title: str
    text: str
    kind: str
    language: str
    departments: list[str]
    written: int | None  # key of the text in the bank, to find re-issued recommendations
    parent: int | None = None
    reference: str = ""
    links: list[tuple[int, str]] = field(default_factory=list)  # (earlier recommendation, kind)
    assessments: list[PlannedAssessment] = field(default_factory=list)


@dataclass
class PlannedGroup:
    theme: str
    name: str
    offices: list[str]
    languages: list[str]
    meeting_dates: list[str]
    # (role, ("account", email) | ("member", office, k) | ("name", full name, gender))
    people: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)


@dataclass
class PlannedTheme:
    key: str
    cycle: str
    code: str
    title: str
    category: str
    voted_on: datetime.date
    prolongs: str | None
    introduction: str


@dataclass
class Plan:
    themes: list[PlannedTheme]
    groups: list[PlannedGroup]
    recommendations: list[PlannedRecommendation]
    # The open campaign: (recommendation, assignee) and proposals (recommendation, assessment).
    assignments: list[tuple[int, str]]
    proposals: list[tuple[int, PlannedAssessment]]

    @property
    def cycles(self) -> list[str]:
        return [code for code, *_ in CYCLES]


def _date(parts: tuple[int, int, int]) -> datetime.date:
    return datetime.date(*parts)


def _person_name(rng: random.Random, language: str) -> tuple[str, str]:
    """(full name, gender) of someone of the groups' time, before Cairn."""
    first, last, gender = person_name(rng, FLEMISH if language == "nl" else BELGIAN_FRENCH)
    return f"{first} {last}", gender


def _meeting_dates(rng: random.Random, year: int) -> list[str]:
    """Five meetings of three hours between November and April."""
    months = [(year, 11), (year, 12), (year + 1, 1), (year + 1, 2), (year + 1, 3), (year + 1, 4)]
    chosen = sorted([months[0], *rng.sample(months[1:5], 3), months[5]])
    return [datetime.date(y, m, rng.randint(3, 26)).isoformat() for y, m in chosen]


def _plan_themes(scale: Scale) -> list[PlannedTheme]:
    themes: list[PlannedTheme] = []
    per_cycle: dict[str, int] = defaultdict(int)
    cycles = {code: (_date(start), name) for code, name, _country, start, _end, _desc in CYCLES}
    for cycle, code, title, category, prolongs, question, groups in THEMES:
        if scale.themes_per_cycle is not None and per_cycle[cycle] >= scale.themes_per_cycle:
            continue
        per_cycle[cycle] += 1
        voted_on, _name = cycles[cycle]
        cities = ", ".join(g.split("|")[0] for g in groups)
        introduction = (
            f"Les groupes de travail ({cities}) se sont demandé {question}. Ils se sont réunis cinq fois, de novembre "
            f"{voted_on.year} à avril {voted_on.year + 1}, et ont écrit ce document ensemble. Publié d’abord en brouillon "
            "pour les commentaires des sociétaires et présenté en visioconférence, il a été remis au conseil "
            "d’administration et à l’assemblée générale."
        )
        themes.append(PlannedTheme(f"{cycle}/{code}", cycle, code, title, category, voted_on, prolongs or None, introduction))
    kept = {t.key for t in themes}
    for theme in themes:
        if theme.prolongs not in kept:
            theme.prolongs = None
    return themes


def _plan_groups(rng: random.Random, scale: Scale, themes: list[PlannedTheme]) -> list[PlannedGroup]:
    groups: list[PlannedGroup] = []
    specs = {f"{cycle}/{code}": spec for cycle, code, *_rest, spec in THEMES}
    cycle_index = {code: i for i, (code, *_rest) in enumerate(CYCLES)}
    facilitator_pool = [f"animation{i}@cairn.example" for i in range(1, 6)]  # every scale has at least five
    for theme in themes:
        recent = cycle_index[theme.cycle] >= 3  # groups of 2019 and later have accounts on Cairn
        for spec in specs[theme.key]:
            name, languages = spec.split("|")
            offices = name.split("–")
            group = PlannedGroup(theme.key, name, offices, languages.split(","), _meeting_dates(rng, theme.voted_on.year))
            main_language = "nl" if group.languages == ["nl"] else "fr"
            demo = (theme.key, name) in DEMO_GROUPS
            for role, count in ((GroupRole.FACILITATOR, rng.randint(1, 2)), (GroupRole.SECRETARY, rng.randint(1, 2))):
                for i in range(count):
                    if demo and role == GroupRole.FACILITATOR and i == 0 and main_language == "nl":
                        group.people.append((role, ("account", DEMO_FACILITATOR)))
                    elif recent or (cycle_index[theme.cycle] == 2 and role == GroupRole.FACILITATOR):
                        if role == GroupRole.FACILITATOR:
                            group.people.append((role, ("account", rng.choice(facilitator_pool))))
                        else:
                            group.people.append((role, ("member", rng.choice(offices), rng.randrange(10_000))))
                    else:
                        group.people.append((role, ("name", *_person_name(rng, main_language))))
            participants = rng.randint(*scale.participants)
            if demo and main_language == "fr":
                group.people.append((GroupRole.PARTICIPANT, ("account", DEMO_MEMBER)))
            for _ in range(participants):
                if recent:
                    group.people.append((GroupRole.PARTICIPANT, ("member", rng.choice(offices), rng.randrange(10_000))))
                else:
                    language = "nl" if main_language == "nl" or ("nl" in group.languages and rng.random() < 0.4) else "fr"
                    group.people.append((GroupRole.PARTICIPANT, ("name", *_person_name(rng, language))))
            groups.append(group)
    return groups


def _draw(rng: random.Random, bank: list[Written], count: int, used: set[int], prolonged_used: set[int]) -> list[Written]:
    """Texts for a new document: mostly new ones; a few re-issued from earlier cycles, preferably
    from the theme this one prolongs (as the real groups did)."""
    fresh = [w for w in bank if w.key not in used]
    again = [w for w in bank if w.key in prolonged_used] or [w for w in bank if w.key in used]
    reissued = min(len(again), rng.randint(0, 2), count)
    chosen = rng.sample(fresh, min(len(fresh), count - reissued))
    chosen += rng.sample(again, min(len(again), count - len(chosen)))
    return sorted(chosen, key=_document_order(bank))


def _document_order(bank: list[Written]) -> Any:
    """Sections in the order they first appear in the bank, then the bank's order."""
    sections: dict[str, int] = {}
    for w in bank:
        sections.setdefault(w.section, len(sections))
    return lambda w: (sections[w.section], w.key)


class _Numbering:
    """How a document numbers its recommendations: running across sections ("1" … "14"),
    or within sections ("1.1", "1.2", "2.1"); with the odd gap, as real documents have."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.per_section = rng.random() < 0.3
        self.number = 0
        self.sections: dict[str, int] = {}
        self.in_section: dict[str, int] = defaultdict(int)

    def next(self, section: str) -> str:
        self.number += 1 + (self.rng.random() < 0.07)
        if not self.per_section:
            return str(self.number)
        self.sections.setdefault(section, len(self.sections) + 1)
        self.in_section[section] += 1 + (self.rng.random() < 0.05)
        return f"{self.sections[section]}.{self.in_section[section]}"


def _plan_recommendations(
    rng: random.Random, scale: Scale, themes: list[PlannedTheme], groups: list[PlannedGroup]
) -> list[PlannedRecommendation]:
    planned: list[PlannedRecommendation] = []
    groups_of: dict[str, list[PlannedGroup]] = defaultdict(list)
    for group in groups:
        groups_of[group.theme].append(group)
    used_by_category: dict[str, set[int]] = defaultdict(set)
    used_by_theme: dict[str, set[int]] = defaultdict(set)
    first_use: dict[int, int] = {}  # bank key → index of its first recommendation
    cycle_code = {t.key: t.cycle for t in themes}

    def add(theme: PlannedTheme, **values: Any) -> PlannedRecommendation:
        item = PlannedRecommendation(index=len(planned), theme=theme.key, **values)
        item.reference = recommendation_reference(cycle_code=theme.cycle, theme_code=theme.code, number=item.number)
        planned.append(item)
        return item

    def add_lines_of_thought(theme: PlannedTheme, theme_groups: list[Any], next_number: Any, titles: list[str], text: str) -> None:
        """Open questions a group ended on, in their own section."""
        for title in titles:
            add(
                theme,
                groups=[g.name for g in theme_groups],
                section=SECTION_OF_LINES_OF_THOUGHT,
                number=next_number(SECTION_OF_LINES_OF_THOUGHT),
                title=title,
                text=text,
                kind=Kind.LINE_OF_THOUGHT,
                language="fr",
                departments=[],
                written=None,
            )

    asked: set[str] = set()

    def questions(category: str, count: int) -> list[str]:
        """Open questions of the theme's subject, none asked before while there are others
        (the large scale asks them again)."""
        pool = LINES_OF_THOUGHT[category]
        fresh = [q for q in pool if q not in asked]
        chosen = rng.sample(fresh, min(count, len(fresh)))
        chosen += rng.sample([q for q in pool if q not in chosen], min(count - len(chosen), len(pool) - len(chosen)))
        asked.update(chosen)
        return chosen

    for theme in themes:
        theme_groups = groups_of[theme.key]
        numbering = _Numbering(rng)
        next_number = numbering.next

        if theme.key in LINES_OF_THOUGHT_ONLY:
            add_lines_of_thought(
                theme,
                theme_groups,
                next_number,
                questions(theme.category, rng.randint(6, 8) if scale.multiplier == 1 else 10),
                "Une question que le groupe a ouverte sans la trancher, à reprendre dans un prochain cycle.",
            )
            continue

        bank = BANK[theme.category]
        count = rng.randint(*scale.recommendations_per_theme)
        prolonged = used_by_theme[theme.prolongs] if theme.prolongs else set()
        drawn: list[tuple[Written, str]] = [(w, "") for w in _draw(rng, bank, count, used_by_category[theme.category], prolonged)]
        for round_ in range(1, scale.multiplier):  # large: the same texts, varied
            variation = VARIATIONS[(round_ - 1) % len(VARIATIONS)]
            drawn += [(w, variation) for w in rng.sample(bank, count)]
        if scale.multiplier > 1:
            in_order = _document_order(bank)
            drawn.sort(key=lambda pair: in_order(pair[0]))

        for written, variation in drawn:
            flemish_groups = [g for g in theme_groups if g.languages == ["nl"]]
            if written.title_nl and flemish_groups and rng.random() < 0.6:
                own_groups = [rng.choice(flemish_groups)]  # what a Flemish group wrote, it wrote in Dutch
            elif len(theme_groups) == 1 or rng.random() < 0.35:
                own_groups = theme_groups
            else:
                own_groups = [rng.choice(theme_groups)]
            flemish = all(g.languages == ["nl"] for g in own_groups)
            bilingual = any("nl" in g.languages for g in own_groups)
            dutch = bool(written.title_nl) and not variation and ((flemish and rng.random() < 0.85) or (bilingual and rng.random() < 0.15))
            title, text = (written.title_nl, written.text_nl) if dutch else (written.title, written.text)
            if variation:
                title = f"{title} {variation}"
            links: list[tuple[int, str]] = []
            if written.key in used_by_category[theme.category] and not variation:
                earlier = planned[first_use[written.key]]
                kind = LinkKind.SAME_AS if rng.random() < 0.5 else LinkKind.CONTINUES
                links.append((earlier.index, kind))
                earlier_cycle = cycle_code[earlier.theme]
                if dutch:
                    text = f"Deze aanbeveling neemt {earlier.reference} (cyclus {earlier_cycle}) opnieuw op. {text}"
                elif kind == LinkKind.SAME_AS:
                    text = f"Le groupe reprend telle quelle la recommandation {earlier.reference} du cycle {earlier_cycle}, restée sans suite suffisante. {text}"
                else:
                    text = f"Dans le prolongement de la recommandation {earlier.reference} du cycle {earlier_cycle}, le groupe va plus loin. {text}"
            item = add(
                theme,
                groups=[g.name for g in own_groups],
                section=written.section,
                number=next_number(written.section),
                title=title,
                text=text,
                kind=Kind.RECOMMENDATION,
                language="nl" if dutch else "fr",
                departments=list(written.departments),
                written=written.key,
                links=links,
            )
            if not variation:
                first_use.setdefault(written.key, item.index)
                used_by_category[theme.category].add(written.key)
                used_by_theme[theme.key].add(written.key)
            if written.sub_items and not dutch and rng.random() < 0.8:
                lettered = not numbering.per_section and rng.random() < 0.25  # "4a", "4b" rather than "4.1", "4.2"
                for i, sub in enumerate(written.sub_items, start=1):
                    add(
                        theme,
                        groups=item.groups,
                        section=item.section,
                        number=f"{item.number}{'abcdefgh'[i - 1]}" if lettered else f"{item.number}.{i}",
                        title=sub,
                        text="",
                        kind=Kind.RECOMMENDATION,
                        language="fr",
                        departments=item.departments[:1],
                        written=None,
                        parent=item.index,
                    )
        if rng.random() < 0.45 * scale.multiplier:  # some groups end on open questions
            add_lines_of_thought(
                theme,
                theme_groups,
                next_number,
                questions(theme.category, rng.randint(1, 2)),
                "Le groupe n’a pas formulé de recommandation, mais souhaite que la question reste ouverte.",
            )
    return planned


def _agreeing(forms: tuple[str, str, str], gender: str) -> str:
    """A role written (feminine, masculine, neutral) as it agrees with someone whose first
    name has that gender ("" for a name worn by women and men alike: the neutral form)."""
    feminine, masculine, neutral = forms
    return {"f": feminine, "m": masculine}.get(gender, neutral)


def _random_day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _plan_assessment(
    rng: random.Random,
    item: PlannedRecommendation,
    status: str,
    day: datetime.date,
    department_names: dict[str, str],
    people_of: dict[str, list[tuple[str, str]]],
    campaign: str | None,
    assessor: str,
) -> PlannedAssessment:
    department = item.departments[0] if item.departments else None
    # The interviewee's role agrees with them: « coordinatrice du projet », « animateur du groupe ».
    if department is None or rng.random() < 0.2:  # the working group itself was interviewed
        interviewee, gender = rng.choice(people_of.get(item.groups[0]) or [_person_name(rng, item.language)])
        role, department = _agreeing(rng.choice(GROUP_INTERVIEWEE_ROLES), gender), None
    else:
        interviewee, gender = _person_name(rng, rng.choice(["fr", "fr", "nl"]))
        role = _agreeing(rng.choice(INTERVIEWEE_ROLES), gender).format(department=department_names[department])
    department_name = department_names[department] if department else "concernée"
    template = rng.choice(RATIONALES[status] if status in RATIONALES else PUBLIC_COMMENTS[status])
    year = day.year + (status in (Status.IN_PROGRESS, Status.POSTPONED))
    source = rng.choice(INTERVIEW_SOURCES)
    if source == "Rapport d’activité":
        source = f"Rapport d’activité {day.year - 1}"
    return PlannedAssessment(
        status=status,
        effective_date=day,
        assessor=assessor,
        interviewee=interviewee,
        interviewee_role=role,
        department=department,
        interview_date=day - datetime.timedelta(days=rng.randint(0, 12)),
        source=source,
        notes=rng.choice(INTERVIEW_NOTES),
        public_comment=template.format(department=department_name, year=year),
        internal_note=rng.choice(INTERNAL_NOTES),
        campaign=campaign,
    )


def _plan_statuses(rng: random.Random, scale: Scale, plan: Plan) -> None:
    cycle_index = {code: i for i, (code, *_rest) in enumerate(CYCLES)}
    theme_cycle = {t.key: t.cycle for t in plan.themes}
    # As a sentence says it: "la direction Finances", "la direction générale".
    department_names = {code: name.removeprefix("Direction ") for code, name, *_ in _departments()}
    people_of: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for group in plan.groups:
        people_of[group.name] += [(ref[1], ref[2]) for role, ref in group.people if ref[0] == "name" and role != GroupRole.PARTICIPANT]
    assessors = [f"coordination{i}@cairn.example" for i in range(1, 7)] + [DEMO_COORDINATOR]
    statuses = list(STATUS_WEIGHTS)
    by_index = plan.recommendations
    for item in plan.recommendations:
        age = cycle_index[theme_cycle[item.theme]]
        if item.kind == Kind.LINE_OF_THOUGHT:
            status = Status.NOT_ASSESSED if rng.random() < 0.7 else rng.choice([Status.IN_PROGRESS, Status.NOT_DONE])
        elif item.parent is not None and by_index[item.parent].assessments and rng.random() < 0.5:
            # Assessed with its parent, in the same interviews.
            for earlier in by_index[item.parent].assessments:
                item.assessments.append(
                    _plan_assessment(
                        rng, item, earlier.status, earlier.effective_date, department_names, people_of, earlier.campaign, earlier.assessor
                    )
                )
            continue
        else:
            status = rng.choices(statuses, [STATUS_WEIGHTS[s][age] for s in statuses])[0]
        if status == Status.NOT_ASSESSED:
            continue
        history = [*rng.choice(EARLIER_STATUSES[status]), status] if rng.random() < 0.12 else [status]
        days = sorted(rng.sample(range((ASSESSED_UNTIL - ASSESSED_FROM).days + 1), len(history)))
        for status_then, offset in zip(history, days, strict=True):
            day = ASSESSED_FROM + datetime.timedelta(days=offset)
            start, end = CLOSED_CAMPAIGN_WINDOW
            campaign = CLOSED_CAMPAIGN if start <= day <= end else None
            if campaign is None and item.departments and rng.random() < 0.5:
                assessor = f"direction-{item.departments[0]}@cairn.example"  # a department lead updates its own
            else:
                assessor = rng.choice(assessors)
            item.assessments.append(_plan_assessment(rng, item, status_then, day, department_names, people_of, campaign, assessor))

    # The open campaign: recent recommendations still moving, assigned to coordinators and department leads.
    recent = [
        item
        for item in plan.recommendations
        if cycle_index[theme_cycle[item.theme]] >= 3
        and item.kind == Kind.RECOMMENDATION
        and (not item.assessments or item.assessments[-1].status in (Status.IN_PROGRESS, Status.NOT_DONE, Status.POSTPONED))
    ]
    chosen = rng.sample(recent, min(len(recent), scale.assignments))
    chosen.sort(key=lambda item: item.index)
    finance = {item.index for item in chosen if "fin" in item.departments}
    for_demo_lead = set(sorted(finance)[: max(3, len(chosen) // 4)])
    for item in chosen:
        if item.index in for_demo_lead:
            assignee = DEMO_DEPARTMENT_LEAD  # the demo department lead leads Finance
        elif item.departments and rng.random() < 0.4:
            assignee = f"direction-{item.departments[0]}@cairn.example"
        elif rng.random() < 0.6:
            assignee = DEMO_COORDINATOR
        else:
            assignee = rng.choice(assessors[:6])
        plan.assignments.append((item.index, assignee))
    for index, assignee in rng.sample(plan.assignments, min(len(plan.assignments), scale.proposals)):
        item = by_index[index]
        status = rng.choice([Status.DONE, Status.IN_PROGRESS, Status.IN_PROGRESS, Status.NOT_DONE, Status.POSTPONED])
        day = _random_day(rng, datetime.date(2025, 1, 13), datetime.date(2025, 3, 28))
        if item.assessments and day <= item.assessments[-1].effective_date:
            continue
        plan.proposals.append((index, _plan_assessment(rng, item, status, day, department_names, people_of, OPEN_CAMPAIGN, assignee)))


def _departments() -> list[tuple[str, str, str, str]]:
    from cairn.accounts.seed import DEPARTMENTS

    return DEPARTMENTS


def build_plan(scale_name: str, rng: random.Random) -> Plan:
    """Everything the seed will write, decided from the scale and ``rng`` alone."""
    scale = SCALES[scale_name]
    themes = _plan_themes(scale)
    groups = _plan_groups(rng, scale, themes)
    plan = Plan(themes, groups, _plan_recommendations(rng, scale, themes, groups), [], [])
    _plan_statuses(rng, scale, plan)
    return plan


# --- Writing ------------------------------------------------------------------------------


def _aware(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def write_plan(ctx: SeedContext, plan: Plan) -> None:
    rng = ctx.rng
    users = dict(
        User.objects.filter(email__endswith="cairn.example").exclude(email__endswith="@membres.cairn.example").values_list("email", "pk")
    )
    members: dict[str, list[int]] = defaultdict(list)
    for office, user_id in (
        Profile.objects.filter(user__email__endswith="@membres.cairn.example").order_by("pk").values_list("office__name", "user_id")
    ):
        members[office].append(user_id)
    everyone = sorted(pk for pks in members.values() for pk in pks)
    offices = {o.name: o for o in Office.objects.all()}
    departments = {d.code: d for d in Department.objects.all()}
    # The coordination team entered the registry: every write below is theirs, through the services.
    coordinator = User.objects.get(email=DEMO_COORDINATOR)
    audited_from = AuditEntry.objects.aggregate(last=Max("pk"))["last"] or 0

    categories = [
        theme_category_create(actor=coordinator, slug=slug, name_fr=fr, name_nl=nl, name_en=en, position=i)
        for i, (slug, fr, nl, en) in enumerate(CATEGORIES)
    ]
    category_of = {c.slug: c for c in categories}
    cycles = [
        cycle_create(
            actor=coordinator,
            name=name,
            slug=f"{name}-{country.lower()}",
            code=code,
            country=country,
            starts_on=_date(start),
            ends_on=_date(end),
            description=description,
        )
        for code, name, country, start, end, description in CYCLES
    ]
    themes: dict[str, Theme] = {}
    for cycle in cycles:  # a theme prolongs one of an earlier cycle: cycle by cycle
        for t in plan.themes:
            if t.cycle == cycle.code:
                themes[f"{cycle.code}/{t.code}"] = theme_create(
                    actor=coordinator,
                    cycle=cycle,
                    title=t.title,
                    code=t.code,
                    category=category_of[t.category],
                    voted_on=t.voted_on,
                    prolongs=themes[t.prolongs] if t.prolongs else None,
                    introduction=t.introduction,
                )

    groups: list[WorkingGroup] = []
    for g in plan.groups:
        group = working_group_create(
            actor=coordinator,
            theme=themes[g.theme],
            name=g.name,
            offices=[offices[o] for o in g.offices],
            cities=", ".join(offices[o].city for o in g.offices),
            languages=g.languages,
            meeting_dates=g.meeting_dates,
        )
        people = []
        for role, ref in g.people:
            if ref[0] == "name":
                people.append(GroupPerson(role=role, name=ref[1]))
            else:
                pool = members.get(ref[1]) or everyone
                people.append(GroupPerson(role=role, user_id=users[ref[1]] if ref[0] == "account" else pool[ref[2] % len(pool)]))
        group_people_add(actor=coordinator, group=group, people=people)  # an account once per role
        groups.append(group)
    group_of = {(g.theme, g.name): group for g, group in zip(plan.groups, groups, strict=True)}

    # Recommendations, in one go (the service writes parents before their sub-items).
    wanted: dict[int, NewRecommendation] = {}
    for r in plan.recommendations:
        wanted[r.index] = NewRecommendation(
            theme=themes[r.theme],
            number=r.number,
            title=r.title,
            groups=[group_of[(r.theme, name)] for name in r.groups],
            departments=[departments[code] for code in r.departments],
            section=r.section,
            text=r.text,
            kind=r.kind,
            language=r.language,
            parent=wanted[r.parent] if r.parent is not None else None,
        )
    created = dict(zip(wanted, recommendation_create_many(actor=coordinator, recommendations=list(wanted.values())), strict=True))
    RecommendationLink.objects.bulk_create(
        [
            RecommendationLink(source=created[r.index], target=created[target], kind=kind)
            for r in plan.recommendations
            for target, kind in r.links
        ]
    )

    # The history: the state of play of 2023 (closed) and later updates, all published.
    closed = Campaign.objects.create(
        name=CLOSED_CAMPAIGN,
        description="Entretiens avec les directions, les coordinateur·rices de projets et les groupes de travail, "
        "de septembre 2022 à mai 2023 ; publié aux sociétaires en juin 2023.",
        state=Campaign.State.CLOSED,
        opened_by=coordinator,
    )
    history: list[Assessment] = []
    for r in plan.recommendations:
        for a in r.assessments:
            published = _aware(a.effective_date + datetime.timedelta(days=rng.randint(0, 20)), hour=9 + rng.randint(0, 8))
            history.append(
                Assessment(
                    recommendation=created[r.index],
                    campaign=closed if a.campaign == CLOSED_CAMPAIGN else None,
                    status=a.status,
                    effective_date=a.effective_date,
                    assessed_by_id=users[a.assessor],
                    interviewee=a.interviewee,
                    interviewee_role=a.interviewee_role,
                    interviewee_department=departments[a.department] if a.department else None,
                    interview_date=a.interview_date,
                    source=a.source,
                    notes=a.notes,
                    public_comment=a.public_comment,
                    internal_note=a.internal_note,
                    published_at=published,
                    # Department leads propose; the coordination team publishes.
                    published_by_id=users[a.assessor] if a.assessor.startswith("coordination") else coordinator.pk,
                )
            )
    # Published years ago: nobody is to be notified of it today.
    assessments = assessment_record_many(actor=coordinator, assessments=history, notify=False)
    _backdate(cycles, created.values(), assessments, audited_from)

    _write_open_campaign(plan, created, users, departments)
    ctx.shared.update(
        theme_categories=categories,
        cycles=cycles,
        themes=themes,
        working_groups=groups,
        recommendation_ids=[created[r.index].pk for r in plan.recommendations],
        assessment_campaign=Campaign.objects.get(name=OPEN_CAMPAIGN),
    )
    ctx.log(
        f"{len(cycles)} cycles, {len(themes)} themes, {len(groups)} working groups, {len(created)} recommendations, "
        f"{len(assessments)} assessments, {len(plan.assignments)} assigned and {len(plan.proposals)} proposed in “{OPEN_CAMPAIGN}”"
    )


def _backdate(cycles: list[Cycle], created: Iterable[Recommendation], assessments: list[Assessment], audited_from: int) -> None:
    """Give the history its real dates: ``auto_now_add`` stamped everything with today. A
    recommendation is recorded when its cycle ended, and so are its cycle's themes and
    groups (the broad themes with the first cycle); an assessment when it was published."""
    recorded = {cycle.pk: _aware(cycle.ends_on or cycle.starts_on) for cycle in cycles}
    for cycle in cycles:
        Recommendation.objects.filter(cycle=cycle).update(created_at=recorded[cycle.pk], updated_at=recorded[cycle.pk])
    Assessment.objects.filter(pk__in=[a.pk for a in assessments]).update(created_at=F("published_at"))

    # The audit trail the services wrote above.
    first = min(recorded.values())
    cycle_of: dict[tuple[str, str], int] = {("cycle", str(pk)): pk for pk in recorded}
    cycle_of |= {("theme", str(pk)): cycle_id for pk, cycle_id in Theme.objects.filter(cycle__in=cycles).values_list("pk", "cycle_id")}
    cycle_of |= {
        ("workinggroup", str(pk)): cycle_id
        for pk, cycle_id in WorkingGroup.objects.filter(theme__cycle__in=cycles).values_list("pk", "theme__cycle_id")
    }
    cycle_of |= {("recommendation", str(r.pk)): r.cycle_id for r in created}
    published = {a.pk: a.published_at for a in assessments if a.published_at is not None}  # all of them: the history is published
    entries = list(AuditEntry.objects.filter(pk__gt=audited_from).select_related("content_type"))
    for entry in entries:
        key = (entry.content_type.model, entry.object_id)
        if entry.action == "assessment_published":
            entry.created_at = published[entry.changes["assessment"]["after"]]
        elif key in cycle_of:
            entry.created_at = recorded[cycle_of[key]]
        else:  # the broad themes
            entry.created_at = first
    AuditEntry.objects.bulk_update(entries, ["created_at"], batch_size=500)


def _write_open_campaign(plan: Plan, created: dict[int, Recommendation], users: dict[str, int], departments: dict[str, Department]) -> None:
    """Through the services, as a coordinator opens a campaign and assignees propose statuses."""
    accounts = User.objects.in_bulk(list({users[e] for e in [DEMO_COORDINATOR, *(a for _i, a in plan.assignments)]}))
    coordinator = accounts[users[DEMO_COORDINATOR]]
    campaign = campaign_open(
        actor=coordinator,
        name=OPEN_CAMPAIGN,
        description="Deux ans après l’état des lieux de 2023 : où en sont les recommandations des cycles 2019-2020 et "
        "2020-2021 ? Chaque personne assignée interroge les directions et les groupes, puis propose un état d’avancement.",
    )
    by_assignee: dict[str, list[Recommendation]] = defaultdict(list)
    for index, email in plan.assignments:
        by_assignee[email].append(created[index])
    for email in sorted(by_assignee):
        campaign_assign(actor=coordinator, campaign=campaign, recommendations=by_assignee[email], assignee=accounts[users[email]])
    assignments = {a.recommendation_id: a for a in CampaignAssignment.objects.filter(campaign=campaign).select_related("recommendation")}
    for index, a in plan.proposals:
        assessment_propose(
            actor=accounts[users[a.assessor]],
            assignment=assignments[created[index].pk],
            status=a.status,
            effective_date=a.effective_date,
            public_comment=a.public_comment,
            internal_note=a.internal_note,
            interviewee=a.interviewee,
            interviewee_role=a.interviewee_role,
            interviewee_department=departments[a.department] if a.department else None,
            interview_date=a.interview_date,
            source=a.source,
            notes=a.notes,
        )


def seed_recommendations(ctx: SeedContext) -> None:
    write_plan(ctx, build_plan(ctx.scale, ctx.rng))
