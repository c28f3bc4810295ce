"""Cairn's proposal of a topic's groups, through ``core.grouping``: properties held whatever
the answers (nobody twice, size bounds, one language every member speaks, one place, each
placement explained — including whether the member can make the group's rhythm and moment),
and the proposal written as groups with explained places."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cairn.accounts.factories import OfficeFactory, SkillFactory
from cairn.accounts.tests.helpers import make_user
from cairn.experiments.factories import CallFactory, ExpressionFactory, TopicFactory
from cairn.experiments.models import CallState, Expression, Group, Moment, Placement, PlacementState, Rhythm
from cairn.experiments.services.proposals import ONLINE, SLOTS, person_of, propose, topic_propose

CALL = SimpleNamespace(min_group_size=3, max_group_size=5, max_groups_per_topic=3)

answers = st.lists(
    st.tuples(
        st.sampled_from([None, 1, 2]),  # office
        st.booleans(),  # also online
        st.sets(st.sampled_from(["fr", "nl", "en"]), min_size=1, max_size=2),
        st.sampled_from(Rhythm.values),
        st.sets(st.sampled_from(Moment.values), min_size=1, max_size=2),
        st.booleans(),  # co-lead
    ),
    min_size=0,
    max_size=24,
)


def _expression(
    pk: int, office: int | None, online: bool, languages: set[str], rhythm: str, moments: set[str], lead: bool
) -> SimpleNamespace:
    return SimpleNamespace(
        pk=pk,
        topic_id=1,
        office_id=office,
        online=online or office is None,
        languages=" ".join(sorted(languages)),
        rhythm=rhythm,
        moments=" ".join(sorted(moments)),
        co_lead=lead,
        skills=SimpleNamespace(all=lambda: []),
        user=None,
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers)
def test_proposed_groups_hold_the_rules(rows) -> None:  # type: ignore[no-untyped-def]
    people = [person_of(_expression(n, *row), first_timer=bool(n % 2)) for n, row in enumerate(rows, start=1)]
    by_id = {p.id: p for p in people}
    result = propose(people, topic_id=1, call=CALL, deterministic_time=0.3, time_limit=3.0)

    placed = [m for group in result.groups for m in group.members]
    assert len(placed) == len(set(placed)), "nobody twice"
    assert set(placed).isdisjoint(result.unplaced) and set(placed) | set(result.unplaced) == set(by_id)
    assert len(result.groups) <= CALL.max_groups_per_topic
    for group in result.groups:
        assert CALL.min_group_size <= len(group.members) <= CALL.max_group_size
        assert all(group.language in by_id[m].languages for m in group.members), "one language every member speaks"
        assert all(by_id[m].place in (None, group.place) for m in group.members), "one place (online fits online)"
        # Meeting on a slot every member can make is an aim, not a rule: whoever cannot is told so.
        assert group.slot in SLOTS
        for m in group.members:
            codes = {reason.code for reason in result.reasons[m]}
            assert ("available" if group.slot in by_id[m].availability else "not_available") in codes
    for pid in placed:
        assert result.reasons[pid], "each placement explained"


def test_online_only_people_are_not_put_in_an_office_group() -> None:
    assert person_of(_expression(1, None, True, {"fr"}, "monthly", {"evening"}, False), first_timer=True).place == ONLINE
    assert person_of(_expression(2, 7, True, {"fr"}, "monthly", {"evening"}, False), first_timer=True).place is None
    assert person_of(_expression(3, 7, False, {"fr"}, "monthly", {"evening"}, False), first_timer=True).place == "office:7"


@pytest.mark.django_db
def test_the_proposal_becomes_groups_with_explained_places_and_the_left_out_know_why(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    liege = OfficeFactory(name="Liège", city="Liège")
    topic = TopicFactory(call=CallFactory(state=CallState.CLOSED, min_group_size=3, max_group_size=5, max_groups_per_topic=2))
    skill = SkillFactory(name="animation")
    for n in range(4):
        expression = ExpressionFactory(topic=topic, office=liege, online=False, languages="fr", rhythm="monthly", moments="evening")
        if n == 0:
            expression.user.profile.skills.add(skill)
            expression.skills.add(skill)
    alone = ExpressionFactory(topic=topic, online=True, languages="en", rhythm="weekly", moments="breakfast")
    staff = make_user("coordination")
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/fr/gestion/experimentations/sujets/{topic.pk}/groupes/", {"do": "propose"})
    assert response.status_code == 302  # the task ran at once in tests (the worker's job otherwise)

    group = Group.objects.get(topic=topic)
    assert group.office == liege and group.languages == "fr" and group.rhythm in ("fortnightly", "monthly", "few_times")
    assert Placement.objects.filter(group=group, state=PlacementState.PROPOSED).count() == 4
    page = client.get(f"/fr/gestion/experimentations/sujets/{topic.pk}/groupes/").content.decode()
    assert "même lieu : Liège" in page and "parle la langue du groupe : Français" in page and "apporte au groupe : animation" in page
    alone.refresh_from_db()
    assert alone.unplaced_reasons[0]["code"] == "no_companions"
    assert "trop peu de personnes partagent votre langue" in page
    with pytest.raises(ValidationError):
        topic_propose(actor=staff, topic=topic)
    assert Group.objects.filter(topic=topic).count() == 1
    assert Expression.objects.filter(topic=topic).count() == 5
