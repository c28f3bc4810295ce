"""Who reaches the experiments' pages: their rows of the role × page matrix (the harness:
``cairn/accounts/tests/matrix.py``)."""

from __future__ import annotations

import pytest

from cairn.accounts.tests.helpers import make_user
from cairn.accounts.tests.matrix import PageMatrix
from cairn.events.factories import EventFactory
from cairn.experiments.factories import CallFactory, GroupFactory, PlacementFactory, TopicFactory
from cairn.experiments.models import CallState
from cairn.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "experiments": "/fr/experimentations/",
    "call page": "/fr/experimentations/{call}/",
    "draft call": "/fr/experimentations/{draft}/",
    "api call": "/api/v1/experiments/calls/{call}",
    "api draft call": "/api/v1/experiments/calls/{draft}",
    "api group of a draft": "/api/v1/experiments/groups/{draft_group}",
    "my experiments": "/fr/experimentations/mes-experimentations/",
    "express interest": "/fr/experimentations/sujets/{topic}/interet/",
    "interest of draft": "/fr/experimentations/sujets/{draft_topic}/interet/",
    "new call": "/fr/gestion/experimentations/nouvel-appel/",
    "edit call": "/fr/gestion/experimentations/{call_pk}/modifier/",
    "call topics": "/fr/gestion/experimentations/{call_pk}/sujets/",
    "edit topic": "/fr/gestion/experimentations/sujets/{topic}/modifier/",
    "facilitation": "/fr/experimentations/animation/",
    "group page": "/fr/experimentations/groupes/{group}/",
    "group of a draft": "/fr/experimentations/groupes/{draft_group}/",
    "group charter": "/fr/experimentations/groupes/{group}/charte/",
    "group logbook": "/fr/experimentations/groupes/{group}/carnet/",
    "group action": "/fr/experimentations/groupes/{group}/actions/",
    "group status": "/fr/experimentations/groupes/{group}/etat/",
    "group meetings": "/fr/experimentations/groupes/{group}/reunions/",
    "group meetup": "/fr/experimentations/groupes/{group}/rencontre/",
    "meeting agenda, notes": "/fr/experimentations/groupes/{group}/reunions/{meeting}/",
    "meeting of a draft": "/fr/experimentations/groupes/{draft_group}/reunions/{draft_meeting}/",
    "group decision": "/fr/experimentations/groupes/{group}/decisions/",
    "forming": "/fr/gestion/experimentations/sujets/{closed_topic}/groupes/",
    "assign facilitator": "/fr/gestion/experimentations/groupes/{group}/animation/",
    "api calls": "/api/v1/experiments/calls/",
    "api groups of calls": "/api/v1/experiments/groups/",
    "api experiment group": "/api/v1/experiments/groups/{group}",
}

MATRIX = """
page                    | visitor | registered  | member | facilitator | coordination | department_lead | admin
experiments             | 200     | 200         | 200    | 200         | 200          | 200             | 200
call page               | 200     | 200         | 200    | 200         | 200          | 200             | 200
draft call              | 404     | 404         | 404    | 404         | 200          | 404             | 200
api call                | 200     | 200         | 200    | 200         | 200          | 200             | 200
api draft call          | 404     | 404         | 404    | 404         | 200          | 404             | 200
api group of a draft    | 404     | 404         | 404    | 404         | 200          | 404             | 200
my experiments          | login   | member-only | 200    | 200         | 200          | 200             | 200
express interest        | login   | member-only | 200    | 200         | 200          | 200             | 200
interest of draft       | login   | member-only | 404    | 404         | 200          | 404             | 200
new call                | login   | 403         | 403    | 403         | 200          | 403             | 200
edit call               | login   | 403         | 403    | 403         | 200          | 403             | 200
call topics             | login   | 403         | 403    | 403         | 200          | 403             | 200
edit topic              | login   | 403         | 403    | 403         | 200          | 403             | 200
facilitation            | login   | 403         | 403    | 200         | 200          | 403             | 200
group page              | 200     | 200         | 200    | 200         | 200          | 200             | 200
group of a draft        | 404     | 404         | 404    | 404         | 200          | 404             | 200
group charter           | login   | 404         | 404    | 404         | 200          | 404             | 200
group logbook           | login   | 404         | 404    | 404         | 200          | 404             | 200
group action            | login   | 404         | 404    | 404         | 200          | 404             | 200
group status            | login   | 404         | 404    | 404         | 200          | 404             | 200
group meetings          | login   | 404         | 404    | 404         | 200          | 404             | 200
group meetup            | login   | 404         | 404    | 404         | 200          | 404             | 200
meeting agenda, notes   | login   | 404         | 404    | 404         | 200          | 404             | 200
meeting of a draft      | login   | 404         | 404    | 404         | 200          | 404             | 200
group decision          | login   | 404         | 404    | 404         | 200          | 404             | 200
forming                 | login   | 403         | 403    | 403         | 200          | 403             | 200
assign facilitator      | login   | 403         | 403    | 403         | 200          | 403             | 200
api calls               | 200     | 200         | 200    | 200         | 200          | 200             | 200
api groups of calls     | 200     | 200         | 200    | 200         | 200          | 200             | 200
api experiment group    | 200     | 200         | 200    | 200         | 200          | 200             | 200
"""


def page_objects() -> dict[str, object]:
    topic = TopicFactory()
    draft_topic = TopicFactory(call=CallFactory(state=CallState.DRAFT))
    closed_topic = TopicFactory(call=CallFactory(state=CallState.CLOSED))
    group = GroupFactory(topic=closed_topic, project=ProjectFactory(kind="experiment"))
    draft_group = GroupFactory(topic=draft_topic, project=ProjectFactory(kind="experiment"))
    meeting, draft_meeting = EventFactory(kind="experiment_meeting"), EventFactory(kind="experiment_meeting")
    meeting.projects.add(group.project)
    draft_meeting.projects.add(draft_group.project)
    return {
        "group": group.pk,
        "draft_group": draft_group.pk,
        "meeting": meeting.pk,
        "draft_meeting": draft_meeting.pk,
        "closed_topic": closed_topic.pk,
        "call": topic.call.slug,
        "call_pk": topic.call.pk,
        "draft": draft_topic.call.slug,
        "topic": topic.pk,
        "draft_topic": draft_topic.pk,
    }


PAGE_MATRIX = PageMatrix(PAGES, MATRIX, page_objects)


@pytest.mark.parametrize("page_name", PAGES)
def test_role_page_matrix(page_name: str) -> None:
    PAGE_MATRIX.check(page_name)


def test_a_groups_own_people_reach_its_pages(client) -> None:
    """Its members write the logbook, actions and charter; its facilitator also plans the
    meetings and moves its status; a member of another group reaches none of it."""
    group = GroupFactory(topic=TopicFactory(call=CallFactory(state=CallState.CLOSED)))
    member = PlacementFactory(group=group).user
    facilitator = make_user("facilitator")
    group.facilitator = facilitator
    group.save()
    base = f"/fr/experimentations/groupes/{group.pk}/"
    client.force_login(member)
    assert [client.get(base + page).status_code for page in ("carnet/", "actions/", "charte/", "decisions/", "reunions/", "etat/")] == [
        200,
        200,
        200,
        200,
        404,
        404,
    ]
    client.force_login(facilitator)
    assert [client.get(base + page).status_code for page in ("carnet/", "reunions/", "rencontre/", "etat/")] == [200, 200, 200, 200]
    client.force_login(PlacementFactory().user)
    assert client.get(base + "carnet/").status_code == 404
    assert client.get(base + "decisions/").status_code == 404
