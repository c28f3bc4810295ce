"""The inbox's topic is the subject area: the broad theme of the item a conversation is
about (a recommendation's, a project's through the recommendations it answers), told by
the items hook; the list filters by it and by department, the figures count by it."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.factories import DepartmentFactory
from cairn.accounts.tests.helpers import make_user
from cairn.inbox.factories import ConversationFactory
from cairn.projects.factories import ProjectFactory, ProjectRecommendationFactory
from cairn.recommendations.factories import RecommendationFactory, ThemeCategoryFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    client = Client()
    client.force_login(make_user("coordination"))
    return client


@pytest.fixture
def world():
    housing = ThemeCategoryFactory(name_fr="Logement", position=1)
    energy = ThemeCategoryFactory(name_fr="Énergie", position=2)
    on_housing = RecommendationFactory(theme=ThemeFactory(category=housing))
    on_energy = RecommendationFactory(theme=ThemeFactory(category=energy))
    both = ProjectFactory()
    ProjectRecommendationFactory(project=both, recommendation=on_housing)
    ProjectRecommendationFactory(project=both, recommendation=on_energy)
    lonely = ProjectFactory()  # answers no recommendation: no broad theme
    conversations = {
        "housing": ConversationFactory(about_kind="recommendation", about_id=on_housing.pk),
        "energy": ConversationFactory(about_kind="recommendation", about_id=on_energy.pk, kind="interest"),
        "both": ConversationFactory(about_kind="project", about_id=both.pk),
        "lonely": ConversationFactory(about_kind="project", about_id=lonely.pk),
        "general": ConversationFactory(),
    }
    return housing, energy, conversations


def shown(client: Client, query: str, conversations: dict) -> set[str]:
    page = client.get(f"/fr/gestion/questions/?{query}").content.decode()
    return {name for name, conversation in conversations.items() if conversation.reference in page}


def test_the_list_filters_by_broad_theme_through_the_items(client: Client, world) -> None:
    housing, energy, conversations = world
    assert shown(client, f"topic={housing.pk}", conversations) == {"housing", "both"}
    assert shown(client, f"topic={energy.pk}", conversations) == {"energy", "both"}
    assert shown(client, "topic=none", conversations) == {"lonely", "general"}
    # With the item kind and the kind of message too.
    assert shown(client, f"topic={energy.pk}&about=project", conversations) == {"both"}
    assert shown(client, f"topic={energy.pk}&kind=interest", conversations) == {"energy"}
    # A wrong value is ignored, never a 500.
    assert shown(client, "topic=abc", conversations) == set(conversations)
    assert client.get("/fr/gestion/questions/?topic=999999").status_code == 200


def test_the_list_filters_by_department(client: Client) -> None:
    finance, legal = DepartmentFactory(), DepartmentFactory()
    conversations = {"finance": ConversationFactory(department=finance), "legal": ConversationFactory(department=legal)}
    conversations["none"] = ConversationFactory()
    assert shown(client, f"department={finance.pk}", conversations) == {"finance"}
    page = client.get("/fr/gestion/questions/").content.decode()
    assert f'<option value="{legal.pk}">' in page
    assert shown(client, "department=nope", conversations) == set(conversations)


@pytest.mark.usefixtures("world")
def test_the_figures_count_by_broad_theme(client: Client) -> None:
    page = client.get("/fr/gestion/questions/chiffres/").content.decode()
    table = page.split("Par grande thématique")[1].split("Par type d’élément")[0]
    assert "<td>Logement</td><td>2</td>" in table and "<td>Énergie</td><td>2</td>" in table
    assert "<td>Sans grande thématique</td><td>2</td>" in table
    assert table.index("Logement") < table.index("Énergie") < table.index("Sans grande thématique")
    csv = client.get("/fr/gestion/questions/chiffres.csv").content.decode("utf-8-sig")
    assert "Par grande thématique,Logement,2" in csv and "Par type d’élément,Projet,2" in csv


def test_a_call_a_group_and_a_hackathon_count_under_the_broad_themes_of_their_recommendations(client: Client) -> None:
    from cairn.experiments.factories import GroupFactory, TopicFactory
    from cairn.hackathons.factories import HackathonFactory, QuestionFactory

    housing = ThemeCategoryFactory(name_fr="Logement", position=1)
    on_housing = RecommendationFactory(theme=ThemeFactory(category=housing))
    topic = TopicFactory()
    topic.recommendations.add(on_housing)
    hackathon = HackathonFactory()
    question = QuestionFactory(hackathon=hackathon)
    question.recommendations.add(on_housing)
    conversations = {
        "call": ConversationFactory(about_kind="call", about_id=topic.call.pk),
        "group": ConversationFactory(about_kind="experiment_group", about_id=GroupFactory(topic=topic).pk),
        "hackathon": ConversationFactory(about_kind="hackathon", about_id=hackathon.pk),
        "general": ConversationFactory(),
    }

    assert shown(client, f"topic={housing.pk}", conversations) == {"call", "group", "hackathon"}
    assert shown(client, "topic=none", conversations) == {"general"}
