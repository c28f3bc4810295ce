"""Names on the projects' pages: the coordinator, the team, the authors of the timeline and
the people asked for news appear as their profile allows, and escaped."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.models import Visibility
from cairn.accounts.tests.helpers import make_user
from cairn.accounts.tests.naming import HOSTILE_ESCAPED, HOSTILE_NAME, NAMING_CASES, NEUTRAL, assert_named, page_as, person_with
from cairn.projects import services
from cairn.projects.factories import ProjectFactory, ProjectUpdateFactory

pytestmark = pytest.mark.django_db

SLOTS = ["coordinator", "team", "update_author"]


def _project_naming(person, slot: str):
    project = ProjectFactory(coordinator=person if slot == "coordinator" else None)
    if slot == "team":
        project.team.add(person)
    if slot == "update_author":
        ProjectUpdateFactory(project=project, author=person, text="Du nouveau.")
    return project


@pytest.mark.parametrize("slot", SLOTS)
@pytest.mark.parametrize(("viewer", "visibility", "named"), NAMING_CASES)
def test_the_project_page_names_its_people_as_their_profile_allows(
    client: Client, slot: str, viewer: str, visibility: str, named: bool
) -> None:
    person = person_with(visibility)
    project = _project_naming(person, slot)

    html = page_as(client, viewer, f"/fr/projets/{project.pk}/")

    assert_named(html, person, named=named)


def test_a_hidden_author_reads_by_a_member_of_the_cooperative(client: Client) -> None:
    project = _project_naming(person_with(Visibility.PRIVATE), "update_author")

    assert f"par {NEUTRAL}" in client.get(f"/fr/projets/{project.pk}/").text


@pytest.mark.parametrize("slot", SLOTS)
def test_a_hostile_name_is_escaped_on_the_project_page(client: Client, slot: str) -> None:
    project = _project_naming(person_with(Visibility.PUBLIC, name=HOSTILE_NAME), slot)

    html = client.get(f"/fr/projets/{project.pk}/").text

    assert HOSTILE_ESCAPED in html and HOSTILE_NAME not in html


@pytest.mark.parametrize(("role", "named"), [("coordination", True), ("admin", True)])
def test_the_people_asked_for_news_are_named_to_the_coordination_team(client: Client, role: str, named: bool) -> None:
    """Only the coordination team and admins see the requests, and the rule lets them see
    private profiles: they see whom they asked, on the project page, the pending requests
    and the request form."""
    recipient = person_with(Visibility.PRIVATE)
    project = ProjectFactory(coordinator=recipient)
    services.update_request_send(actor=None, project=project, recipient=recipient)
    client.force_login(make_user(role))

    for url in (
        f"/fr/projets/{project.pk}/",
        "/fr/gestion/projets/demandes-d-actualite/",
        f"/fr/gestion/projets/{project.pk}/demander-une-actualite/",
    ):
        html = client.get(url).text
        assert_named(html, recipient, named=named)
        assert recipient.email not in html


def test_the_pending_requests_escape_a_hostile_name(client: Client) -> None:
    recipient = person_with(Visibility.PUBLIC, name=HOSTILE_NAME)
    project = ProjectFactory(coordinator=recipient)
    services.update_request_send(actor=None, project=project, recipient=recipient)
    client.force_login(make_user("coordination"))

    for url in ("/fr/gestion/projets/demandes-d-actualite/", f"/fr/gestion/projets/{project.pk}/demander-une-actualite/"):
        html = client.get(url).text
        assert HOSTILE_ESCAPED in html and HOSTILE_NAME not in html


def test_the_team_lists_the_names_a_visitor_may_see_then_counts_the_others(client: Client) -> None:
    public = person_with(Visibility.PUBLIC)
    hidden = [person_with(Visibility.MEMBERS), person_with(Visibility.PRIVATE)]
    project = ProjectFactory()
    project.team.add(public, *hidden)

    html = client.get(f"/fr/projets/{project.pk}/").text

    link = f'<a href="/fr/membres/{public.profile.pk}/">{public.profile.display_name}</a>'
    assert f"<dd>{link} et 2 autres sociétaires</dd>" in html
    assert not any(person.profile.display_name in html for person in hidden)
