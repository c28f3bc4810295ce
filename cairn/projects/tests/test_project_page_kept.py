"""A visitor's project page is kept under the stamps of what it shows (``views.py``,
``project_detail``): each change a stamp sees shows on the next request — including the
changes that do not save the project itself, which its services make move its change
time — and nobody signed in gets the visitors' copy. Each test fails when the stamp of
what it changes is left out of the key."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cairn.accounts.factories import UserFactory
from cairn.accounts.models import Visibility
from cairn.accounts.tests.helpers import make_user
from cairn.projects import services
from cairn.projects.factories import ProjectFactory
from cairn.projects.models import Project
from cairn.recommendations.factories import RecommendationFactory
from cairn.recommendations.services.assessments import assessment_record
from cairn.stories.factories import make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def project() -> Project:
    return ProjectFactory(title="Projet gardé")


def page(client: Client, project: Project) -> str:
    response = client.get(f"/fr/projets/{project.pk}/")
    assert response.status_code == 200
    return response.text


def test_what_the_project_services_change_shows_on_the_next_request(client: Client, project: Project) -> None:
    rec = RecommendationFactory(title="Recommandation à laquelle il répond")
    services.project_link_recommendation(actor=None, project=project, recommendation=rec, answer="partly")
    assert "Recommandation à laquelle il répond" in page(client, project)

    # Answered otherwise: the link is saved, not the project.
    services.project_link_recommendation(actor=None, project=project, recommendation=rec, answer="fully", note="Tout y est")
    assert "Tout y est" in page(client, project)

    # A post that moves neither the progress nor the status.
    services.project_post_update(actor=None, project=project, posted_on=datetime.date(2024, 5, 2), text="Une étape franchie")
    assert "Une étape franchie" in page(client, project)

    attachment = services.attachment_add(actor=None, project=project, upload=SimpleUploadedFile("bilan.pdf", b"%PDF-1.7 ok"))
    assert "bilan.pdf" in page(client, project)
    services.attachment_remove(actor=None, attachment=attachment)
    assert "bilan.pdf" not in page(client, project)

    services.project_update(actor=None, project=project, is_internal=True)
    assert client.get(f"/fr/projets/{project.pk}/").status_code == 404


def test_the_recommendations_status_the_team_and_the_sections_show_on_the_next_request(client: Client, project: Project) -> None:
    rec = RecommendationFactory()
    services.project_link_recommendation(actor=None, project=project, recommendation=rec, answer="partly")
    member = UserFactory(profile__display_name="Alix Équipière", profile__visibility=Visibility.PUBLIC)
    services.project_update(actor=None, project=project, team=[member])
    first = page(client, project)
    assert "Alix Équipière" in first and "Réalisée" not in first

    assessment_record(actor=None, recommendation=rec, status="done", effective_date=datetime.date(2024, 1, 1))
    assert "Réalisée" in page(client, project)

    member.profile.visibility = Visibility.MEMBERS
    member.profile.save()
    assert "Alix Équipière" not in page(client, project)

    make_story(titles={"fr": "Le récit du projet"}, published=True, projects=[project])
    assert "Le récit du projet" in page(client, project)


def test_a_member_never_gets_the_visitors_copy_nor_a_visitor_the_members(client: Client, project: Project) -> None:
    assert "Connectez-vous pour suivre" in page(client, project)
    member = Client()
    member.force_login(make_user("member"))
    theirs = page(member, project)
    assert "Connectez-vous pour suivre" not in theirs and 'name="csrfmiddlewaretoken"' in theirs
    assert "Connectez-vous pour suivre" in page(client, project)
