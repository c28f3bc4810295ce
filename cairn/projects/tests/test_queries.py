"""Query counts of the projects' pages, pinned at two sizes (STYLE.md §12): N and 10 × N
projects, links, updates and team members give the same number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from cairn.accounts.factories import UserFactory
from cairn.accounts.models import Department
from cairn.accounts.tests.helpers import make_user
from cairn.projects.factories import ProjectFactory, ProjectRecommendationFactory, ProjectUpdateFactory
from cairn.projects.models import ProjectKind, ProjectLink
from cairn.recommendations.factories import RecommendationFactory
from cairn.recommendations.services.assessments import assessment_record
from cairn.stories.factories import make_story
from cairn.tests.page_snapshots import main_content

pytestmark = pytest.mark.django_db

N = 3
SIZES = [N, 10 * N]
# Signed in: 1 session, 2 the account with the member's profile (account menu), roles and
# whether they set up TOTP (cairn/accounts/backends.py).
SIGNED_IN = 2
STAFF_SIGNED_IN = SIGNED_IN


def _projects(count: int) -> list:
    department = Department.objects.create(code=f"d{count}", name_fr=f"Direction {count}")
    projects = []
    for n in range(count):
        project = ProjectFactory(department=department, coordinator=UserFactory(), kind=ProjectKind.values[n % 5])
        project.team.add(*UserFactory.create_batch(2))
        ProjectLink.objects.create(project=project, label="Pad", url="https://example.org/pad")
        ProjectRecommendationFactory(project=project)
        ProjectUpdateFactory(project=project, author=UserFactory(), posted_on=datetime.date(2024, 1, 1 + n % 28))
        projects.append(project)
    return projects


# The list: 1 the filters' departments, 2 categories, 3 cycles; 4 the COUNT of the
# paginator; 5 the page of projects with department and their number of recommendations.
LIST_QUERIES = 5
# The filters and the rows are kept under the projects' stamp (two queries) and the
# registry's (one) when the stamps are not in the cache; none at all once the page is.
LIST_STAMPS = 3


@pytest.mark.parametrize("count", SIZES)
def test_project_list_queries(client: Client, django_assert_num_queries, count: int) -> None:
    _projects(count)

    with django_assert_num_queries(LIST_STAMPS + LIST_QUERIES):
        response = client.get("/fr/projets/?status=in_progress")
    with django_assert_num_queries(0):
        assert client.get("/fr/projets/?status=in_progress").status_code == 200

    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == min(count, 25)


# The project page: 1 the project, department and coordinator's profile; 2 its team
# with profiles; 3 links; 4 attachments; 5 the timeline with authors' profiles; 6 the
# links to recommendations the viewer may see; 7 those recommendations with their status;
# 8 the hackathon team it was born from (the section ``cairn.hackathons`` registers);
# 9 its upcoming events (the section ``cairn.events`` registers); 10 its published
# stories, 11 their versions (the section ``cairn.stories`` registers).
DETAIL_QUERIES = 11
# A visitor's page is kept (views.py, ``project_detail``): its key first reads the stamps —
# 1–2 the projects', 3 the registry's, 4–5 the people's, then the sections': 6 the published
# stories', 7–8 the agenda's, 9 the hackathon questions', 10–11 their teams'.
VISITOR_KEY_QUERIES = 11


def _stories(project, count: int) -> None:
    for n in range(count):
        make_story(titles={"fr": f"Récit {n}"}, published=True, projects=[project])


@pytest.mark.parametrize("count", SIZES)
def test_project_page_queries(client: Client, django_assert_num_queries, count: int) -> None:
    project = _projects(1)[0]
    project.team.add(*UserFactory.create_batch(count))
    for n in range(count):
        ProjectUpdateFactory(project=project, author=UserFactory())
        ProjectLink.objects.create(project=project, label=f"Lien {n}", url="https://example.org/")
        link = ProjectRecommendationFactory(project=project)
        assessment_record(actor=None, recommendation=link.recommendation, status="in_progress", effective_date=datetime.date(2024, 1, 1))
    _stories(project, count)

    with django_assert_num_queries(VISITOR_KEY_QUERIES + DETAIL_QUERIES):
        response = client.get(f"/fr/projets/{project.pk}/")

    assert response.status_code == 200
    assert len(response.context["page"].answers) == count + 1
    assert [section.key for section in response.context["page"].sections] == ["stories", "ask"]  # "ask": the inbox's link, no query
    assert len(response.context["page"].sections[0].items) == min(count, 10)  # the newest ten

    # While nothing changes, the next visitor gets the kept page: no query at all.
    with django_assert_num_queries(0):
        again = client.get(f"/fr/projets/{project.pk}/")
    assert main_content(again) == main_content(response)


@pytest.mark.parametrize("count", SIZES)
def test_project_page_queries_for_the_coordination_team(client: Client, django_assert_num_queries, count: int) -> None:
    project = _projects(1)[0]
    for _n in range(count):
        ProjectRecommendationFactory(project=project)
    _stories(project, count)
    client.force_login(make_user("coordination"))

    # STAFF_SIGNED_IN, the DETAIL_QUERIES of the page, then pending update requests and whether the viewer
    # follows the project.
    with django_assert_num_queries(STAFF_SIGNED_IN + DETAIL_QUERIES + 2):
        response = client.get(f"/fr/projets/{project.pk}/")

    assert response.status_code == 200


# "Still to carry out", the overview: 1 each group's count (one grouped query, the carrier
# of each recommendation computed in SQL), 2 the first ten of each group (a window
# function), 3 the projects carrying them. One group, paged: 1 the counts, 2 the page,
# 3 the projects carrying its recommendations (no COUNT: the counts give the total).
STILL_QUERIES = 3
# The overview is kept under the registry's stamp (one query) and the projects' (two),
# each computed at most once per STAMP_TTL seconds for every page that reads them; while
# nothing changes, the overview runs no query at all.
STAMPS_QUERIES = 3


@pytest.mark.parametrize("count", SIZES)
def test_still_to_carry_out_queries(client: Client, django_assert_num_queries, count: int) -> None:
    for project in _projects(count):
        rec = project.answers.get().recommendation
        assessment_record(actor=None, recommendation=rec, status="in_progress", effective_date=datetime.date(2024, 1, 1))
    for rec in RecommendationFactory.create_batch(count):
        assessment_record(actor=None, recommendation=rec, status="not_done", effective_date=datetime.date(2024, 1, 1))

    with django_assert_num_queries(STAMPS_QUERIES + STILL_QUERIES):
        response = client.get("/fr/projets/a-realiser/")
    with django_assert_num_queries(0):
        again = client.get("/fr/projets/a-realiser/")
    assert main_content(again) == main_content(response)
    groups = response.context["listing"]["groups"]
    assert sum(group.count for group in groups) == 2 * count
    assert [len(group.recommendations) for group in groups] == [min(group.count, 10) for group in groups]
    nothing = next(group.count for group in groups if group.key == "nothing")

    with django_assert_num_queries(STILL_QUERIES):
        response = client.get("/fr/projets/a-realiser/", {"carried": "nothing", "page": 1})
    assert response.context["listing"]["page_obj"].paginator.count == nothing
    assert len(response.context["listing"]["page_obj"].object_list) == min(nothing, 50)
