"""Forming the groups and their life: each group a project of kind "experiment"; places
proposed, moved, invited, accepted or declined within the delay, the next person offered a
place left; facilitators within their limit; meetings at a plain rhythm; the logbook and
the conclusion feed the project. Bad input: a clear message, nothing stored."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from cairn.accounts.tests.helpers import make_user
from cairn.events.models import Event, Kind
from cairn.experiments.factories import CallFactory, ExpressionFactory, GroupFactory, PlacementFactory, TopicFactory
from cairn.experiments.models import CallState, Group, GroupStatus, LogEntry, Placement, PlacementState
from cairn.experiments.services.calls import call_move
from cairn.experiments.services.groups import (
    facilitator_assign,
    group_create,
    invitation_answer,
    invitations_expire,
    placement_add,
    placement_move,
    topic_invite,
)
from cairn.experiments.services.life import action_add, group_move, log_entry_add, meetings_plan, rule_for
from cairn.projects.models import ProjectKind, ProjectStatus
from cairn.recommendations.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def _closed_topic(**call: object):
    topic = TopicFactory(call=CallFactory(state=CallState.CLOSED, **call))
    topic.recommendations.add(RecommendationFactory())
    return topic


def test_a_group_is_a_project_of_kind_experiment_linked_to_the_topics_recommendations() -> None:
    topic = _closed_topic()
    group = group_create(actor=make_user("coordination"), topic=topic, name="Afterworks de Liège", online=True)
    assert group.project.kind == ProjectKind.EXPERIMENT
    assert list(group.project.recommendations.all()) == list(topic.recommendations.all())


def test_groups_per_topic_are_capped_and_open_calls_form_none() -> None:
    topic = _closed_topic(max_groups_per_topic=1)
    group_create(actor=None, topic=topic, name="Un", online=True)
    with pytest.raises(ValidationError, match="nombre maximal"):
        group_create(actor=None, topic=topic, name="Deux", online=True)
    with pytest.raises(ValidationError):
        group_create(actor=None, topic=TopicFactory(), name="Trop tôt", online=True)
    assert Group.objects.count() == 1


def test_a_member_is_never_placed_in_two_groups_of_one_topic() -> None:
    topic = _closed_topic()
    first, second = GroupFactory(topic=topic), GroupFactory(topic=topic)
    member = make_user("member")
    placement_add(actor=None, group=first, user=member)
    with pytest.raises(ValidationError, match="déjà une place"):
        placement_add(actor=None, group=second, user=member)
    assert Placement.objects.filter(user=member).count() == 1
    placement = placement_move(actor=None, placement=Placement.objects.get(user=member), group=second)
    assert placement.group == second


def test_a_facilitator_over_their_limit_is_refused() -> None:
    topic = _closed_topic(facilitator_max_groups=1)
    facilitator = make_user("facilitator")
    facilitator_assign(actor=None, group=GroupFactory(topic=topic), user=facilitator)
    other = GroupFactory(topic=topic)
    with pytest.raises(ValidationError, match="le maximum"):
        facilitator_assign(actor=None, group=other, user=facilitator)
    other.refresh_from_db()
    assert other.facilitator is None
    with pytest.raises(ValidationError, match="rôle"):
        facilitator_assign(actor=None, group=other, user=make_user("member"))


def test_invitations_are_emailed_accepted_once_and_never_after_they_expire(django_capture_on_commit_callbacks) -> None:
    topic = _closed_topic()
    group = group_create(actor=None, topic=topic, name="Petits-déjeuners", online=True)
    member, late = make_user("member"), make_user("member")
    placement_add(actor=None, group=group, user=member)
    placement_add(actor=None, group=group, user=late)
    with django_capture_on_commit_callbacks(execute=True):
        assert topic_invite(actor=None, topic=topic) == 2
    assert len(mail.outbox) == 2
    assert "Petits-déjeuners" in mail.outbox[0].subject
    mine = Placement.objects.get(user=member)
    invitation_answer(user=member, placement=mine, accept=True)
    assert member in group.project.team.all()
    with pytest.raises(ValidationError, match="déjà répondu"):
        invitation_answer(user=member, placement=mine, accept=True)
    theirs = Placement.objects.get(user=late)
    Placement.objects.filter(pk=theirs.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="expiré"):
        invitation_answer(user=late, placement=theirs, accept=True)
    theirs.refresh_from_db()
    assert theirs.state == PlacementState.INVITED


def test_a_place_declined_or_expired_goes_to_the_next_interested_person(django_capture_on_commit_callbacks) -> None:
    topic = _closed_topic()
    group = group_create(actor=None, topic=topic, name="Cercle", online=True)
    first, second, third = (ExpressionFactory(topic=topic) for _n in range(3))
    placement_add(actor=None, group=group, user=first.user)
    topic_invite(actor=None, topic=topic)
    invitation_answer(user=first.user, placement=Placement.objects.get(user=first.user), accept=False)
    offered = Placement.objects.get(user=second.user)
    assert offered.state == PlacementState.INVITED and offered.group == group
    Placement.objects.filter(pk=offered.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    assert invitations_expire() == 1
    assert Placement.objects.get(user=third.user).state == PlacementState.INVITED


def test_the_unplaced_are_told_why_when_the_groups_are_formed(django_capture_on_commit_callbacks) -> None:
    topic = _closed_topic()
    ExpressionFactory(topic=topic, keep_informed=True)
    with django_capture_on_commit_callbacks(execute=True):
        call_move(actor=None, call=topic.call, move="groups_formed")
    assert len(mail.outbox) == 1
    assert "prochain appel" in mail.outbox[0].body


def test_meetings_at_a_plain_rhythm_become_a_series_on_the_agenda() -> None:
    group = group_create(actor=None, topic=_closed_topic(), name="Afterworks", online=True)
    first = (timezone.localtime() + datetime.timedelta(days=10)).replace(tzinfo=None, hour=18, minute=0, second=0, microsecond=0)
    series = meetings_plan(
        actor=None, group=group, rhythm="monthly", first_start=first, duration=datetime.timedelta(hours=2), address="Rue X 1"
    )
    assert series.rule.startswith("FREQ=MONTHLY;BYDAY=")
    events = Event.objects.filter(series=series)
    assert events.count() >= 10 and all(e.kind == Kind.EXPERIMENT_MEETING for e in events)
    assert set(events.first().projects.all()) == {group.project}
    assert rule_for("fortnightly", datetime.datetime(2027, 1, 7, 18, tzinfo=datetime.UTC)) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"
    assert rule_for("monthly", datetime.datetime(2027, 1, 29, 18, tzinfo=datetime.UTC)) == "FREQ=MONTHLY;BYDAY=-1FR"


def test_an_action_due_before_it_was_created_is_refused() -> None:
    group = GroupFactory()
    with pytest.raises(ValidationError) as error:
        action_add(actor=None, group=group, title="Réserver", due_on=timezone.localdate() - datetime.timedelta(days=1))
    assert "due_on" in error.value.message_dict
    assert not group.actions.exists()


def test_highlights_and_the_conclusion_become_project_updates() -> None:
    group = group_create(actor=None, topic=_closed_topic(), name="Cercle", online=True)
    log_entry_add(actor=None, group=group, kind="learned", posted_on=timezone.localdate(), text="Le jeudi marche mieux.", highlight=True)
    log_entry_add(actor=None, group=group, kind="tried", posted_on=timezone.localdate(), text="Brouillon interne.")
    assert [u.text for u in group.project.updates.all()] == ["Le jeudi marche mieux."]
    group = group_move(actor=None, group=group, status=GroupStatus.ACTIVE)
    with pytest.raises(ValidationError):
        group_move(actor=None, group=group, status=GroupStatus.CONCLUDED, conclusion="", outcome="")
    group = group_move(actor=None, group=group, status=GroupStatus.CONCLUDED, conclusion="Six afterworks.", outcome="scale_up")
    group.project.refresh_from_db()
    assert group.project.status == ProjectStatus.DONE
    assert "Six afterworks." in group.project.updates.first().text
    assert LogEntry.objects.filter(group=group).count() == 2


def test_the_group_page_shows_details_only_to_its_people(client: Client) -> None:
    group = GroupFactory(goal="Se retrouver chaque mois")
    member = PlacementFactory(group=group).user
    log_entry_add(actor=None, group=group, kind="tried", posted_on=timezone.localdate(), text="Note interne au groupe")
    action_add(actor=None, group=group, title="Réserver la salle")
    public = client.get(f"/fr/experimentations/groupes/{group.pk}/").content.decode()
    assert "Se retrouver chaque mois" in public
    assert "Note interne au groupe" not in public and "Réserver la salle" not in public
    client.force_login(member)
    inside = client.get(f"/fr/experimentations/groupes/{group.pk}/").content.decode()
    assert "Note interne au groupe" in inside and "Réserver la salle" in inside


def test_a_forged_group_id_is_404(client: Client) -> None:
    client.force_login(make_user("coordination"))
    assert client.get("/fr/experimentations/groupes/999999/").status_code == 404
    assert client.post("/fr/experimentations/groupes/999999/carnet/", {"text": "x"}).status_code == 404
    topic = _closed_topic()
    GroupFactory(topic=topic)
    response = client.post(f"/fr/gestion/experimentations/sujets/{topic.pk}/groupes/", {"do": "place", "expression": "1", "group": "abc"})
    assert response.status_code == 404


def test_the_conclusion_offers_the_team_to_assess_the_recommendations(client: Client) -> None:
    staff = make_user("coordination")
    group = group_create(actor=staff, topic=_closed_topic(), name="Cercle", online=True)
    group_move(actor=staff, group=group, status=GroupStatus.ACTIVE)
    client.force_login(staff)
    response = client.post(
        f"/fr/experimentations/groupes/{group.pk}/etat/", {"status": "concluded", "conclusion": "Fait.", "outcome": "continue"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/fr/gestion/projets/{group.project.pk}/evaluer/"


def test_the_facilitator_page_flags_a_lapsed_rhythm(client: Client) -> None:
    facilitator = make_user("facilitator")
    group = GroupFactory(facilitator=facilitator, status=GroupStatus.ACTIVE, rhythm="weekly")
    Group.objects.filter(pk=group.pk).update(updated_at=timezone.now() - datetime.timedelta(days=30))
    client.force_login(facilitator)
    page = client.get("/fr/experimentations/animation/")
    assert page.status_code == 200
    assert [g.pk for g in page.context["page"].lapsed] == [group.pk]


def test_a_logbook_entry_notifies_the_groups_members_and_followers(django_capture_on_commit_callbacks) -> None:
    from cairn.notifications.models import Notification

    group = GroupFactory()
    member = PlacementFactory(group=group).user
    outsider = make_user("member")
    with django_capture_on_commit_callbacks(execute=True):
        log_entry_add(actor=None, group=group, kind="decision", posted_on=timezone.localdate(), text="On se voit le jeudi.")
    assert Notification.objects.filter(user=member).count() == 1
    assert not Notification.objects.filter(user=outsider).exists()


def test_a_member_who_accepts_gets_the_groups_meetings_as_ics_in_their_language(django_capture_on_commit_callbacks) -> None:
    group = group_create(actor=None, topic=_closed_topic(), name="Intervisie", online=True, languages="nl")
    start = (timezone.localtime() + datetime.timedelta(days=5)).replace(tzinfo=None, hour=19, minute=0, second=0, microsecond=0)
    meetings_plan(
        actor=None,
        group=group,
        rhythm="monthly",
        first_start=start,
        duration=datetime.timedelta(hours=1),
        online_url="https://visio.example.org/x",
    )
    member = make_user("member", profile__language="nl")
    placement = placement_add(actor=None, group=group, user=member)
    topic_invite(actor=None, topic=group.topic)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_answer(user=member, placement=Placement.objects.get(pk=placement.pk), accept=True)
    (welcome,) = mail.outbox
    assert welcome.subject == "Welkom in de groep ‘Intervisie’"
    _name, content, mimetype = welcome.attachments[0]
    text = content.decode() if isinstance(content, bytes) else content
    assert mimetype == "text/calendar" and "BEGIN:VEVENT" in text and "visio.example.org" in text


def test_the_monthly_check_in_asks_each_facilitator_once_a_month(django_capture_on_commit_callbacks) -> None:
    from cairn.experiments.services.life import checkins_request
    from cairn.projects.models import UpdateRequest

    facilitator = make_user("facilitator")
    group = group_create(actor=None, topic=_closed_topic(), name="Cercle", online=True)
    group = facilitator_assign(actor=None, group=group, user=facilitator)
    group_move(actor=None, group=group, status=GroupStatus.ACTIVE)
    GroupFactory(facilitator=facilitator)  # forming, without a project: not asked
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert checkins_request() == 1
    assert UpdateRequest.objects.get().recipient == facilitator
    assert len(mail.outbox) == 1
    assert checkins_request() == 0  # still pending, and asked this month
    assert checkins_request(now=timezone.now() + datetime.timedelta(days=40)) == 0  # still pending


def test_a_group_open_to_new_members_takes_requests_the_facilitator_answers(client: Client) -> None:
    facilitator = make_user("facilitator")
    group = group_create(actor=None, topic=_closed_topic(), name="Afterworks", online=True)
    group = facilitator_assign(actor=None, group=group, user=facilitator)
    member = make_user("member")
    client.force_login(member)
    refused = client.post(f"/fr/experimentations/groupes/{group.pk}/rejoindre/", follow=True)
    assert "n’accueille pas de nouveaux membres" in refused.content.decode()
    Group.objects.filter(pk=group.pk).update(open_to_requests=True)
    client.post(f"/fr/experimentations/groupes/{group.pk}/rejoindre/")
    request = Placement.objects.get(user=member)
    assert request.state == PlacementState.REQUESTED
    assert client.post(f"/fr/experimentations/groupes/{group.pk}/demandes/{request.pk}/accepter/").status_code == 404
    client.force_login(facilitator)
    client.post(f"/fr/experimentations/groupes/{group.pk}/demandes/{request.pk}/accepter/")
    request.refresh_from_db()
    assert request.state == PlacementState.ACCEPTED
    assert member in group.project.team.all()


def test_someone_elses_invitation_is_404_and_stays_as_it_was() -> None:
    """Accepting or declining goes through the member's own places only: another member's
    invitation looks missing, whichever answer is posted."""
    invitation = PlacementFactory(state=PlacementState.INVITED)
    client = Client()
    client.force_login(make_user("member"))

    assert client.post(f"/fr/experimentations/invitations/{invitation.pk}/accepter/").status_code == 404
    assert client.post(f"/fr/experimentations/invitations/{invitation.pk}/decliner/").status_code == 404
    invitation.refresh_from_db()
    assert invitation.state == PlacementState.INVITED


def test_an_action_s_owner_is_chosen_among_the_group_s_people_by_name_never_by_address(client: Client) -> None:
    from cairn.accounts.factories import UserFactory
    from cairn.experiments.models import Action

    group = GroupFactory()
    member = PlacementFactory(group=group, user=UserFactory(email="ines@example.org", profile__display_name="Inès Peeters")).user
    outsider = UserFactory(profile__display_name="Hors Groupe")
    client.force_login(member)
    url = f"/fr/experimentations/groupes/{group.pk}/actions/"

    page = client.get(url)

    assert f'type="radio" name="owner" value="{member.pk}"' in page.text and "Inès Peeters" in page.text
    assert "ines@example.org" not in page.text and "Hors Groupe" not in page.text

    refused = client.post(url, {"title": "Réserver", "owner": str(outsider.pk)})
    assert refused.status_code == 400 and not Action.objects.exists()
    assert refused.context["form"].errors["owner"] == ["Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."]

    assert client.post(url, {"title": "Réserver", "owner": str(member.pk)}).status_code == 302
    assert Action.objects.get().owner == member
