"""``form_groups``: the hard rules always hold (hypothesis), the aims show in the groups, every
placement and every refusal has its reasons, and the same input gives the same groups."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from cairn.core import grouping
from cairn.core.grouping import Person, Settings, Target, form_groups

FAST = Settings(min_size=2, max_size=4, deterministic_time=0.5, time_limit=5)


def codes(result: grouping.Result, pid: object) -> list[str]:
    return [r.code for r in result.reasons[pid]]


def check_hard_rules(people: list[Person], result: grouping.Result, settings: Settings, targets: list[Target]) -> None:
    by_id = {p.id: p for p in people}
    seen: list[object] = [m for g in result.groups for m in g.members]
    assert len(seen) == len(set(seen)), "someone is in two groups"
    assert set(seen) | set(result.unplaced) == set(by_id), "everyone is placed or told why not"
    assert not set(seen) & set(result.unplaced)
    limits = {t.id: t.max_groups if t.max_groups is not None else settings.max_groups_per_target for t in targets}
    for g in result.groups:
        assert settings.min_size <= len(g.members) <= settings.max_size
        assert all(g.language in by_id[m].languages for m in g.members)
        assert all(by_id[m].place in (None, g.place) for m in g.members)
        assert 0 <= g.number < limits[g.target]
    for t in targets:
        numbers = [g.number for g in result.groups if g.target == t.id]
        assert len(numbers) == len(set(numbers)) <= limits[t.id]
    for pid, (t, n) in settings.locks.items():
        group = result.group_of(pid)
        assert group is not None and (group.target, group.number) == (t, n), "a lock was not kept"
    if settings.max_groups is not None:
        assert len(result.groups) <= settings.max_groups


people_strategy = st.lists(
    st.builds(
        lambda i, langs, place, skills, prefs, first, lead: Person(
            id=i,
            languages=frozenset(langs),
            place=place,
            skills=frozenset(skills),
            preferences=tuple(dict.fromkeys(prefs)),
            first_timer=first,
            lead=lead,
        ),
        st.integers(0, 10_000),
        st.sets(st.sampled_from(["fr", "nl", "en"]), min_size=1, max_size=2),
        st.sampled_from([None, None, "Liège", "Gand"]),
        st.sets(st.sampled_from(["dev", "design", "legal", "finance"]), max_size=2),
        st.lists(st.integers(0, 4), max_size=3),
        st.booleans(),
        st.booleans(),
    ),
    max_size=24,
    unique_by=lambda p: p.id,
)


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=people_strategy, min_size=st.integers(1, 3), extra=st.integers(0, 3), per_target=st.integers(1, 2), locks=st.integers(0, 3))
def test_hard_rules_hold_whatever_the_input(people: list[Person], min_size: int, extra: int, per_target: int, locks: int) -> None:
    targets = [Target(t, needs=frozenset({"legal"})) for t in range(5)]
    # Lock the first few people who ranked something on their first choice, group 0, when
    # they share a language and place with the others locked there.
    chosen: dict[object, tuple[object, int]] = {}
    for p in people[:locks]:
        if p.preferences:
            mates = [q for q in people if chosen.get(q.id) == (p.preferences[0], 0)]
            if all(q.languages & p.languages and q.place in (None, p.place) and p.place in (None, q.place) for q in mates):
                shared = frozenset.intersection(p.languages, *(q.languages for q in mates))
                if shared and len(mates) + 1 <= min_size:
                    chosen[p.id] = (p.preferences[0], 0)
    settings = replace(FAST, min_size=min_size, max_size=min_size + extra, max_groups_per_target=per_target, locks=chosen)
    try:
        result = form_groups(people, targets, settings)
    except ValueError as refusal:  # locks that cannot all be kept are refused, never broken
        assert chosen and "lock" in str(refusal)
        return
    check_hard_rules(people, result, settings, targets)


def test_everyone_fits_when_they_can() -> None:
    people = [Person(i, frozenset({"fr"}), preferences=(i % 3,)) for i in range(12)]
    result = form_groups(people, [Target(t) for t in range(3)], FAST)
    assert not result.unplaced
    assert sorted(len(g.members) for g in result.groups) == [4, 4, 4]
    assert all(codes(result, p.id)[0] == grouping.PREFERENCE for p in people)
    assert result.reasons[0][0].data == {"rank": 1}


def test_no_shared_language_no_group() -> None:
    people = [Person(1, frozenset({"fr"}), preferences=(0,)), Person(2, frozenset({"nl"}), preferences=(0,))]
    result = form_groups(people, [Target(0)], FAST)
    assert result.groups == ()
    assert {r.code for pid in (1, 2) for r in result.unplaced[pid]} == {grouping.NO_COMPANIONS}


def test_places_are_not_mixed_but_online_people_fit_anywhere() -> None:
    people = [
        Person(1, frozenset({"fr"}), place="Liège", preferences=(0,)),
        Person(2, frozenset({"fr"}), place="Gand", preferences=(0,)),
        Person(3, frozenset({"fr"}), place=None, preferences=(0,)),
    ]
    result = form_groups(people, [Target(0)], FAST)
    (group,) = result.groups
    assert len(group.members) == 2 and 3 in group.members
    assert result.unplaced.keys() == {1, 2} - set(group.members)


def test_a_full_target_sends_people_to_their_next_choice_and_says_why() -> None:
    people = [Person(i, frozenset({"fr"}), preferences=(0, 1)) for i in range(6)]
    settings = replace(FAST, max_size=4)
    result = form_groups(people, [Target(0), Target(1)], settings)
    ranks = sorted(r.data["rank"] for p in people for r in result.reasons[p.id] if r.code == grouping.PREFERENCE)
    assert ranks.count(1) == 4 and ranks.count(2) == 2

    refused = form_groups(people, [Target(0)], replace(FAST, max_size=4))
    assert len(refused.unplaced) == 2
    assert all(r[0].code == grouping.FULL for r in refused.unplaced.values())


def test_needed_skills_and_leads_are_spread_and_explained() -> None:
    people = [
        *(Person(i, frozenset({"fr"}), skills=frozenset({"dev"}), preferences=(0,)) for i in range(6)),
        Person(10, frozenset({"fr"}), skills=frozenset({"legal"}), preferences=(0,)),
        Person(11, frozenset({"fr"}), skills=frozenset({"legal"}), preferences=(0,)),
        Person(12, frozenset({"fr"}), lead=True, preferences=(0,)),
        Person(13, frozenset({"fr"}), lead=True, preferences=(0,)),
    ]
    settings = replace(FAST, min_size=4, max_size=5, max_groups_per_target=2)
    result = form_groups(people, [Target(0, needs=frozenset({"legal"}))], settings)
    assert len(result.groups) == 2
    for g in result.groups:
        assert len({10, 11} & set(g.members)) == 1, "each team gets one of the two legal profiles"
        assert len({12, 13} & set(g.members)) == 1, "each team gets one of the two leads"
    assert grouping.Reason(grouping.NEEDED_SKILLS, {"skills": ["legal"]}) in result.reasons[10]
    assert grouping.LEADS in codes(result, 12)


def test_newcomers_are_mixed_with_veterans() -> None:
    people = [Person(i, frozenset({"fr"}), first_timer=i < 4, preferences=(0,)) for i in range(8)]
    result = form_groups(people, [Target(0)], replace(FAST, min_size=4, max_size=4, max_groups_per_target=2))
    assert [sum(1 for m in g.members if m < 4) for g in result.groups] == [2, 2]
    assert grouping.NEWCOMER_WITH_VETERANS in codes(result, 0)
    assert grouping.VETERAN_WITH_NEWCOMERS in codes(result, 7)


def test_groups_meet_on_a_slot_their_members_can_make() -> None:
    people = [Person(i, frozenset({"fr"}), availability=frozenset({"tue", "thu"} if i else {"thu"}), preferences=(0,)) for i in range(4)]
    result = form_groups(people, [Target(0)], replace(FAST, slots=("mon", "tue", "thu")))
    assert [g.slot for g in result.groups] == ["thu"]
    assert grouping.Reason(grouping.AVAILABLE, {"slot": "thu"}) in result.reasons[0]


def test_people_who_ranked_nothing_go_where_they_fit() -> None:
    people = [*(Person(i, frozenset({"fr"}), preferences=(0,)) for i in range(2)), Person(9, frozenset({"fr"}))]
    result = form_groups(people, [Target(0), Target(1)], replace(FAST, min_size=3))
    assert result.group_of(9) is not None
    assert codes(result, 9)[0] == grouping.NO_PREFERENCE


def test_locks_are_kept_and_the_rest_is_formed_around_them() -> None:
    people = [Person(i, frozenset({"fr"}), preferences=(0, 1)) for i in range(8)]
    settings = replace(FAST, min_size=2, max_size=4, locks={7: (1, 0), 6: (1, 0)})
    result = form_groups(people, [Target(0), Target(1)], settings)
    check_hard_rules(people, result, settings, [Target(0), Target(1)])
    assert grouping.LOCKED in codes(result, 7)


def test_a_lock_on_an_unknown_group_is_refused() -> None:
    people = [Person(1, frozenset({"fr"}), preferences=(0,))]
    with pytest.raises(ValueError, match="lock"):
        form_groups(people, [Target(0)], replace(FAST, locks={1: (0, 5)}))
    with pytest.raises(ValueError, match="size"):
        form_groups(people, [Target(0)], replace(FAST, min_size=3, max_size=2))


def test_the_same_input_gives_the_same_groups_in_any_order() -> None:
    people = [
        Person(
            i,
            frozenset({"fr", "nl"} if i % 4 == 0 else {"fr"} if i % 2 else {"nl"}),
            skills=frozenset({["dev", "legal", "design"][i % 3]}),
            traits=frozenset({f"office:{i % 5}"}),
            preferences=(i % 7, (i * 3) % 7),
            first_timer=i % 3 == 0,
        )
        for i in range(80)
    ]
    targets = [Target(t, needs=frozenset({"legal"})) for t in range(7)]
    settings = replace(FAST, min_size=3, max_size=6, max_groups_per_target=2)
    first = form_groups(people, targets, settings)
    again = form_groups(list(reversed(people)), list(reversed(targets)), settings)
    assert first.groups == again.groups
    assert first.reasons == again.reasons
    assert first.scores(people, targets)["placed"] > 0.9
