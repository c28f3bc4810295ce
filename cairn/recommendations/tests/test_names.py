"""Names in the registry and its staff pages: a working group's people, who assessed,
proposed, opened a campaign or changed a recommendation, and to whom it is assigned, appear
as their profile allows, and escaped."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.models import Visibility
from cairn.accounts.tests.naming import HOSTILE_ESCAPED, HOSTILE_NAME, NAMING_CASES, NEUTRAL, assert_named, page_as, person_with
from cairn.recommendations.factories import RecommendationFactory, WorkingGroupFactory
from cairn.recommendations.models import CampaignAssignment, GroupPerson, GroupRole
from cairn.recommendations.services import campaigns as services
from cairn.recommendations.services.assessments import assessment_record
from cairn.recommendations.tests.campaign_fixtures import TODAY, make_department_lead, make_world, proposal_data

pytestmark = pytest.mark.django_db


def _group_with(person) -> tuple:
    group = WorkingGroupFactory()
    rec = RecommendationFactory(theme=group.theme)
    rec.groups.add(group)
    GroupPerson.objects.create(group=group, role=GroupRole.SECRETARY, user=person)
    return group, rec


@pytest.mark.parametrize(("viewer", "visibility", "named"), NAMING_CASES)
def test_a_group_s_people_are_named_as_their_profile_allows(client: Client, viewer: str, visibility: str, named: bool) -> None:
    person = person_with(visibility)
    group, rec = _group_with(person)

    for url in (f"/fr/groupes/{group.pk}/", f"/fr/recommandations/{rec.reference}/"):
        html = page_as(client, viewer, url)
        assert_named(html, person, named=named)
        if not named:
            assert f"<li>{NEUTRAL}, secrétaire</li>" in html


def test_a_group_s_people_escape_a_hostile_name(client: Client) -> None:
    group, rec = _group_with(person_with(Visibility.PUBLIC, name=HOSTILE_NAME))
    GroupPerson.objects.create(group=group, role=GroupRole.PARTICIPANT, name="<b>Dirk</b> Historique")

    for url in (f"/fr/groupes/{group.pk}/", f"/fr/recommandations/{rec.reference}/"):
        html = client.get(url).text
        assert HOSTILE_ESCAPED in html and HOSTILE_NAME not in html
        assert "&lt;b&gt;Dirk&lt;/b&gt; Historique, participant·e" in html


# --- The coordination team's pages: the rule lets them see every active profile ----------------


@pytest.mark.parametrize("name", ["", HOSTILE_NAME])
def test_the_coordination_team_sees_who_assessed_and_changed_a_recommendation(client: Client, name: str) -> None:
    assessor = person_with(Visibility.PRIVATE, name=name, roles=["coordination"])
    rec = RecommendationFactory()
    assessment_record(actor=assessor, recommendation=rec, status="in_progress", effective_date=TODAY, public_comment="C’est parti.")

    page = page_as(client, "coordination", f"/fr/recommandations/{rec.reference}/")
    history = client.get(f"/fr/gestion/recommandations/{rec.pk}/historique/").text

    for html in (page, history):
        if name:
            assert HOSTILE_ESCAPED in html and HOSTILE_NAME not in html
        else:
            assert_named(html, assessor, named=True)
            assert assessor.email not in html
    assert page.count(assessor.profile.display_name if not name else HOSTILE_ESCAPED) == 2  # "évaluée par", and the journal


@pytest.mark.parametrize("name", ["", HOSTILE_NAME])
def test_the_campaign_pages_name_who_opened_and_who_proposed(client: Client, name: str) -> None:
    world = make_world()
    opener = person_with(Visibility.PRIVATE, name=name, roles=["coordination"])
    proposer = person_with(Visibility.PRIVATE, name=name, roles=["facilitator"])
    campaign = services.campaign_open(actor=opener, name="Campagne 2027")
    rec = world.finance_recs[0]
    services.campaign_assign(actor=world.coordinator, campaign=campaign, recommendations=[rec], assignee=proposer)
    services.assessment_propose(actor=proposer, assignment=CampaignAssignment.objects.get(campaign=campaign), **proposal_data())

    listing = page_as(client, "coordination", "/fr/gestion/campagnes/")
    detail = client.get(f"/fr/gestion/campagnes/{campaign.pk}/").text
    review = client.get(f"/fr/gestion/campagnes/{campaign.pk}/relecture/").text

    for html, person in ((listing, opener), (detail, opener), (review, proposer)):
        if name:
            assert HOSTILE_ESCAPED in html and HOSTILE_NAME not in html
        else:
            assert_named(html, person, named=True)
            assert person.email not in html


# --- Interviewers' pages: a department lead may not see private profiles ---------------------


@pytest.mark.parametrize(("visibility", "named"), [(Visibility.MEMBERS, True), (Visibility.PRIVATE, False)])
def test_a_department_lead_sees_who_has_their_department_s_work_as_the_profile_allows(client: Client, visibility: str, named: bool) -> None:
    world = make_world()
    facilitator = person_with(visibility, roles=["facilitator"])
    rec = world.finance_recs[0]
    services.campaign_assign(actor=world.coordinator, campaign=world.campaign, recommendations=[rec], assignee=facilitator)
    services.assessment_propose(actor=facilitator, assignment=CampaignAssignment.objects.get(recommendation=rec), **proposal_data())
    client.force_login(world.lead)

    todo = client.get("/fr/gestion/campagnes/a-faire/").text
    proposal = client.get(f"/fr/gestion/campagnes/{world.campaign.pk}/recommandations/{rec.pk}/").text

    assert_named(todo, facilitator, named=named)
    assert_named(proposal, facilitator, named=named)
    for html in (todo, proposal):
        assert facilitator.email not in html
    if not named:
        assert "Un·e sociétaire de la coopérative a déjà fait une proposition" in proposal


def test_the_interviewers_pages_escape_a_hostile_name(client: Client) -> None:
    world = make_world()
    facilitator = person_with(Visibility.PUBLIC, name=HOSTILE_NAME, roles=["facilitator"])
    rec = world.finance_recs[0]
    services.campaign_assign(actor=world.coordinator, campaign=world.campaign, recommendations=[rec], assignee=facilitator)
    services.assessment_propose(actor=facilitator, assignment=CampaignAssignment.objects.get(recommendation=rec), **proposal_data())
    client.force_login(make_department_lead(world.finance))

    for url in ("/fr/gestion/campagnes/a-faire/", f"/fr/gestion/campagnes/{world.campaign.pk}/recommandations/{rec.pk}/"):
        html = client.get(url).text
        assert HOSTILE_ESCAPED in html and HOSTILE_NAME not in html
