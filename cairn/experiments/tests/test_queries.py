"""Query counts of the experiments' pages, pinned at two sizes (STYLE.md §12): N and 10 × N
topics, recommendations, expressions of interest and groups give the same number."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.factories import OfficeFactory
from cairn.accounts.tests.helpers import make_user
from cairn.experiments.factories import CallFactory, ExpressionFactory, GroupFactory, PlacementFactory, TopicFactory
from cairn.experiments.models import Call
from cairn.recommendations.factories import RecommendationFactory
from cairn.tests.page_snapshots import main_content

pytestmark = pytest.mark.django_db

N = 2
SIZES = [N, 10 * N]
# Signed in: 1 session, 2 the account with its profile (the account menu), roles and
# second factor (cairn/accounts/backends.py).
SIGNED_IN = 2


def _call(count: int) -> Call:
    call = CallFactory()
    office = OfficeFactory()
    for n in range(count):
        topic = TopicFactory(call=call)
        topic.recommendations.add(RecommendationFactory(), RecommendationFactory())
        ExpressionFactory(topic=topic, office=office if n % 2 else None)
        PlacementFactory(group=GroupFactory(topic=topic))
    return call


# The list: 1 the calls with their numbers of topics and groups.
LIST_QUERIES = 1


@pytest.mark.parametrize("count", SIZES)
def test_call_list_queries(client: Client, django_assert_num_queries, count: int) -> None:
    for _n in range(count):
        _call(1)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get("/fr/experimentations/").status_code == 200


# The call page: 1 the call; 2 the member's own answers; 3 the topics with their numbers of
# answers, 4 their visible recommendations, 5 their groups with office; 6 the phases; the
# figures: 7 interests and people, 8 groups and active members, 9 meetings held and meetups,
# 10 meetups' registrations and attendance, 11 interests by office, 12 by sector.
CALL_QUERIES = 12


@pytest.mark.parametrize("count", SIZES)
def test_call_page_queries(client: Client, django_assert_num_queries, count: int) -> None:
    call = _call(count)
    client.force_login(make_user("member"))
    with django_assert_num_queries(SIGNED_IN + CALL_QUERIES):
        response = client.get(f"/fr/experimentations/{call.slug}/")
    assert response.status_code == 200
    assert len(response.context["page"].topics) == count


# A visitor's call page is kept (views/calls.py): its key reads the stamps — 1 the calls',
# 2 the groups', 3–4 the interest's and places', 5 the registry's, 6–7 the agenda's — then
# the page, less the member's own answers; then nothing while nothing changes.
VISITOR_KEY_QUERIES = 7


@pytest.mark.parametrize("count", SIZES)
def test_call_page_queries_for_a_visitor(client: Client, django_assert_num_queries, count: int) -> None:
    call = _call(count)
    with django_assert_num_queries(VISITOR_KEY_QUERIES + CALL_QUERIES - 1):
        first = client.get(f"/fr/experimentations/{call.slug}/")
    assert first.status_code == 200 and len(first.context["page"].topics) == count
    with django_assert_num_queries(0):
        again = client.get(f"/fr/experimentations/{call.slug}/")
    assert main_content(again) == main_content(first)


# "My experiments": 1 the answers with topic, call and office, 2 their skills; 3 the places
# with group, call and topic.
MINE_QUERIES = 3
#: Kept per person under the interests' stamp (two queries), the groups' (one) and the
#: calls' (one); kept, it reads nothing.
MINE_STAMPS = 4


@pytest.mark.parametrize("count", SIZES)
def test_my_experiments_queries(client: Client, django_assert_num_queries, count: int) -> None:
    member = make_user("member")
    for _n in range(count):
        ExpressionFactory(user=member)
        PlacementFactory(user=member)
    client.force_login(member)
    path = "/fr/experimentations/mes-experimentations/"
    with django_assert_num_queries(SIGNED_IN + MINE_STAMPS + MINE_QUERIES):
        first = client.get(path)
    assert first.status_code == 200
    with django_assert_num_queries(SIGNED_IN):
        again = client.get(path)
    assert main_content(again) == main_content(first)


def _group(count: int):
    import datetime as dt

    from django.utils import timezone

    from cairn.events.factories import EventFactory
    from cairn.experiments.services.life import action_add, log_entry_add
    from cairn.experiments.services.meetings import decision_add, meeting_record_write
    from cairn.projects.factories import ProjectFactory

    group = GroupFactory(project=ProjectFactory(kind="experiment"), facilitator=make_user("facilitator"))
    group.topic.recommendations.add(*(RecommendationFactory() for _n in range(count)))
    for _n in range(count):
        member = PlacementFactory(group=group).user
        PlacementFactory(group=group, state="invited")
        log_entry_add(actor=member, group=group, kind="tried", posted_on=group.created_at.date(), text="Essai", highlight=True)
        action_add(actor=None, group=group, title="Réserver", owner=member)
        start = timezone.now() - dt.timedelta(days=_n + 1)
        meeting = EventFactory(kind="experiment_meeting", starts_at=start, ends_at=start + dt.timedelta(hours=2))
        meeting.projects.add(group.project)
        meeting_record_write(actor=member, group=group, event=meeting, agenda="Ordre du jour", notes="Compte rendu", summary="Résumé")
        decision_add(actor=member, group=group, text="Décidé", decided_on=timezone.localdate(), meeting=meeting)
    return group


# The group page: 1 the group with call, topic, office, project, facilitator, series; 2 whether
# the viewer is a member; 3 its members with profiles; 4 its invitations and requests waiting;
# 5 its actions with owners; 6 its upcoming meetings; 7 the topic's visible recommendations;
# 8 its meetings with their agenda, notes and summary; 9 its decisions with their meetings;
# 10 the logbook with authors; 11 whether the viewer follows the group (the follow button).
GROUP_QUERIES = 11
#: The group page is kept under the stamps of all it shows (``views.groups``), read on a
#: first visit: 1 the groups', 2 the calls', 3–4 the interest and places', 5–8 the groups'
#: life (logbook, actions, decisions, meeting records), 9–10 the agenda's, 11 the
#: registry's, 12–13 the people's.
GROUP_STAMPS = 13
#: Kept, with who may read it and what they may do: 1 whether the viewer follows the group
#: (the follow button, built per request).
GROUP_KEPT = 1


@pytest.mark.parametrize("count", SIZES)
def test_group_page_queries(client: Client, django_assert_num_queries, count: int) -> None:
    group = _group(count)
    member = group.placements.filter(state="accepted").first().user
    client.force_login(member)
    url = f"/fr/experimentations/groupes/{group.pk}/"
    with django_assert_num_queries(SIGNED_IN + GROUP_STAMPS + GROUP_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_num_queries(SIGNED_IN + GROUP_KEPT):
        again = client.get(url)
    assert main_content(again) == main_content(response)
    assert len(response.context["page"].members) == count
    assert len(response.context["page"].records) == min(count, 12)
    assert len(response.context["page"].decisions) == count


@pytest.mark.parametrize("count", SIZES)
def test_group_page_queries_for_a_visitor(client: Client, django_assert_num_queries, count: int) -> None:
    """The public summary: the same reads but the details' (invitations, actions) and the
    viewer's (membership, follow): 1 the group, 2 its members, 3 its upcoming meetings,
    4 the recommendations, 5 its meetings with their summaries, 6 its decisions, 7 the
    logbook's highlights."""
    group = _group(count)
    url = f"/fr/experimentations/groupes/{group.pk}/"
    with django_assert_num_queries(GROUP_STAMPS + 7):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_num_queries(0):  # kept, with who may read it
        again = client.get(url)
    assert main_content(again) == main_content(response)
    assert len(response.context["page"].decisions) == count


