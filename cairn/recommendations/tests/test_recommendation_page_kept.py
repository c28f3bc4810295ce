"""A visitor's recommendation page is kept under the stamps of what it shows
(``views/registry.py``, ``recommendation_detail``): every change a stamp sees shows on the
next request, and nobody signed in gets the visitors' copy. Each test fails when the
stamp of what it changes is left out of the key."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from cairn.accounts.factories import UserFactory
from cairn.accounts.models import Visibility
from cairn.accounts.tests.helpers import make_user
from cairn.projects import services as projects
from cairn.projects.factories import ProjectFactory
from cairn.recommendations.factories import RecommendationFactory, WorkingGroupFactory
from cairn.recommendations.models import GroupPerson, GroupRole, Recommendation, Status
from cairn.recommendations.services.assessments import assessment_record
from cairn.recommendations.services.recommendations import recommendation_translate, recommendation_update
from cairn.recommendations.services.structure import group_people_add, group_person_update
from cairn.stories.factories import make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def rec() -> Recommendation:
    recommendation = RecommendationFactory(title="Une recommandation gardée")
    recommendation.groups.add(WorkingGroupFactory(theme=recommendation.theme, name="Groupe de Namur"))
    return recommendation


def page(client: Client, rec: Recommendation, language: str = "fr") -> str:
    response = client.get(f"/{language}/recommandations/{rec.reference}/")
    assert response.status_code == 200
    return response.text


def test_a_new_status_a_new_text_and_a_translation_show_on_the_next_request(client: Client, rec: Recommendation) -> None:
    assert "pas encore été évaluée" in page(client, rec)

    assessment_record(actor=None, recommendation=rec, status=Status.IN_PROGRESS, effective_date=datetime.date(2024, 3, 1))
    assert "pas encore été évaluée" not in page(client, rec) and "En cours" in page(client, rec)

    recommendation_update(actor=None, recommendation=rec, text="Un texte **corrigé**.")
    assert "<strong>corrigé</strong>" in page(client, rec)

    assert "Vertaalde aanbeveling" not in page(client, rec, "nl")
    recommendation_translate(actor=None, recommendation=rec, language="nl", title="Vertaalde aanbeveling")
    assert "Vertaalde aanbeveling" in page(client, rec, "nl")


def test_a_group_person_and_their_profile_show_as_they_now_allow(client: Client, rec: Recommendation) -> None:
    group = rec.groups.get()
    user = UserFactory(profile__display_name="Camille Lenoir", profile__visibility=Visibility.PUBLIC)
    assert "Camille Lenoir" not in page(client, rec)

    # Added in bulk (no signal): the service forgets the stamp itself.
    [person] = group_people_add(actor=None, group=group, people=[GroupPerson(role=GroupRole.PARTICIPANT, user=user)])
    assert "Camille Lenoir" in page(client, rec) and "animateur·rice" not in page(client, rec)

    group_person_update(actor=None, person=person, role=GroupRole.FACILITATOR)
    assert "Camille Lenoir</a>, animateur·rice" in page(client, rec)

    # The member hides their profile: a visitor no longer reads their name.
    user.profile.visibility = Visibility.MEMBERS
    user.profile.save()
    assert "Camille Lenoir" not in page(client, rec)


def test_what_other_apps_add_shows_on_the_next_request(client: Client, rec: Recommendation) -> None:
    assert "Ce qui en a découlé" not in page(client, rec)

    project = ProjectFactory(title="Un projet qui y répond")
    projects.project_link_recommendation(actor=None, project=project, recommendation=rec, answer="partly")
    assert "Un projet qui y répond" in page(client, rec)

    make_story(titles={"fr": "Un récit qui en parle"}, published=True, recommendations=[rec])
    assert "Un récit qui en parle" in page(client, rec)


def test_a_recommendation_made_internal_answers_404_to_visitors_at_once(client: Client, rec: Recommendation) -> None:
    page(client, rec)
    recommendation_update(actor=None, recommendation=rec, is_internal=True)
    assert client.get(f"/fr/recommandations/{rec.reference}/").status_code == 404


def test_a_member_never_gets_the_visitors_copy_nor_a_visitor_the_members(client: Client, rec: Recommendation) -> None:
    visitor = page(client, rec)
    assert "Connectez-vous pour suivre" in visitor

    member = Client()
    member.force_login(make_user("member"))
    theirs = page(member, rec)
    assert "Connectez-vous pour suivre" not in theirs and 'name="csrfmiddlewaretoken"' in theirs

    assert "Connectez-vous pour suivre" in page(client, rec)
