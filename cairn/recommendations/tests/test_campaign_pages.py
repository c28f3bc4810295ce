"""The campaign workflow's staff pages, through the test client, as each role uses them:
open a campaign, assign many, follow progress, propose from the to-do list, review, publish.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from cairn.accounts.tests.helpers import make_user
from cairn.core.audit import history_of
from cairn.recommendations.factories import RecommendationFactory
from cairn.recommendations.models import Assessment, Campaign, CampaignAssignment
from cairn.recommendations.services import campaigns as services
from cairn.recommendations.services.assessments import assessment_publish
from cairn.recommendations.tests.campaign_fixtures import World, make_world, proposal_data, registry_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def form_post(**overrides) -> dict[str, str]:
    data = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in proposal_data(**overrides).items()}
    return {k: "" if v is None else str(v) for k, v in data.items()}


# --- the coordinator's pages -----------------------------------------------------------


def test_a_coordinator_opens_a_campaign_and_lands_on_its_page(world: World) -> None:
    client = signed_in(world.coordinator)

    response = client.post("/fr/gestion/campagnes/", {"name": "  Bilan 2027 ", "description": "Jusqu’en mars."}, follow=True)

    campaign = Campaign.objects.get(name="Bilan 2027")
    assert response.redirect_chain == [(f"/fr/gestion/campagnes/{campaign.pk}/", 302)]
    assert messages_of(response) == ["La campagne « Bilan 2027 » est ouverte. Attribuez-lui maintenant des recommandations."]
    assert "Aucune recommandation attribuée pour l’instant" in response.text
    assert history_of(campaign).get().actor == world.coordinator


def test_a_campaign_name_is_unique_and_the_form_says_so(world: World) -> None:
    before = registry_snapshot()

    response = signed_in(world.coordinator).post("/fr/gestion/campagnes/", {"name": "État des lieux 2026"})

    assert response.status_code == 400
    assert "Un objet Campagne d’évaluation avec ce champ Nom existe déjà." in response.text
    assert registry_snapshot() == before


def test_assigning_the_ticked_recommendations(world: World) -> None:
    client = signed_in(world.coordinator)
    url = f"/fr/gestion/campagnes/{world.campaign.pk}/attribuer/"
    chosen = [world.finance_recs[0].pk, world.people_recs[1].pk]

    response = client.post(url, {"assignee": world.facilitator.pk, "scope": "selected", "recommendations": chosen}, follow=True)

    assert messages_of(response) == [f"2 recommandations attribuées à {world.facilitator.profile.display_name}."]
    assert sorted(CampaignAssignment.objects.values_list("recommendation_id", flat=True)) == sorted(chosen)
    assert set(CampaignAssignment.objects.values_list("assignee_id", flat=True)) == {world.facilitator.pk}


def test_assigning_every_recommendation_matching_a_department_filter(world: World) -> None:
    client = signed_in(world.coordinator)

    response = client.post(
        f"/fr/gestion/campagnes/{world.campaign.pk}/attribuer/",
        {"assignee": world.lead.pk, "scope": "matching", "department": world.finance.pk},
    )

    # Back to the campaign page with the same filter, so the coordinator sees what changed.
    assert response.status_code == 302
    assert response["Location"] == f"/fr/gestion/campagnes/{world.campaign.pk}/?department={world.finance.pk}"
    assert sorted(CampaignAssignment.objects.values_list("recommendation_id", flat=True)) == sorted(r.pk for r in world.finance_recs)


def test_assigning_every_recommendation_of_a_theme_still_unassigned(world: World) -> None:
    services.campaign_assign(actor=world.coordinator, campaign=world.campaign, recommendations=world.people_recs[:1], assignee=world.lead)

    signed_in(world.coordinator).post(
        f"/fr/gestion/campagnes/{world.campaign.pk}/attribuer/",
        {"assignee": world.facilitator.pk, "scope": "matching", "theme": world.other_theme.pk, "assignment": "unassigned"},
    )

    assert dict(CampaignAssignment.objects.values_list("recommendation_id", "assignee_id")) == {
        world.people_recs[0].pk: world.lead.pk,
        world.people_recs[1].pk: world.facilitator.pk,
    }


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"scope": "selected"}, "Cochez au moins une recommandation, ou choisissez « toutes celles du filtre »."),
        ({"scope": "selected", "recommendations": ["1"], "assignee": ""}, "Ce champ est obligatoire."),
        ({"scope": "selected", "recommendations": ["abc"]}, "Sélection invalide : rechargez la page et recommencez."),
        ({"scope": "matching", "theme": "999999"}, "Sélectionnez un choix valide."),
    ],
)
def test_a_bad_assignment_says_what_is_wrong_and_assigns_nothing(world: World, data: dict, error: str) -> None:
    data = {"assignee": str(world.facilitator.pk), **data}
    before = registry_snapshot()

    response = signed_in(world.coordinator).post(f"/fr/gestion/campagnes/{world.campaign.pk}/attribuer/", data)

    assert response.status_code == 400
    assert error in response.text
    assert registry_snapshot() == before


def test_assigning_to_a_member_without_a_staff_role_is_not_offered(world: World) -> None:
    member = make_user("member")
    before = registry_snapshot()

    response = signed_in(world.coordinator).post(
        f"/fr/gestion/campagnes/{world.campaign.pk}/attribuer/",
        {"assignee": member.pk, "scope": "selected", "recommendations": [world.finance_recs[0].pk]},
    )

    assert response.status_code == 400
    assert registry_snapshot() == before


def test_the_campaign_page_shows_exact_progress_per_person_and_department(world: World) -> None:
    """Finance: 2 recommendations with the lead — one published, one awaiting review.
    People: 2 with the facilitator — one sent back, one to do. One more, under both
    departments, with the facilitator, to do; one without department, with the lead, to do."""
    both = RecommendationFactory(theme=world.theme)
    both.departments.add(world.finance, world.people)
    orphan = RecommendationFactory(theme=world.theme)
    lead_assignments = [
        CampaignAssignment.objects.get(recommendation=r)
        for r in world.finance_recs
        if services.campaign_assign(actor=world.coordinator, campaign=world.campaign, recommendations=[r], assignee=world.lead)
    ]
    services.campaign_assign(actor=world.coordinator, campaign=world.campaign, recommendations=[orphan], assignee=world.lead)
    services.campaign_assign(
        actor=world.coordinator, campaign=world.campaign, recommendations=[*world.people_recs, both], assignee=world.facilitator
    )
    published = services.assessment_propose(actor=world.lead, assignment=lead_assignments[0], **proposal_data())
    assessment_publish(actor=world.coordinator, assessments=[published])
    services.assessment_propose(actor=world.lead, assignment=lead_assignments[1], **proposal_data())
    returned = services.assessment_propose(
        actor=world.facilitator, assignment=CampaignAssignment.objects.get(recommendation=world.people_recs[0]), **proposal_data()
    )
    services.assessment_return(actor=world.coordinator, assessment=returned, note="Qui as-tu rencontré ?")

    response = signed_in(world.coordinator).get(f"/fr/gestion/campagnes/{world.campaign.pk}/")

    progress = response.context["progress"]
    counts = ("total", "assessed", "awaiting", "returned", "to_do")
    assert [getattr(progress.overall, n) for n in counts] == [6, 1, 1, 1, 3]
    rows = {row.label: [getattr(row, n) for n in counts] for row in progress.by_assignee}
    assert rows == {world.lead.profile.display_name: [3, 1, 1, 0, 1], world.facilitator.profile.display_name: [3, 0, 0, 1, 2]}
    departments = {row.label: [getattr(row, n) for n in counts] for row in progress.by_department}
    assert departments == {"Finances": [3, 1, 1, 0, 1], "Ressources humaines": [3, 0, 0, 1, 2], "Sans direction": [1, 0, 0, 0, 1]}
    text = re.sub(r"\s+", " ", response.text)
    assert "<strong>1</strong> recommandations évaluées et publiées sur 6 attribuées (17 %)." in text
    assert "À relire : 1 · renvoyées à leur auteur·rice : 1 · encore à faire : 3." in text
    assert "Relire la proposition en attente" in text


def test_the_campaign_filter_answers_htmx_with_the_list_only(world: World) -> None:
    response = signed_in(world.coordinator).get(
        f"/fr/gestion/campagnes/{world.campaign.pk}/", {"theme": world.other_theme.pk}, headers={"HX-Request": "true"}
    )

    assert "<h1>" not in response.text
    assert [r.pk for r in response.context["page_obj"].object_list] == [r.pk for r in world.people_recs]
    assert "HX-Request" in response["Vary"]


def test_closing_a_campaign_from_its_page(world: World) -> None:
    client = signed_in(world.coordinator)

    response = client.post(f"/fr/gestion/campagnes/{world.campaign.pk}/cloturer/", follow=True)

    assert messages_of(response) == ["La campagne est clôturée. Les propositions déjà faites peuvent encore être relues."]
    assert "Cette campagne est clôturée : on ne peut plus y attribuer de recommandations." in response.text
    assert Campaign.objects.get().state == "closed"


# --- the interviewer's pages -----------------------------------------------------------


def test_the_to_do_list_shows_each_person_their_scope(world: World) -> None:
    services.campaign_assign(
        actor=world.coordinator, campaign=world.campaign, recommendations=world.finance_recs, assignee=world.facilitator
    )
    services.campaign_assign(actor=world.coordinator, campaign=world.campaign, recommendations=world.people_recs[:1], assignee=world.lead)
    services.campaign_assign(
        actor=world.coordinator, campaign=world.campaign, recommendations=world.people_recs[1:], assignee=world.coordinator
    )

    def todo(user) -> set[int]:
        response = signed_in(user).get("/fr/gestion/campagnes/a-faire/")
        assert response.status_code == 200
        return {item.recommendation_id for item in response.context["items"]}

    assert todo(world.facilitator) == {r.pk for r in world.finance_recs}
    # The finance lead: their department's recommendations (assigned to the facilitator) and what is assigned to them.
    assert todo(world.lead) == {*(r.pk for r in world.finance_recs), world.people_recs[0].pk}
    assert todo(make_user("facilitator")) == set()
    # Coordinators may propose for anything, but their list holds only what is theirs.
    assert todo(world.coordinator) == {world.people_recs[1].pk}


def test_an_empty_to_do_list_says_what_will_come(world: World) -> None:
    response = signed_in(world.facilitator).get("/fr/gestion/campagnes/a-faire/")

    assert "Rien à évaluer pour l’instant" in response.text


def test_proposing_from_the_to_do_list_then_editing_until_review(world: World) -> None:
    services.campaign_assign(
        actor=world.coordinator, campaign=world.campaign, recommendations=world.finance_recs[:1], assignee=world.facilitator
    )
    client = signed_in(world.facilitator)
    todo = client.get("/fr/gestion/campagnes/a-faire/")
    url = f"/fr/gestion/campagnes/{world.campaign.pk}/recommandations/{world.finance_recs[0].pk}/"
    assert f'href="{url}"' in todo.text

    response = client.post(url, form_post(), follow=True)

    assert response.redirect_chain == [("/fr/gestion/campagnes/a-faire/", 302)]
    reference = world.finance_recs[0].reference
    assert messages_of(response) == [
        f"{reference} : votre proposition est enregistrée. Un·e coordinateur·rice la relira avant publication."
    ]
    proposal = Assessment.objects.get()
    assert (proposal.status, proposal.published_at, proposal.interviewee) == ("in_progress", None, "Marie Dupont")
    assert [item.recommendation_id for item in response.context["groups"]["awaiting_review"]] == [world.finance_recs[0].pk]
    # The same page now edits the proposal.
    edit = client.get(url)
    assert "Votre proposition attend la relecture. Vous pouvez encore la modifier." in edit.text
    client.post(url, form_post(status="done", public_comment="Terminé."))
    assert list(Assessment.objects.values_list("status", "public_comment")) == [("done", "Terminé.")]


@pytest.mark.parametrize("status", ["rejected", "postponed"])
def test_rejected_without_public_comment_gets_a_clear_error_and_nothing_is_written(world: World, status: str) -> None:
    services.campaign_assign(
        actor=world.coordinator, campaign=world.campaign, recommendations=world.finance_recs[:1], assignee=world.facilitator
    )
    before = registry_snapshot()

    response = signed_in(world.facilitator).post(
        f"/fr/gestion/campagnes/{world.campaign.pk}/recommandations/{world.finance_recs[0].pk}/",
        form_post(status=status, public_comment=""),
    )

    assert response.status_code == 400
    assert "Une recommandation rejetée ou reportée doit être expliquée publiquement : écrivez un commentaire public." in response.text
    # What was typed is kept.
    assert "Marie Dupont" in response.text
    assert registry_snapshot() == before


def test_an_effective_date_in_the_future_is_refused(world: World) -> None:
    services.campaign_assign(
        actor=world.coordinator, campaign=world.campaign, recommendations=world.finance_recs[:1], assignee=world.facilitator
    )

    response = signed_in(world.facilitator).post(
        f"/fr/gestion/campagnes/{world.campaign.pk}/recommandations/{world.finance_recs[0].pk}/", form_post(effective_date="2150-01-01")
    )

    assert response.status_code == 400
    assert "La date d’effet ne peut pas être dans le futur." in response.text
    assert not Assessment.objects.exists()


def test_out_of_scope_proposal_pages_answer_404_and_members_403(world: World) -> None:
    services.campaign_assign(
        actor=world.coordinator, campaign=world.campaign, recommendations=world.people_recs[:1], assignee=world.facilitator
    )
    url = f"/fr/gestion/campagnes/{world.campaign.pk}/recommandations/{world.people_recs[0].pk}/"
    before = registry_snapshot()

    assert signed_in(world.lead).get(url).status_code == 404
    assert signed_in(world.lead).post(url, form_post()).status_code == 404
    assert signed_in(make_user("facilitator")).post(url, form_post()).status_code == 404
    assert signed_in(make_user("member")).post(url, form_post()).status_code == 403
    # A recommendation outside the campaign answers 404 to everyone, coordinators included.
    assert (
        signed_in(world.coordinator)
        .get(f"/fr/gestion/campagnes/{world.campaign.pk}/recommandations/{world.finance_recs[0].pk}/")
        .status_code
        == 404
    )
    assert registry_snapshot() == before


def test_someone_else_s_pending_proposal_is_shown_but_not_editable(world: World) -> None:
    services.campaign_assign(
        actor=world.coordinator, campaign=world.campaign, recommendations=world.finance_recs[:1], assignee=world.facilitator
    )
    assignment = CampaignAssignment.objects.get()
    services.assessment_propose(actor=world.facilitator, assignment=assignment, **proposal_data())
    url = f"/fr/gestion/campagnes/{world.campaign.pk}/recommandations/{world.finance_recs[0].pk}/"
    before = registry_snapshot()

    page = signed_in(world.lead).get(url)

    assert "a déjà fait une proposition pour cette recommandation" in page.text
    assert '<form class="form" method="post"' not in page.text
    assert signed_in(world.lead).post(url, form_post(status="done")).status_code == 403
    assert registry_snapshot() == before


# --- review and publication ------------------------------------------------------------


@pytest.fixture
def proposals(world: World) -> list[Assessment]:
    services.campaign_assign(
        actor=world.coordinator, campaign=world.campaign, recommendations=world.finance_recs, assignee=world.facilitator
    )
    return [
        services.assessment_propose(actor=world.facilitator, assignment=a, **proposal_data())
        for a in CampaignAssignment.objects.order_by("recommendation__position")
    ]


def test_the_review_page_lists_proposals_with_their_evidence(world: World, proposals: list[Assessment]) -> None:
    response = signed_in(world.coordinator).get(f"/fr/gestion/campagnes/{world.campaign.pk}/relecture/")

    assert [a.pk for a in response.context["page_obj"].object_list] == [p.pk for p in proposals]
    assert "Marie Dupont (Directrice financière)" in response.text
    assert "À revoir en juin." in response.text  # the internal note, for the reviewers


def test_publishing_one_proposal(world: World, proposals: list[Assessment]) -> None:
    url = f"/fr/gestion/campagnes/{world.campaign.pk}/relecture/{proposals[0].pk}/"

    response = signed_in(world.coordinator).post(url, {"decision": "publish"}, follow=True)

    assert messages_of(response) == [f"{world.finance_recs[0].reference} : la proposition est publiée."]
    assert [a.pk for a in Assessment.objects.published()] == [proposals[0].pk]
    again = signed_in(world.coordinator).post(url, {"decision": "publish"}, follow=True)
    assert messages_of(again) == [f"{world.finance_recs[0].reference} : cette proposition avait déjà été traitée."]


def test_sending_a_proposal_back_needs_a_note(world: World, proposals: list[Assessment]) -> None:
    client = signed_in(world.coordinator)
    url = f"/fr/gestion/campagnes/{world.campaign.pk}/relecture/{proposals[0].pk}/"
    before = registry_snapshot()

    refused = client.post(url, {"decision": "return", "note": ""}, follow=True)

    assert messages_of(refused) == ["Expliquez à l’auteur·rice ce qu’il faut revoir."]
    assert registry_snapshot() == before
    client.post(url, {"decision": "return", "note": "Quelle direction ?"})
    page = signed_in(world.facilitator).get(f"/fr/gestion/campagnes/{world.campaign.pk}/recommandations/{world.finance_recs[0].pk}/")
    assert "L’équipe de coordination vous a renvoyé cette proposition :" in page.text
    assert "Quelle direction ?" in page.text


def test_publishing_many_at_once(world: World, proposals: list[Assessment]) -> None:
    other_campaign = services.campaign_open(actor=world.coordinator, name="Autre")
    ids = [p.pk for p in proposals]

    response = signed_in(world.coordinator).post(
        f"/fr/gestion/campagnes/{other_campaign.pk}/relecture/publier/", {"assessments": ids}, follow=True
    )
    assert messages_of(response) == [
        "Aucune proposition publiée : celles cochées avaient déjà été traitées."
    ]  # ids of another campaign are ignored

    response = signed_in(world.coordinator).post(
        f"/fr/gestion/campagnes/{world.campaign.pk}/relecture/publier/", {"assessments": ids}, follow=True
    )

    assert messages_of(response) == ["2 propositions publiées."]
    assert Assessment.objects.awaiting_review().count() == 0
    assert "Aucune proposition à relire" in response.text


def test_publishing_many_with_nothing_ticked(world: World, proposals: list[Assessment]) -> None:
    response = signed_in(world.coordinator).post(f"/fr/gestion/campagnes/{world.campaign.pk}/relecture/publier/", {}, follow=True)

    assert messages_of(response) == ["Cochez au moins une proposition à publier."]
    assert Assessment.objects.published().count() == 0


def test_department_leads_cannot_review(world: World, proposals: list[Assessment]) -> None:
    before = registry_snapshot()
    client = signed_in(world.lead)

    assert client.get(f"/fr/gestion/campagnes/{world.campaign.pk}/relecture/").status_code == 403
    assert (
        client.post(f"/fr/gestion/campagnes/{world.campaign.pk}/relecture/{proposals[0].pk}/", {"decision": "publish"}).status_code == 403
    )
    assert (
        client.post(f"/fr/gestion/campagnes/{world.campaign.pk}/relecture/publier/", {"assessments": [proposals[0].pk]}).status_code == 403
    )
    assert registry_snapshot() == before


def test_a_missing_campaign_answers_404(world: World) -> None:
    client = signed_in(world.coordinator)

    for path in ("", "relecture/", f"recommandations/{world.finance_recs[0].pk}/"):
        assert client.get(f"/fr/gestion/campagnes/999999/{path}").status_code == 404
    assert client.post("/fr/gestion/campagnes/999999/cloturer/").status_code == 404
    assert client.post("/fr/gestion/campagnes/999999/attribuer/", {"scope": "matching"}).status_code == 404
