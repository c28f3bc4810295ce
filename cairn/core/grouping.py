"""Forming groups of people around targets (questions, topics), domain-free.

An app hands in plain values — people, targets, settings — and gets back groups, the reasons
of each placement as codes with data (the app words them in its own language), and who could
not be placed and why. Nothing here touches the database; hackathon teams and experiment
groups are both built on it. The method and its limits: docs/decisions/0022-grouping-with-cp-sat.md.

Hard rules: a person is in at most one group; a group speaks one language all its members
speak; a group meets in one place, which people with no place (online, anywhere) fit too; a
group's size stays within the bounds; a target has at most ``max_groups_per_target`` groups;
locked people stay where they are locked. Soft aims, in the solver's objective: place as many
people as possible, on the targets they ranked highest; cover the skills a target needs and
mix skills and traits (office, sector…); give each group someone willing to lead; mix first
participations with veterans; meet on a slot every member is available for.

It works on two levels. The solver (OR-Tools CP-SAT) decides who goes on which target, in
which language and place, and how many groups each such cell holds — a small model, since a
cell's groups are interchangeable — with the size bounds, locks and the objective above
(needed skills, leads and newcomers counted per group the cell can hold). Then each cell is
split into its groups of balanced sizes, deterministically: locked groups first, then one
person at a time, rarest skills first, where they add the most (skills, traits, a lead,
newcomers beside veterans, a slot in common); each group meets on the slot most members can
make. The solver runs with a fixed seed, a deterministic search and a *deterministic* time
limit, so the same input gives the same groups on any machine; a wall-clock limit bounds the
time on a very slow one. Someone who can meet anywhere is offered the online group and the
places where most of the target's people meet, not every office.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Id = Hashable

# Reason codes, for the apps to word. Each placement carries some of these.
PREFERENCE = "preference"  # data: rank (1 = first choice)
NO_PREFERENCE = "no_preference"  # the person ranked nothing; placed where they fit
LOCKED = "locked"  # an organiser placed them here
NEEDED_SKILLS = "needed_skills"  # data: skills — the target needs them and nobody else in the group has them
BRINGS_SKILLS = "brings_skills"  # data: skills nobody else in the group has
LANGUAGE = "language"  # data: language the group speaks
PLACE = "place"  # data: place (None: online)
LEADS = "leads"  # willing to lead the group
NEWCOMER_WITH_VETERANS = "newcomer_with_veterans"
VETERAN_WITH_NEWCOMERS = "veteran_with_newcomers"
AVAILABLE = "available"  # data: slot the group meets on
NOT_AVAILABLE = "not_available"  # data: slot — the group's slot is not among theirs
# Reasons someone is not placed.
NO_CANDIDATE = "no_candidate"  # no target they ranked (or could take) has a group slot
NO_COMPANIONS = "no_companions"  # data: language/place — too few people share them to fill a group
FULL = "full"  # the groups they could join are full, or the target's group limit is reached


@dataclass(frozen=True)
class Person:
    id: Id
    languages: frozenset[str]
    place: str | None = None  # None: online or anywhere
    skills: frozenset[str] = frozenset()
    traits: frozenset[str] = frozenset()  # what a group should mix: "office:Liège", "sector:culture"
    preferences: tuple[Id, ...] = ()  # target ids, best first
    availability: frozenset[str] | None = None  # slots; None: any
    first_timer: bool = False
    lead: bool = False


@dataclass(frozen=True)
class Target:
    id: Id
    needs: frozenset[str] = frozenset()  # skills a group on this target should cover
    max_groups: int | None = None  # overrides Settings.max_groups_per_target


@dataclass(frozen=True)
class Settings:
    min_size: int = 3
    max_size: int = 6
    max_groups_per_target: int = 1
    max_groups: int | None = None  # in all
    slots: tuple[str, ...] = ()  # when given, each group meets on one of them
    locks: Mapping[Id, tuple[Id, int]] = field(default_factory=dict)  # person → (target, group number)
    open_candidates: int = 3  # targets offered to someone who ranked none
    seed: int = 0
    deterministic_time: float = 2.0  # the solver's own work units, machine-independent
    time_limit: float = 8.0  # seconds, the wall-clock bound


@dataclass(frozen=True)
class Reason:
    code: str
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Group:
    target: Id
    number: int  # 0, 1… within the target
    members: tuple[Id, ...]
    language: str
    place: str | None
    slot: str | None


# Why no grouping could be formed (``Refused.code``), for the apps to word.
BAD_BOUNDS = "bad_bounds"  # the size bounds are impossible
LOCK_OUTSIDE = "lock_outside"  # data: person, target, number — a lock on a person or group that is not offered
LOCKS_OVER_SIZE = "locks_over_size"  # data: target, number, size, max_size — more people locked in a group than it may hold
NO_SOLUTION = "no_solution"  # data: locked — no grouping keeps every rule (and lock), or none found in time


class Refused(ValueError):
    """No grouping was formed: ``code`` (above) and ``data`` say why."""

    def __init__(self, code: str, message: str, **data: Any) -> None:
        super().__init__(message)
        self.code = code
        self.data = data


@dataclass(frozen=True)
class Result:
    groups: tuple[Group, ...]
    reasons: Mapping[Id, tuple[Reason, ...]]  # placed person → why there
    unplaced: Mapping[Id, tuple[Reason, ...]]  # person → why not
    status: str  # "optimal", "feasible" (limit reached) or "hint" (the solver found nothing better)
    seconds: float

    def group_of(self, person: Id) -> Group | None:
        return next((g for g in self.groups if person in g.members), None)

    def scores(self, people: Sequence[Person], targets: Sequence[Target]) -> dict[str, float]:
        """Figures for benchmarks and reports: share placed, share on their first choice,
        share of needed skills covered, mean distinct traits per member."""
        by_id = {p.id: p for p in people}
        needs = {t.id: t.needs for t in targets}
        placed = sum(len(g.members) for g in self.groups)
        first = sum(1 for g in self.groups for m in g.members if by_id[m].preferences[:1] == (g.target,))
        need_total = sum(len(needs[g.target]) for g in self.groups)
        need_met = sum(len(needs[g.target] & frozenset().union(*(by_id[m].skills for m in g.members))) for g in self.groups)
        mix = [len(frozenset().union(*(by_id[m].traits for m in g.members))) / len(g.members) for g in self.groups]
        return {
            "placed": placed / len(people) if people else 1.0,
            "first_choice": first / placed if placed else 0.0,
            "needs_covered": need_met / need_total if need_total else 1.0,
            "diversity": sum(mix) / len(mix) if mix else 0.0,
        }


# Objective weights: placing someone outweighs everything else a group gains.
W_PLACED = 1000
W_RANK = (120, 80, 50, 30, 15)
W_OPEN = 10
W_NEED = 60
W_SKILL = 8
W_TRAIT = 6
W_LEAD = 40
W_MIX = 30
W_AVAILABLE = 20
ANYWHERE_PLACES = 2
WORKERS = 1  # interleaved in one thread: the search is the same whatever the machine

Cell = tuple[Id, str, str | None]  # target, language, place


def form_groups(people: Sequence[Person], targets: Sequence[Target], settings: Settings) -> Result:
    """Form the groups; see the module's docstring for the rules and aims."""
    started = time.monotonic()
    if settings.min_size < 1 or settings.max_size < settings.min_size:
        raise Refused(BAD_BOUNDS, "group size bounds")
    people = sorted(people, key=lambda p: _order(p.id))
    targets = sorted(targets, key=lambda t: _order(t.id))
    by_id = {p.id: p for p in people}
    target_of = {t.id: t for t in targets}
    candidates = _candidate_targets(people, targets, settings)
    lock_groups: dict[tuple[Id, int], list[Id]] = defaultdict(list)
    for pid, (t, n) in sorted(settings.locks.items(), key=lambda kv: _order(kv[0])):
        limit = _group_limit(target_of[t], settings) if t in target_of else 0
        if pid not in by_id or not 0 <= n < limit:
            raise Refused(LOCK_OUTSIDE, f"lock of {pid!r} on {t!r}/{n}", person=pid, target=t, number=n)
        lock_groups[t, n].append(pid)
    for (t, n), members in sorted(lock_groups.items(), key=lambda kv: (_order(kv[0][0]), kv[0][1])):
        if len(members) > settings.max_size:
            raise Refused(
                LOCKS_OVER_SIZE, "a locked group is over the size bound", target=t, number=n, size=len(members), max_size=settings.max_size
            )
    cells, counts, sizes, status = _solve(people, targets, candidates, lock_groups, settings)
    groups = _split(cells, counts, sizes, by_id, target_of, lock_groups, settings)
    return _explain(people, target_of, groups, candidates, settings, status, started)


