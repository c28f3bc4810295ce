"""Query counts of the campaign pages, pinned (STYLE.md §12): the same number of queries
with N and 10 × N recommendations, assignees' proposals and departments."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.factories import DepartmentFactory
from cairn.accounts.tests.helpers import make_user
from cairn.recommendations.factories import RecommendationFactory
from cairn.recommendations.models import CampaignAssignment
from cairn.recommendations.services import campaigns as services
from cairn.recommendations.services.assessments import assessment_publish
from cairn.recommendations.tests.campaign_fixtures import World, make_world, proposal_data

pytestmark = pytest.mark.django_db

N = 3


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def build(count: int) -> World:
    """``count`` recommendations per department, all assigned — half to the lead, half to a
    facilitator of their own — with a department each, and one proposal in three made,
    half of those published."""
    world = make_world(recommendations_per_department=count)
    extra_department = DepartmentFactory()
    for n, recommendation in enumerate(world.finance_recs + world.people_recs):
        if n % 2:
            recommendation.departments.add(extra_department)
    everything = world.finance_recs + world.people_recs
    services.campaign_assign(actor=world.coordinator, campaign=world.campaign, recommendations=everything[::2], assignee=world.lead)
    services.campaign_assign(actor=world.coordinator, campaign=world.campaign, recommendations=everything[1::2], assignee=world.facilitator)
    for n, assignment in enumerate(CampaignAssignment.objects.select_related("recommendation", "assignee", "campaign")):
        if n % 3 == 0:
            proposal = services.assessment_propose(actor=assignment.assignee, assignment=assignment, **proposal_data())
            if n % 2 == 0:
                assessment_publish(actor=world.coordinator, assessments=[proposal])
    for _ in range(count):  # recommendations outside the campaign, listed for assignment
        RecommendationFactory(theme=world.theme)
    make_user("facilitator")
    return world


@pytest.mark.parametrize("count", [N, 10 * N])
def test_campaign_page_queries(django_assert_num_queries, count: int) -> None:
    world = build(count)
    client = signed_in(world.coordinator)

    # 1 session  2 the account with its profile (the account menu), roles and second factor
    # (the staff TOTP check)
    # 3 the campaign with who opened it
    # 4 COUNT of recommendations matching the filter (the paginator)
    # 5 progress per assignee  6 progress per department (both grouped in SQL)
    # 7 COUNT of proposals awaiting review
    # 8 themes and 9 departments for the filter form's <select>
    # 10 the page of recommendations, with theme, cycle, status and assignee annotated
    # 11 their departments (one prefetch)
    # The people one can assign to are found by a search by name (the people picker): none
    # is chosen and nothing is searched yet, so no query for them
    with django_assert_num_queries(11):
        response = client.get(f"/fr/gestion/campagnes/{world.campaign.pk}/")

    assert response.status_code == 200
    assert response.context["progress"].overall.total == 2 * count


@pytest.mark.parametrize("count", [N, 10 * N])
def test_to_do_list_queries(django_assert_num_queries, count: int) -> None:
    world = build(count)
    client = signed_in(world.lead)

    # 1 session  2 the account with its profile (their department is the to-do's scope;
    #   the account menu reuses it), roles and second factor (the staff TOTP check)
    # 3 the to-do list: assignments with campaign, recommendation, theme, cycle and assignee's
    #   profile joined, and where each stands in its campaign annotated
    with django_assert_num_queries(3):
        response = client.get("/fr/gestion/campagnes/a-faire/")

    assert response.status_code == 200
    # The lead's own half, plus the finance recommendations assigned to the facilitator.
    assert len(response.context["items"]) == count + count // 2


@pytest.mark.parametrize("count", [N, 10 * N])
def test_review_page_queries(django_assert_num_queries, count: int) -> None:
    world = build(count)
    client = signed_in(world.coordinator)

    # 1 session  2 the account with its profile, roles and second factor  3 the campaign
    # 4 COUNT of proposals awaiting review (the paginator)
    # 5 the page of proposals, with recommendation, theme, cycle, author's profile and department joined
    with django_assert_num_queries(5):
        response = client.get(f"/fr/gestion/campagnes/{world.campaign.pk}/relecture/")

    assert response.status_code == 200


@pytest.mark.parametrize("count", [N, 10 * N])
def test_campaign_list_queries(django_assert_num_queries, count: int) -> None:
    world = build(count)
    for n in range(count):
        services.campaign_open(actor=world.coordinator, name=f"Campagne {n}")
    client = signed_in(world.coordinator)

    # 1 session  2 the account with its profile, roles and second factor
    # 3 campaigns with their three figures (subqueries) and who opened them
    with django_assert_num_queries(3):
        response = client.get("/fr/gestion/campagnes/")

    assert response.status_code == 200
