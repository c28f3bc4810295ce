"""The hackathons' pages through the client: what each shows, escaped user text, the chain
on the recommendation's page, bad input answered with a translated message and nothing
stored, and query counts pinned at two sizes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cairn.accounts.factories import UserFactory
from cairn.accounts.tests.helpers import make_user
from cairn.hackathons.models import Hackathon, Membership, Participant, Phase, Question, Team, Vote
from cairn.hackathons.services.hackathons import hackathon_set_phase
from cairn.hackathons.services.teams import teams_apply, teams_request
from cairn.hackathons.tests.helpers import new_hackathon, register_many
from cairn.tests.page_snapshots import main_content

pytestmark = pytest.mark.django_db


def with_teams(count: int, django_capture_on_commit_callbacks) -> tuple[Hackathon, object]:  # type: ignore[no-untyped-def]
    organiser = make_user("coordination")
    hackathon = new_hackathon(organiser, capacity=200)
    register_many(hackathon, count)
    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.TEAMS)
    with django_capture_on_commit_callbacks(execute=True):
        teams_request(actor=organiser, hackathon=hackathon)
    return hackathon, organiser


def queries(client: Client, url: str) -> int:
    """The queries of one GET of ``url`` (which must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_the_list_and_the_home_page_show_hackathons(client: Client) -> None:
    hackathon = new_hackathon()
    assert hackathon.title.encode() in client.get("/fr/hackathons/").content
    home = client.get("/fr/").content.decode()
    assert "Les prochains hackathons" in home and hackathon.get_absolute_url() in home


def test_a_member_proposes_a_question_from_a_recommendation_page(client: Client) -> None:
    organiser = UserFactory(roles=["coordination"])
    hackathon = new_hackathon(organiser)
    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.CALL)
    recommendation = hackathon.questions.first().recommendations.first()
    member = UserFactory()
    client.force_login(member)
    page = client.get(f"/fr/recommandations/{recommendation.reference}/").content.decode()
    url = f"/fr/hackathons/{hackathon.slug}/proposer/{recommendation.pk}/"
    assert url in page

    refused = client.post(url, {"title": "Pas une question"})
    assert refused.status_code == 400
    assert "se termine par « ? »" in refused.content.decode()
    assert not Question.objects.filter(title="Pas une question").exists()

    client.post(url, {"title": "Comment <b>ouvrir</b> le guichet ?", "context": ""})
    question = Question.objects.get(title="Comment <b>ouvrir</b> le guichet ?")
    assert question.status == "proposed" and question.proposed_by == member
    page = client.get(f"/fr/recommandations/{recommendation.reference}/").content.decode()
    assert "Comment &lt;b&gt;ouvrir&lt;/b&gt; le guichet ?" in page


def test_registration_keeps_the_details_and_refuses_bad_input(client: Client) -> None:
    hackathon = new_hackathon(capacity=1)
    questions = list(hackathon.questions.values_list("pk", flat=True))
    day = hackathon.event.starts_at.date().isoformat()
    member = UserFactory()
    client.force_login(member)
    url = f"/fr/hackathons/{hackathon.slug}/inscription/"
    assert client.get(url).status_code == 200
    data = {"role": "legal_finance", "skills": "droit, budgets", "first_choice": questions[1], "languages": ["fr"], "availability": [day]}
    forged = client.post(url, {**data, "first_choice": 999999})
    assert forged.status_code == 400
    assert not Participant.objects.exists()
    response = client.post(url, {**data, "first_participation": "on"})
    assert response.status_code == 302
    participant = Participant.objects.get(user=member)
    assert participant.preferences == [questions[1]] and participant.skills == ["droit", "budgets"] and participant.first_participation
    second = UserFactory()
    client.force_login(second)
    client.post(url, data)
    assert hackathon.event.registrations.get(user=second).status == "waitlisted"

    hackathon_set_phase(actor=UserFactory(roles=["coordination"]), hackathon=hackathon, phase=Phase.TEAMS)
    late = UserFactory()
    client.force_login(late)
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "ne sont pas ouvertes" in refused.content.decode()
    assert not Participant.objects.filter(user=late).exists()