def _group_limit(target: Target, settings: Settings) -> int:
    return target.max_groups if target.max_groups is not None else settings.max_groups_per_target


def _solve(people, targets, candidates, lock_groups, settings):
    """Level one, the solver: who goes on which target, in which language and place, and how
    many groups each (target, language, place) cell holds."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    # Someone who can meet anywhere is offered the online group and the places where most of
    # the target's people meet (ANYWHERE_PLACES of them): a choice among every office would
    # multiply the model for groups that could hardly form.
    counted: dict[Id, dict[str | None, int]] = defaultdict(lambda: defaultdict(int))
    for p in people:
        for t in candidates[p.id]:
            if p.place is not None:
                counted[t][p.place] += 1
    places_on = {t: [None, *sorted(c, key=lambda pl: (-c[pl], pl))[:ANYWHERE_PLACES]] for t, c in counted.items()}
    x: dict[tuple[Id, Cell], Any] = {}
    for p in people:
        for t in candidates[p.id]:
            for lang in sorted(p.languages):
                for place in [p.place] if p.place is not None else places_on.get(t, [None]):
                    x[p.id, (t, lang, place)] = model.new_bool_var("")
    in_cell: dict[Cell, list[Id]] = defaultdict(list)
    for pid, cell in x:
        in_cell[cell].append(pid)
    locked = {pid for pids in lock_groups.values() for pid in pids}
    for cell, members in list(in_cell.items()):  # a cell too few people could join never holds a group
        if len(members) < settings.min_size and not locked.intersection(members):
            for pid in members:
                del x[pid, cell]
            del in_cell[cell]
    cells_of: dict[Id, list[Cell]] = defaultdict(list)
    for pid, cell in x:
        cells_of[pid].append(cell)
    for pid, cs in cells_of.items():
        model.add_at_most_one(x[pid, c] for c in cs)
    by_id = {p.id: p for p in people}
    objective: list[Any] = []
    count: dict[Cell, Any] = {}
    groups: dict[Cell, Any] = {}
    target_of = {t.id: t for t in targets}
    for cell, members in sorted(in_cell.items(), key=lambda kv: _order(kv[0])):
        t = target_of[cell[0]]
        limit = _group_limit(t, settings)
        n = groups[cell] = model.new_int_var(0, limit, "")
        size = count[cell] = sum(x[pid, cell] for pid in members)
        locked_here = [(key, pids) for key, pids in lock_groups.items() if key[0] == t.id and (pids[0], cell) in x]
        extra = sum(max(0, len(pids) - settings.min_size) * x[pids[0], cell] for _, pids in locked_here)
        model.add(size >= settings.min_size * n + extra)
        model.add(size <= settings.max_size * n)
        if locked_here:
            model.add(sum(x[pids[0], cell] for _, pids in locked_here) <= n)
        for skill in sorted(t.needs):  # other skills and traits are mixed at level two
            having = [x[pid, cell] for pid in members if skill in by_id[pid].skills]
            if having:
                covered = model.new_int_var(0, limit, "")
                model.add(covered <= n)
                model.add(covered <= sum(having))
                objective.append(W_NEED * covered)
        leads = [x[pid, cell] for pid in members if by_id[pid].lead]
        new = [x[pid, cell] for pid in members if by_id[pid].first_timer]
        old = [x[pid, cell] for pid in members if not by_id[pid].first_timer]
        for weight, sides in ((W_LEAD, [leads]), (W_MIX, [new, old])):
            if all(sides):
                got = model.new_int_var(0, limit, "")
                model.add(got <= n)
                for side in sides:
                    model.add(got <= sum(side))
                objective.append(weight * got)
    for t in targets:
        mine = [groups[c] for c in groups if c[0] == t.id]
        if mine:
            model.add(sum(mine) <= _group_limit(t, settings))
    if settings.max_groups is not None:
        model.add(sum(groups.values()) <= settings.max_groups)
    for (t, _n), pids in lock_groups.items():
        own = [c for c in cells_of[pids[0]] if c[0] == t]
        model.add(sum(x[pids[0], c] for c in own) == 1)
        for other in pids[1:]:
            for c in own:
                model.add(x[other, c] == x[pids[0], c]) if (other, c) in x else model.add(x[pids[0], c] == 0)
    for (pid, cell), var in x.items():
        prefs = by_id[pid].preferences
        weight = W_RANK[min(prefs.index(cell[0]), len(W_RANK) - 1)] if cell[0] in prefs else W_OPEN
        objective.append((W_PLACED + weight) * var)
    model.maximize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = WORKERS
    solver.parameters.interleave_search = True
    solver.parameters.random_seed = settings.seed
    solver.parameters.max_deterministic_time = settings.deterministic_time
    solver.parameters.max_time_in_seconds = settings.time_limit
    code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise Refused(NO_SOLUTION, "no grouping keeps every lock" if lock_groups else "no grouping found in time", locked=bool(lock_groups))
    chosen: dict[Cell, list[Id]] = defaultdict(list)
    for (pid, cell), var in x.items():
        if solver.boolean_value(var):
            chosen[cell].append(pid)
    numbers = {cell: solver.value(groups[cell]) for cell in chosen}
    return chosen, numbers, count, ("optimal" if code == cp_model.OPTIMAL else "feasible")


def _split(cells, numbers, _sizes, by_id, target_of, lock_groups, settings) -> list[Group]:
    """Level two, deterministic: each cell's people into its groups of balanced sizes, locked
    groups first, then one person at a time (rarest gifts first) where they add the most —
    needed skills, skills, traits, a lead, newcomers beside veterans, a slot they can make."""
    result: list[Group] = []
    taken: dict[Id, set[int]] = defaultdict(set)
    for t, _n in lock_groups:
        taken[t].add(_n)
    for cell in sorted(cells, key=_order):
        t, lang, place = cell
        ids = sorted(cells[cell], key=_order)
        n = numbers[cell]
        locked = [(num, pids) for (lt, num), pids in sorted(lock_groups.items(), key=lambda kv: kv[0][1]) if lt == t and pids[0] in ids]
        members: list[list[Id]] = [list(pids) for _, pids in locked] + [[] for _ in range(n - len(locked))]
        aims = [len(m) for m in members]
        for _ in range(len(ids) - sum(aims)):  # water-filling: the smallest group grows first
            k = min(range(n), key=lambda k: (aims[k], k))
            aims[k] += 1
        placed = {pid for m in members for pid in m}
        rest = [pid for pid in ids if pid not in placed]
        freq: dict[str, int] = defaultdict(int)
        for pid in ids:
            for s in by_id[pid].skills:
                freq[s] += 1
        needs = target_of[t].needs
        rest.sort(key=lambda pid: (not by_id[pid].lead, min((freq[s] for s in by_id[pid].skills & needs), default=10**9), _order(pid)))
        for pid in rest:
            p = by_id[pid]
            k = max(
                (k for k in range(n) if len(members[k]) < aims[k]),
                key=lambda k: (_gain(p, members[k], by_id, needs, settings), -len(members[k]), -k),
            )
            members[k].append(pid)
        free = (num for num in itertools.count() if num not in taken[t])
        numbering = [num for num, _ in locked] + [next(free) for _ in range(n - len(locked))]
        for num in numbering[len(locked) :]:
            taken[t].add(num)
        for num, ms in zip(numbering, members, strict=True):
            slot = None
            if settings.slots:
                slot = max(
                    settings.slots,
                    key=lambda s: (
                        sum(1 for m in ms if by_id[m].availability is None or s in by_id[m].availability),
                        -settings.slots.index(s),
                    ),
                )
            result.append(Group(t, num, tuple(sorted(ms, key=_order)), lang, place, slot))
    return sorted(result, key=lambda g: (_order(g.target), g.number))


def _gain(p: Person, group: list[Id], by_id: Mapping[Id, Person], needs: frozenset[str], settings: Settings) -> int:
    have = [by_id[m] for m in group]
    skills = frozenset().union(*(q.skills for q in have))
    traits = frozenset().union(*(q.traits for q in have))
    gain = W_NEED * len((p.skills & needs) - skills) + W_SKILL * len(p.skills - skills) + W_TRAIT * len(p.traits - traits)
    if p.lead and not any(q.lead for q in have):
        gain += W_LEAD
    if have and all(q.first_timer != p.first_timer for q in have):
        gain += W_MIX
    if settings.slots and p.availability is not None and have:
        shared = frozenset(settings.slots).intersection(*(q.availability for q in have if q.availability is not None), p.availability)
        gain += W_AVAILABLE if shared else -W_AVAILABLE
    return gain


def _order(value: Any) -> tuple[int, Any]:
    """Ids sort as numbers when they are numbers, else by their text: the same input is read in the same order."""
    if isinstance(value, tuple):
        return (2, tuple(_order(v) for v in value))
    return (0, value) if isinstance(value, int) else (1, repr(value))


def _candidate_targets(people: Sequence[Person], targets: Sequence[Target], settings: Settings) -> dict[Id, list[Id]]:
    """The targets each person may be placed on: those they ranked, else the least asked-for
    ones (ties by id), so that nobody is left out for ranking nothing."""
    known = [t.id for t in targets]
    asked: dict[Id, int] = defaultdict(int)
    for p in people:
        for t in p.preferences:
            asked[t] += 1
    open_order = sorted(known, key=lambda t: (asked[t], _order(t)))
    result: dict[Id, list[Id]] = {}
    for p in people:
        ranked = [t for t in dict.fromkeys(p.preferences) if t in asked and t in set(known)]
        chosen = ranked or open_order[: settings.open_candidates]
        locked = settings.locks.get(p.id)
        if locked and locked[0] not in chosen and locked[0] in set(known):
            chosen = [*chosen, locked[0]]
        result[p.id] = chosen
    return result


def _explain(people, target_of, groups: list[Group], candidates, settings: Settings, status: str, started: float) -> Result:
    by_id = {p.id: p for p in people}
    reasons: dict[Id, tuple[Reason, ...]] = {}
    for group in groups:
        needs = target_of[group.target].needs
        ms = [by_id[m] for m in group.members]
        newcomers = sum(1 for q in ms if q.first_timer)
        for p in ms:
            others = frozenset().union(*(q.skills for q in ms if q is not p))
            own = sorted(p.skills - others)
            why: list[Reason] = []
            if settings.locks.get(p.id) == (group.target, group.number):
                why.append(Reason(LOCKED))
            if group.target in p.preferences:
                why.append(Reason(PREFERENCE, {"rank": p.preferences.index(group.target) + 1}))
            else:
                why.append(Reason(NO_PREFERENCE))
            if needed := [s for s in own if s in needs]:
                why.append(Reason(NEEDED_SKILLS, {"skills": needed}))
            if brings := [s for s in own if s not in needs]:
                why.append(Reason(BRINGS_SKILLS, {"skills": brings}))
            if p.lead:
                why.append(Reason(LEADS))
            if p.first_timer and newcomers < len(ms):
                why.append(Reason(NEWCOMER_WITH_VETERANS))
            elif not p.first_timer and newcomers:
                why.append(Reason(VETERAN_WITH_NEWCOMERS))
            why.append(Reason(LANGUAGE, {"language": group.language}))
            why.append(Reason(PLACE, {"place": group.place}))
            if group.slot is not None:
                ok = p.availability is None or group.slot in p.availability
                why.append(Reason(AVAILABLE if ok else NOT_AVAILABLE, {"slot": group.slot}))
            reasons[p.id] = tuple(why)
    on_target: dict[Id, list[Id]] = defaultdict(list)
    for p in people:
        for t in candidates[p.id]:
            on_target[t].append(p.id)
    placed_targets = {g.target for g in groups}
    unplaced: dict[Id, tuple[Reason, ...]] = {}
    for p in people:
        if p.id in reasons:
            continue
        options = candidates[p.id]
        if not options:
            unplaced[p.id] = (Reason(NO_CANDIDATE),)
            continue
        pool = {q for t in options for q in on_target[t]}
        fellows = [
            q for q in pool if q != p.id and by_id[q].languages & p.languages and (by_id[q].place in (None, p.place) or p.place is None)
        ]
        if len(fellows) + 1 < settings.min_size:
            unplaced[p.id] = (Reason(NO_COMPANIONS, {"languages": sorted(p.languages), "place": p.place}),)
        else:
            unplaced[p.id] = (Reason(FULL, {"targets": [t for t in options if t in placed_targets] or list(options)}),)
    return Result(tuple(groups), reasons, unplaced, status, time.monotonic() - started)