# The facilitator's page: 1 their groups with their last meeting; 2 the next meetings;
# 3 the open actions with group and owner.
FACILITATOR_QUERIES = 3


@pytest.mark.parametrize("count", SIZES)
def test_facilitator_page_queries(client: Client, django_assert_num_queries, count: int) -> None:
    facilitator = make_user("facilitator")
    for _n in range(count):
        group = _group(1)
        group.facilitator = facilitator
        group.save()
    client.force_login(facilitator)
    with django_assert_num_queries(SIGNED_IN + FACILITATOR_QUERIES):
        response = client.get("/fr/experimentations/animation/")
    assert len(response.context["page"].groups) == count


# Forming a topic's groups (the team; whether they set up TOTP comes with the account):
# 1 the topic with its call; 2 the answers with people and offices, 3 their skills; 4 the
# groups with facilitator and office, 5 their places with people; 6 the offices of the form
# that creates a group.
FORMING_QUERIES = 6
#: The board is kept under the calls' stamp (one query), the groups' (one), the interests'
#: (two) and the people's (two); kept, it reads nothing but the signed-in page's queries.
FORMING_STAMPS = 6


@pytest.mark.parametrize("count", SIZES)
def test_forming_page_queries(client: Client, django_assert_num_queries, count: int) -> None:
    from cairn.experiments.models import CallState

    topic = TopicFactory(call=CallFactory(state=CallState.CLOSED))
    for _n in range(count):
        group = GroupFactory(topic=topic, facilitator=make_user("facilitator"))
        PlacementFactory(group=group, reasons=[{"code": "language", "data": {"language": "fr"}}])
        ExpressionFactory(topic=topic)
    client.force_login(make_user("coordination"))
    path = f"/fr/gestion/experimentations/sujets/{topic.pk}/groupes/"
    with django_assert_num_queries(SIGNED_IN + FORMING_STAMPS + FORMING_QUERIES):
        response = client.get(path)
    assert response.status_code == 200
    assert len(response.context["page"].groups) == count
    with django_assert_num_queries(SIGNED_IN):
        again = client.get(path)
    assert main_content(again) == main_content(response)


@pytest.mark.parametrize("count", SIZES)
def test_the_agenda_with_groups_meetings_and_meetups(client: Client, django_assert_num_queries, count: int) -> None:
    """The groups' meetings and meetups are events: the agenda lists them at its own pinned
    count (``cairn/events/tests/test_queries.py``), whatever their number."""
    import datetime as dt

    from django.utils import timezone

    from cairn.events.factories import EventFactory
    from cairn.events.tests.test_queries import AGENDA, STAMPS
    from cairn.projects.factories import ProjectFactory

    for n in range(count):
        group = GroupFactory(project=ProjectFactory(kind="experiment"))
        start = timezone.now() + dt.timedelta(days=n + 1)
        event = EventFactory(kind="meetup" if n % 2 else "experiment_meeting", starts_at=start, ends_at=start + dt.timedelta(hours=2))
        event.projects.add(group.project)
    with django_assert_num_queries(STAMPS + AGENDA):
        response = client.get("/fr/evenements/")
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == count