def test_a_vote_for_a_forged_team_and_a_second_vote(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    hackathon, organiser = with_teams(9, django_capture_on_commit_callbacks)
    other, _ = with_teams(6, django_capture_on_commit_callbacks)
    for phase in (Phase.RUNNING, Phase.JUDGING):
        hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=phase)
    member = UserFactory()
    client.force_login(member)
    foreign = Team.objects.filter(hackathon=other).first()
    response = client.post(f"/fr/hackathons/{hackathon.slug}/vote/", {"team": foreign.pk}, follow=True)
    assert "n’appartient pas à ce hackathon" in response.content.decode()
    assert not Vote.objects.exists()
    first, second = Team.objects.filter(hackathon=hackathon)[:2]
    client.post(f"/fr/hackathons/{hackathon.slug}/vote/", {"team": first.pk})
    client.post(f"/fr/hackathons/{hackathon.slug}/vote/", {"team": second.pk})
    assert list(Vote.objects.values_list("team_id", flat=True)) == [second.pk]


def test_an_organiser_moves_someone_into_a_full_team(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    hackathon, organiser = with_teams(10, django_capture_on_commit_callbacks)
    client.force_login(organiser)
    team = max(Team.objects.filter(hackathon=hackathon), key=lambda t: t.memberships.count())
    for _ in range(hackathon.team_max_size - team.memberships.count()):
        outsider = Membership.objects.filter(team__hackathon=hackathon).exclude(team=team).first()
        client.post(
            f"/fr/hackathons/{hackathon.slug}/organisation/equipes/placer/",
            {"participant": outsider.participant_id, "question": team.question_id, "number": team.number + 1},
        )
    outsider = Membership.objects.filter(team__hackathon=hackathon).exclude(team=team).first()
    response = client.post(
        f"/fr/hackathons/{hackathon.slug}/organisation/equipes/placer/",
        {"participant": outsider.participant_id, "question": team.question_id, "number": team.number + 1},
        follow=True,
    )
    assert "Cette équipe est complète" in response.content.decode()
    assert Membership.objects.get(pk=outsider.pk).team_id == outsider.team_id
    assert Membership.objects.filter(team=team, locked=True).exists()


def test_a_stale_formation_writes_nothing(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    """Two organisers ask at once: the earlier round's result arrives last and is dropped."""
    from cairn.core import grouping
    from cairn.hackathons.services.teams import grouping_input

    hackathon, organiser = with_teams(9, django_capture_on_commit_callbacks)
    before = sorted(Membership.objects.values_list("participant_id", "team_id"))
    people, targets, settings = grouping_input(hackathon)
    stale = grouping.form_groups(people, targets, settings)
    teams_request(actor=organiser, hackathon=hackathon)  # a newer request: round + 1
    assert not teams_apply(hackathon_id=hackathon.pk, round=hackathon.formation_round - 1, result=stale)
    assert sorted(Membership.objects.values_list("participant_id", "team_id")) == before


# --- Query counts ----------------------------------------------------------------------------


#: Each page's queries as an organiser sees it, the same with 6 or 24 participants. The
#: board's first request also reads the 18 queries of its key's stamps (those of a
#: visitor's hackathon page, ``test_hackathon_page_kept``) and builds its kept blocks; a
#: team's first request reads the 21 of its own (``views/public._team_stamps``), then the
#: hackathon, its organisers, the team with its members, its logbook, files, versions,
#: mentors and their slots.
PINNED = {"hackathon": 23, "question": 8, "team": 31, "board": 43, "results": 23}
#: A team's page again, kept: the signed-in page's two queries, nothing else (who may read
#: it is kept with it, under the same stamps).
TEAM_KEPT = 2
#: The board again, kept: the signed-in page (1 session, 2 the account), nothing else (who
#: may organise it is kept with it, under the same stamps).
BOARD_KEPT = 2


@pytest.mark.parametrize("size", [6, 24])
@pytest.mark.parametrize("page", sorted(PINNED))
def test_page_queries_are_pinned_at_two_sizes(  # type: ignore[no-untyped-def]
    client: Client, django_capture_on_commit_callbacks, django_assert_num_queries, page: str, size: int
) -> None:
    hackathon, organiser = with_teams(size, django_capture_on_commit_callbacks)
    if page == "results":
        for phase in (Phase.RUNNING, Phase.JUDGING, Phase.RESULTS):
            hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=phase)
    team = Team.objects.filter(hackathon=hackathon).first()
    assert team is not None and Team.objects.filter(hackathon=hackathon).count() >= (2 if size == 6 else 5)
    question = team.question
    client.force_login(organiser)
    url = {
        "hackathon": f"/fr/hackathons/{hackathon.slug}/",
        "question": f"/fr/hackathons/{hackathon.slug}/questions/{question.pk}/",
        "team": f"/fr/hackathons/{hackathon.slug}/equipes/{team.pk}/",
        "board": f"/fr/hackathons/{hackathon.slug}/organisation/",
        "results": f"/fr/hackathons/{hackathon.slug}/",
    }[page]
    with django_assert_num_queries(PINNED[page]):
        response = client.get(url)
    assert response.status_code == 200, url
    if page in ("board", "team"):
        with django_assert_num_queries(BOARD_KEPT if page == "board" else TEAM_KEPT):
            again = client.get(url)
        assert main_content(again) == main_content(response)


def test_the_team_logbook_is_the_team_s_and_the_organisers(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from cairn.hackathons.models import TeamPost

    hackathon, _organiser = with_teams(6, django_capture_on_commit_callbacks)
    team = Team.objects.filter(hackathon=hackathon).first()
    member = team.memberships.first().participant.user
    url = f"/fr/hackathons/{hackathon.slug}/equipes/{team.pk}/"
    client.force_login(member)
    client.post(url + "journal/", {"text": "Premier test <script>alert(1)</script>"})
    page = client.get(url).content.decode()
    assert "Premier test &lt;script&gt;" in page
    client.post(url + "journal/", {"text": "   "})
    assert TeamPost.objects.count() == 1

    outsider = UserFactory()
    client.force_login(outsider)
    assert client.post(url + "journal/", {"text": "Intrus"}).status_code == 403
    assert "Premier test" not in client.get(url).content.decode()
    assert TeamPost.objects.count() == 1


def test_members_form_a_team_others_apply_and_the_team_accepts(client: Client) -> None:
    organiser = make_user("coordination")
    hackathon = new_hackathon(organiser, capacity=50)
    founder, applicant, late = register_many(hackathon, 3)
    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.TEAMS)
    question = hackathon.questions.first()
    client.force_login(founder)
    client.post(f"/fr/hackathons/{hackathon.slug}/equipes/former/", {"question": question.pk, "open_roles": ["design", "legal_finance"]})
    team = Team.objects.get(hackathon=hackathon, memberships__participant__user=founder)
    assert team.open_roles == ["design", "legal_finance"]
    assert client.post(f"/fr/hackathons/{hackathon.slug}/equipes/former/", {"question": question.pk}, follow=True).status_code == 200
    assert Team.objects.filter(hackathon=hackathon).count() == 1  # already in a team: refused

    client.force_login(applicant)
    page = client.get(team.get_absolute_url()).content.decode()
    assert "Design, Juridique et finances" in page
    client.post(f"/fr/hackathons/{hackathon.slug}/equipes/{team.pk}/candidater/")
    from cairn.hackathons.models import Application

    application = Application.objects.get(team=team)
    # Only the team decides: the applicant cannot accept themselves.
    response = client.post(f"/fr/hackathons/{hackathon.slug}/candidatures/{application.pk}/accepter/", follow=True)
    assert "Seuls les membres de l’équipe décident" in response.content.decode()
    client.force_login(founder)
    client.post(f"/fr/hackathons/{hackathon.slug}/candidatures/{application.pk}/accepter/")
    assert set(team.memberships.values_list("participant__user", flat=True)) == {founder.pk, applicant.pk}
    assert all(m.locked for m in team.memberships.all())  # Cairn's formation keeps them
    assert late.pk not in set(team.memberships.values_list("participant__user", flat=True))


def test_a_question_s_sponsor_is_found_by_name_never_from_a_list_of_addresses(client: Client) -> None:
    organiser = make_user("coordination")
    hackathon = new_hackathon(organiser)
    lead = UserFactory(email="an.lead@example.org", roles=["department_lead"], profile__display_name="An Verbeke")
    client.force_login(organiser)
    url = f"/fr/hackathons/{hackathon.slug}/organisation/questions/nouvelle/"

    assert "an.lead@example.org" not in client.get(url).text  # no select of every account
    searched = client.post(url, {"title": "Comment ?", "sponsor__q": "verbe", "people_search": "sponsor"})

    assert searched.status_code == 200 and not hackathon.questions.filter(title="Comment ?").exists()
    assert f'name="sponsor" value="{lead.pk}"' in searched.text and "An Verbeke" in searched.text
    assert "an.lead@example.org" not in searched.text

    recommendation = hackathon.questions.first().recommendations.first()
    saved = client.post(url, {"title": "Comment ?", "sponsor": str(lead.pk), "recommendations": str(recommendation.pk)})
    assert saved.status_code == 302, saved.context["form"].errors
    assert hackathon.questions.get(title="Comment ?").sponsor == lead
