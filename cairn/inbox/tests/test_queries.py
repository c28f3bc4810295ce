"""Query counts of the inbox's pages, pinned (STYLE.md §12): the same number of queries with
N and 10 × N conversations or messages. A change here means a page started to query per
row; update the comments with the count."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.factories import DepartmentFactory
from cairn.accounts.tests.helpers import make_user
from cairn.inbox.factories import AttachmentFactory, ConversationFactory, MessageFactory
from cairn.inbox.models import MessageKind
from cairn.projects.factories import ProjectFactory, ProjectRecommendationFactory
from cairn.recommendations.factories import RecommendationFactory
from cairn.tests.page_snapshots import main_content

pytestmark = pytest.mark.django_db

N = 3
SIZES = [N, 10 * N]

#: Every signed-in staff page: 1 session, 2 the account with the account menu's profile,
#: its roles and its second factor (TOTP, staff).
STAFF_PAGE = 2
#: The inbox's filters and list are kept under the inbox's stamp (one query) and the
#: people's (two), then cached.
INBOX_STAMPS = 3
# The coordination team’s inbox, built (after the staff page's and the stamps' queries):
#  1 the people conversations are assigned to (the assignee filter's choices),
#  2 the broad themes and 3 the departments (the topic and department filters' choices)
#  4 COUNT of conversations (paginator), 5 the page's conversations with their sender,
#  assignee (and profiles) and department
#  6 the recommendations and 7 the projects they are about (one query per kind of item)
# Filtering by broad theme or department adds no query (subqueries of the same two).
INBOX_QUERIES = 7


@pytest.mark.parametrize("count", SIZES)
@pytest.mark.parametrize("query", ["", "?topic={topic}&department={department}"])
def test_the_inbox_costs_the_same_whatever_the_number_of_conversations(count: int, query: str, django_assert_num_queries) -> None:
    coordinator = make_user("coordination")
    department = DepartmentFactory()
    recommendation, project = RecommendationFactory(), ProjectFactory()
    ProjectRecommendationFactory(project=project, recommendation=recommendation)  # both kinds in the theme
    for n in range(count):
        about = (
            {"about_kind": "recommendation", "about_id": recommendation.pk} if n % 2 else {"about_kind": "project", "about_id": project.pk}
        )
        ConversationFactory(assignee=coordinator, department=department, **about)
    client = Client()
    client.force_login(coordinator)
    topic = recommendation.theme.category
    path = "/fr/gestion/questions/" + query.format(topic=topic.pk, department=department.pk)
    with django_assert_num_queries(STAFF_PAGE + INBOX_STAMPS + INBOX_QUERIES):
        response = client.get(path)
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == count
    # Kept while no conversation changes: the same list, only the staff page's own queries.
    with django_assert_num_queries(STAFF_PAGE):
        again = client.get(path)
    assert main_content(again) == main_content(response)


# The figures, computed (after the staff page's queries): 1 the inbox's stamp (their key),
# 2 per kind, 3 per item kind, 4 per item (for the broad themes), 5 the recommendations'
# and 6 the projects' themes (one query per kind of item that has themes), 7 the themes'
# names, 8 per month, 9 the first responses.
FIGURES_QUERIES = 9


@pytest.mark.parametrize("count", SIZES)
def test_the_figures_cost_the_same_whatever_the_number_of_conversations(count: int, django_assert_num_queries) -> None:
    recommendation, project = RecommendationFactory(), ProjectFactory()
    for n in range(count):
        about = (
            {"about_kind": "recommendation", "about_id": recommendation.pk} if n % 2 else {"about_kind": "project", "about_id": project.pk}
        )
        ConversationFactory(**about)
    client = Client()
    client.force_login(make_user("coordination"))
    with django_assert_num_queries(STAFF_PAGE + FIGURES_QUERIES):
        response = client.get("/fr/gestion/questions/chiffres/")
    assert response.status_code == 200
    assert sum(n for _label, n in response.context["figures"].by_kind) == count
    # Kept while no conversation changes.
    with django_assert_num_queries(STAFF_PAGE):
        again = client.get("/fr/gestion/questions/chiffres/")
    assert main_content(again) == main_content(response)


# A conversation, built (after the staff page's queries):
#  1 the conversation alone (who may handle it, kept with the page; every action's check)
#  2 the conversation with its people, department and duplicate, 3 its messages with
#  their authors' profiles, 4 their attachments
#  5 the project it is about
#  6 the saved answers in its language, 7 the assignee as the people picker shows them
#  (name, office and role: one query, where an e-mail address was shown before)
#  8 the departments (the assign form's choices)
CONVERSATION_QUERIES = 8
#: The page is kept under the inbox's stamp (one query), the exchanges' (three) and the
#: people's (two).
CONVERSATION_STAMPS = 6


@pytest.mark.parametrize("count", SIZES)
def test_a_conversation_costs_the_same_whatever_the_number_of_messages(count: int, django_assert_num_queries) -> None:
    coordinator = make_user("coordination")
    conversation = ConversationFactory(about_kind="project", about_id=ProjectFactory().pk, assignee=coordinator)
    for n in range(count):
        message = MessageFactory(conversation=conversation)
        AttachmentFactory(message=message)
        MessageFactory(conversation=conversation, kind=MessageKind.ANSWER, author=coordinator)
        MessageFactory(conversation=conversation, kind=MessageKind.NOTE, author=make_user("coordination") if n == 0 else coordinator)
    client = Client()
    client.force_login(coordinator)
    path = f"/fr/gestion/questions/{conversation.reference}/"
    with django_assert_num_queries(STAFF_PAGE + CONVERSATION_STAMPS + CONVERSATION_QUERIES):
        response = client.get(path)
    assert response.status_code == 200
    assert main_content(response).count('class="conversation__message') == 3 * count
    # Kept while nothing changes, with who may handle it: no query.
    with django_assert_num_queries(STAFF_PAGE):
        again = client.get(path)
    assert main_content(again) == main_content(response)


# "Mes questions": 1 session, 2 the account with its profile and roles, 3 the
# conversations with their count of answers, 4 the recommendations they are about.
MINE_QUERIES = 4


@pytest.mark.parametrize("count", SIZES)
def test_my_questions_cost_the_same_whatever_their_number(count: int, django_assert_num_queries) -> None:
    member = make_user("member")
    recommendation = RecommendationFactory()
    for _n in range(count):
        conversation = ConversationFactory(person=member, about_kind="recommendation", about_id=recommendation.pk)
        MessageFactory(conversation=conversation, kind=MessageKind.ANSWER)
    client = Client()
    client.force_login(member)
    with django_assert_num_queries(MINE_QUERIES):
        response = client.get("/fr/questions/mes-questions/")
    assert response.status_code == 200
