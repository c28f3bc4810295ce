"""A team formation that cannot keep its rules or locks writes no team: the organisers read
why on their board (the stored outcome of the run) and each gets an e-mail, once."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from cairn.accounts.tests.helpers import make_user
from cairn.hackathons.models import FormationStatus, Hackathon, Membership, Participant, Phase
from cairn.hackathons.services.hackathons import hackathon_set_phase
from cairn.hackathons.services.participants import hackathon_days, participant_register
from cairn.hackathons.services.teams import membership_move, teams_request
from cairn.hackathons.tasks import form_teams
from cairn.hackathons.tests.helpers import new_hackathon, register_many

pytestmark = pytest.mark.django_db


def formed(count: int, django_capture_on_commit_callbacks, *, speakers: dict[str, list[str]] | None = None):  # type: ignore[no-untyped-def]
    """A hackathon in the teams phase with ``count`` participants (and one per ``speakers``
    entry speaking only those languages), its teams formed once."""
    organiser = make_user("coordination")
    hackathon = new_hackathon(organiser, capacity=100)
    register_many(hackathon, count)
    questions = list(hackathon.questions.values_list("pk", flat=True))
    extra = {}
    for name, languages in (speakers or {}).items():
        user = make_user("member")
        extra[name], _registration = participant_register(
            hackathon=hackathon,
            user=user,
            role="design",
            skills=[],
            preferences=questions[:1],
            languages=languages,
            availability=hackathon_days(hackathon),
            first_participation=False,
        )
    hackathon_set_phase(actor=organiser, hackathon=hackathon, phase=Phase.TEAMS)
    with django_capture_on_commit_callbacks(execute=True):
        teams_request(actor=organiser, hackathon=hackathon)
    hackathon.refresh_from_db()
    assert hackathon.formation_status == FormationStatus.DONE
    return hackathon, organiser, extra


def roomiest_team(hackathon: Hackathon):  # type: ignore[no-untyped-def]
    """The question and team number with the fewest members (a free number counts as empty)."""
    sizes = {(q, n): 0 for q in hackathon.questions.all() for n in range(hackathon.teams_per_question)}
    for membership in Membership.objects.filter(team__hackathon=hackathon).select_related("team__question"):
        sizes[membership.team.question, membership.team.number] += 1
    return min(sizes, key=lambda key: (sizes[key], key[0].pk, key[1]))


def placements(hackathon: Hackathon) -> list[tuple[int, int]]:
    return sorted(Membership.objects.filter(team__hackathon=hackathon).values_list("participant_id", "team_id"))


def test_locks_without_a_common_language_write_nothing_and_the_board_says_why(  # type: ignore[no-untyped-def]
    client: Client, django_capture_on_commit_callbacks
) -> None:
    hackathon, organiser, extra = formed(9, django_capture_on_commit_callbacks, speakers={"dutch": ["nl"], "french": ["fr"]})
    question, number = roomiest_team(hackathon)
    for participant in (extra["dutch"], extra["french"]):  # one team, no language in common
        membership_move(actor=organiser, hackathon=hackathon, participant=participant, question=question, number=number)
    before = placements(hackathon)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        teams_request(actor=organiser, hackathon=hackathon)

    hackathon.refresh_from_db()
    assert placements(hackathon) == before
    assert hackathon.formation_status == FormationStatus.FAILED
    assert hackathon.formation_reason == {"code": "no_solution", "data": {"locked": True}}
    assert hackathon.formation_finished_at is not None
    assert [m.to for m in mail.outbox] == [[organiser.email]]
    assert "les équipes n’ont pas pu être formées" in mail.outbox[0].subject
    assert "Aucune répartition ne garde toutes les personnes verrouillées" in mail.outbox[0].body
    assert "Aucune répartition ne garde toutes les personnes verrouillées" in mail.outbox[0].alternatives[0][0]

    client.force_login(organiser)
    page = client.get(f"/fr/hackathons/{hackathon.slug}/organisation/").content.decode()
    assert 'id="formation-refused"' in page
    assert "n’a écrit aucune équipe" in page and "Déverrouillez ou déplacez quelques personnes" in page
    page = client.get(f"/en/hackathons/{hackathon.slug}/organisation/").content.decode()
    assert "No split keeps every locked person" in page

    # The worker runs the same round again: nothing is recorded or sent twice.
    assert form_teams.call(hackathon_id=hackathon.pk, round=hackathon.formation_round) is False
    assert len(mail.outbox) == 1


def test_more_locked_people_than_a_team_may_hold(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    """The organisers locked four people in a team, then lowered the teams' size to three."""
    hackathon, organiser, _extra = formed(12, django_capture_on_commit_callbacks)
    question, number = roomiest_team(hackathon)
    for participant in Participant.objects.filter(hackathon=hackathon).exclude(
        membership__team__question=question, membership__team__number=number
    )[:4]:
        membership_move(actor=organiser, hackathon=hackathon, participant=participant, question=question, number=number)
    Hackathon.objects.filter(pk=hackathon.pk).update(team_min_size=2, team_max_size=3)
    before = placements(hackathon)
    with django_capture_on_commit_callbacks(execute=True):
        teams_request(actor=organiser, hackathon=hackathon)

    hackathon.refresh_from_db()
    assert placements(hackathon) == before
    assert hackathon.formation_reason["code"] == "locks_over_size"
    assert hackathon.formation_reason["data"] | {} == {
        "target": question.pk,
        "number": number,
        "size": 4,
        "max_size": 3,
        "question": question.title,
    }
    client.force_login(organiser)
    page = client.get(f"/en/hackathons/{hackathon.slug}/organisation/").content.decode()
    assert 'id="formation-refused"' in page and f"locked in team {number + 1} of the question" in page


def test_a_new_request_shows_the_formation_running_then_done(client: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    hackathon, organiser, _extra = formed(9, django_capture_on_commit_callbacks)
    teams_request(actor=organiser, hackathon=hackathon)  # not yet run: the worker has it
    client.force_login(organiser)
    page = client.get(f"/fr/hackathons/{hackathon.slug}/organisation/").content.decode()
    assert "Les équipes sont en cours de calcul" in page and 'id="formation-refused"' not in page
    form_teams.call(hackathon_id=hackathon.pk, round=hackathon.formation_round)
    page = client.get(f"/fr/hackathons/{hackathon.slug}/organisation/").content.decode()
    assert "Les équipes sont en cours de calcul" not in page and 'id="formation-refused"' not in page
