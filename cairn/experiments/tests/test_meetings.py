"""A group's meetings: the agenda before and the notes after (details for the group's own
people and the staff, a public summary for everyone), the decisions it keeps, and its
members registered for its own meetings through the events' service. Bad input: a clear
message, nothing stored."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from cairn.accounts.tests.helpers import make_user
from cairn.core.audit import history_of
from cairn.core.editing import StaleEdit, version_of
from cairn.events.factories import EventFactory
from cairn.events.models import Event, Kind, Registration, RegistrationStatus
from cairn.events.services.registrations import registration_cancel
from cairn.experiments.factories import CallFactory, TopicFactory
from cairn.experiments.models import CallState, Decision, MeetingRecord
from cairn.experiments.services.groups import facilitator_assign, group_create, invitation_answer, placement_add, topic_invite
from cairn.experiments.services.life import meeting_add, meetings_plan
from cairn.experiments.services.meetings import decision_add, meeting_record_write, meetings_register_members
from cairn.experiments.tasks import register_members

pytestmark = pytest.mark.django_db


def _group():
    topic = TopicFactory(call=CallFactory(state=CallState.CLOSED))
    return group_create(actor=None, topic=topic, name="Afterworks à Liège", online=True)


def _meeting(group, *, days: int, **fields):
    start = timezone.now() + datetime.timedelta(days=days)
    event = EventFactory(kind=Kind.EXPERIMENT_MEETING, starts_at=start, ends_at=start + datetime.timedelta(hours=2), **fields)
    event.projects.add(group.project)
    return event


def _member(group, **profile):
    user = make_user("member", **profile)
    placement_add(actor=None, group=group, user=user, state="accepted")
    return user


def test_agenda_and_notes_for_the_group_a_summary_for_everyone(client: Client) -> None:
    group = _group()
    member = _member(group)
    meeting = _meeting(group, days=-3)
    record = meeting_record_write(
        actor=member,
        group=group,
        event=meeting,
        agenda="1. Le lieu du prochain afterwork",
        notes="Nous choisissons <script>alert(1)</script> le café du coin.",
        summary="Le prochain afterwork aura lieu au café du coin.",
    )
    assert record.updated_by == member
    assert [e.action for e in history_of(group)][:1] == ["meeting_record"]
    page = f"/fr/experimentations/groupes/{group.pk}/"
    client.force_login(member)
    html = client.get(page).content.decode()
    assert "Le lieu du prochain afterwork" in html
    assert "<script>alert(1)</script>" not in html
    assert "le café du coin." in html
    client.logout()
    html = client.get(page).content.decode()
    assert "Le prochain afterwork aura lieu au café du coin." in html
    assert "Le lieu du prochain afterwork" not in html
    assert "Nous choisissons" not in html
    assert f"/reunions/{meeting.pk}/" not in html


def test_a_stale_edit_of_a_meeting_is_refused_and_changes_nothing(client: Client) -> None:
    group = _group()
    member, other = _member(group), _member(group)
    meeting = _meeting(group, days=2)
    url = f"/fr/experimentations/groupes/{group.pk}/reunions/{meeting.pk}/"
    client.force_login(member)
    # Both open the empty form; the other saves first; the member's edit is refused.
    opened = client.get(url).context["form"]["version"].value()
    assert not opened
    meeting_record_write(actor=other, group=group, event=meeting, agenda="Ordre du jour de l’autre")
    response = client.post(url, {"version": "", "agenda": "Le mien", "notes": "", "summary": ""})
    assert response.status_code == 400
    assert "Quelqu’un a modifié ces informations" in response.content.decode()
    record = MeetingRecord.objects.get(event=meeting)
    assert record.agenda == "Ordre du jour de l’autre"
    stale = version_of(record)
    meeting_record_write(actor=other, group=group, event=meeting, agenda="Version 2", expected_updated_at=record.updated_at)
    response = client.post(url, {"version": stale, "agenda": "Le mien", "notes": "", "summary": ""})
    assert response.status_code == 400
    assert MeetingRecord.objects.get(event=meeting).agenda == "Version 2"
    record.refresh_from_db()
    response = client.post(url, {"version": version_of(record), "agenda": "Le mien", "notes": "Compte rendu", "summary": ""})
    assert response.status_code == 302
    assert MeetingRecord.objects.get(event=meeting).notes == "Compte rendu"
    with pytest.raises(StaleEdit):
        meeting_record_write(actor=other, group=group, event=meeting, agenda="x", expected_new=True)


def test_another_groups_meeting_or_a_meetup_is_not_this_groups_meeting(client: Client) -> None:
    group, elsewhere = _group(), _group()
    member = _member(group)
    foreign = _meeting(elsewhere, days=1)
    meetup = _meeting(group, days=1)
    Event.objects.filter(pk=meetup.pk).update(kind=Kind.MEETUP)
    with pytest.raises(ValidationError, match="pas une réunion du groupe"):
        meeting_record_write(actor=member, group=group, event=foreign, agenda="x")
    client.force_login(member)
    for event in (foreign, meetup):
        assert client.get(f"/fr/experimentations/groupes/{group.pk}/reunions/{event.pk}/").status_code == 404
    assert not MeetingRecord.objects.exists()


def test_decisions_say_what_when_and_at_which_meeting(client: Client) -> None:
    group = _group()
    member = _member(group)
    meeting = _meeting(group, days=-7)
    today = timezone.localdate()
    decision = decision_add(actor=member, group=group, text="Un afterwork par mois, le jeudi.", decided_on=today, meeting=meeting)
    assert decision.author == member
    assert [e.action for e in history_of(group)][:1] == ["decision_add"]
    html = client.get(f"/fr/experimentations/groupes/{group.pk}/").content.decode()
    assert "Un afterwork par mois, le jeudi." in html
    assert "lors de la réunion du" in html


@pytest.mark.parametrize(
    ("days", "meeting_of", "field", "message"),
    [
        (1, None, "decided_on", "dans le futur"),
        (-10, "own", "decided_on", "précéder la réunion"),
        (0, "other", "meeting", "pas une réunion du groupe"),
    ],
)
def test_a_decision_in_the_future_before_its_meeting_or_at_another_groups_is_refused(
    client: Client, days: int, meeting_of: str | None, field: str, message: str
) -> None:
    group = _group()
    member = _member(group)
    meeting = {"own": lambda: _meeting(group, days=-7), "other": lambda: _meeting(_group(), days=-7)}.get(meeting_of or "", lambda: None)()
    decided_on = timezone.localdate() + datetime.timedelta(days=days)
    with pytest.raises(ValidationError) as refused:
        decision_add(actor=member, group=group, text="Décidé", decided_on=decided_on, meeting=meeting)
    assert message in " ".join(refused.value.message_dict[field])
    assert not Decision.objects.exists()
    if meeting_of != "other":
        client.force_login(member)
        response = client.post(
            f"/fr/experimentations/groupes/{group.pk}/decisions/",
            {"text": "Décidé", "decided_on": decided_on.isoformat(), "meeting": meeting.pk if meeting else ""},
        )
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not Decision.objects.exists()


def test_the_decision_form_offers_only_the_groups_meetings_held(client: Client) -> None:
    group = _group()
    member = _member(group)
    held, coming, foreign = _meeting(group, days=-3), _meeting(group, days=3), _meeting(_group(), days=-3)
    client.force_login(member)
    url = f"/fr/experimentations/groupes/{group.pk}/decisions/"
    choices = list(client.get(url).context["form"].fields["meeting"].queryset)
    assert choices == [held]
    response = client.post(url, {"text": "Décidé", "decided_on": timezone.localdate().isoformat(), "meeting": foreign.pk})
    assert response.status_code == 400
    assert not Decision.objects.exists()
    assert coming.pk not in [c.pk for c in choices]


# --- members registered for their group's own meetings ----------------------------------------


def _first_start() -> datetime.datetime:
    return (timezone.localtime() + datetime.timedelta(days=3)).replace(tzinfo=None, hour=18, minute=0, second=0, microsecond=0)


def test_planning_the_series_registers_the_members_and_facilitator_quietly(django_capture_on_commit_callbacks) -> None:
    group = _group()
    members = [_member(group), _member(group)]
    facilitator = make_user("facilitator")
    facilitator_assign(actor=None, group=group, user=facilitator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        series = meetings_plan(
            actor=None, group=group, rhythm="monthly", first_start=_first_start(), duration=datetime.timedelta(hours=2), address="Rue X 1"
        )
    meetings = Event.objects.filter(series=series)
    registered = Registration.objects.filter(event__in=meetings, status=RegistrationStatus.CONFIRMED)
    assert registered.count() == meetings.count() * 3
    assert set(registered.values_list("user", flat=True)) == {m.pk for m in members} | {facilitator.pk}
    assert all(event.confirmed_count == 3 for event in meetings)
    # No confirmation e-mail for each of a year's meetings (the events' reminders still come).
    assert mail.outbox == []
    # Running it again (the daily job) registers nobody twice.
    assert meetings_register_members(group=group) == 0
    assert register_members.call(group_id=None) == 0


def test_a_member_who_joins_is_registered_for_the_meetings_to_come(django_capture_on_commit_callbacks) -> None:
    group = _group()
    past = _meeting(group, days=-5)
    coming = _meeting(group, days=5)
    meetup = _meeting(group, days=6)
    Event.objects.filter(pk=meetup.pk).update(kind=Kind.MEETUP)
    newcomer = make_user("member")
    placement = placement_add(actor=None, group=group, user=newcomer)
    topic_invite(actor=None, topic=group.topic)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_answer(user=newcomer, placement=placement, accept=True)
    assert list(Registration.objects.filter(user=newcomer).values_list("event", flat=True)) == [coming.pk]
    assert not Registration.objects.filter(event__in=[past, meetup]).exists()


def test_capacity_holds_and_a_cancelled_registration_stays_cancelled(django_capture_on_commit_callbacks) -> None:
    group = _group()
    first, second = _member(group), _member(group)
    small = _meeting(group, days=4, capacity=1)
    assert meetings_register_members(group=group) == 2
    small.refresh_from_db()
    assert small.confirmed_count == 1
    statuses = dict(Registration.objects.filter(event=small).values_list("user", "status"))
    assert statuses == {first.pk: RegistrationStatus.CONFIRMED, second.pk: RegistrationStatus.WAITLISTED}
    registration_cancel(registration=Registration.objects.get(event=small, user=second))
    assert meetings_register_members(group=group) == 0
    assert Registration.objects.get(event=small, user=second).status == RegistrationStatus.CANCELLED


def test_a_meeting_added_on_its_own_registers_the_group_a_meetup_does_not(django_capture_on_commit_callbacks) -> None:
    group = _group()
    member = _member(group)
    start = timezone.now() + datetime.timedelta(days=8)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_add(
            actor=None, group=group, starts_at=start, duration=datetime.timedelta(hours=1), online_url="https://v.example.org/a"
        )
        meetup = meeting_add(
            actor=None, group=group, starts_at=start, duration=datetime.timedelta(hours=1), address="Rue X 1", meetup_format="afterwork"
        )
    assert Registration.objects.filter(user=member, event=meeting, status=RegistrationStatus.CONFIRMED).exists()
    assert not Registration.objects.filter(event=meetup).exists()
