"""Registrations: seats, waitlist, promotions and the refusals — each refused path checks
that nothing changed. This module is the tutorial of how events are tested: build with
factories, act through a service, assert the exact rows and e-mails."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.events.factories import EventFactory
from cairn.events.models import Event, Registration, RegistrationStatus
from cairn.events.services.events import event_create, event_update
from cairn.events.services.registrations import RegistrationRefused, registration_approve, registration_cancel, registration_register

pytestmark = pytest.mark.django_db(transaction=False)

C, W, P, X = RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.PENDING, RegistrationStatus.CANCELLED


def statuses(event: Event) -> list[tuple[str, str]]:
    return list(Registration.objects.filter(event=event).order_by("queued_at", "pk").values_list("user__email", "status"))


def test_seats_then_waitlist(django_capture_on_commit_callbacks) -> None:
    event = EventFactory(capacity=2)
    a, b, c = UserFactory(email="a@x.be"), UserFactory(email="b@x.be"), UserFactory(email="c@x.be")

    with django_capture_on_commit_callbacks(execute=True):
        for user in (a, b, c):
            registration_register(event=event, user=user)

    event.refresh_from_db()
    assert event.confirmed_count == 2
    assert statuses(event) == [("a@x.be", C), ("b@x.be", C), ("c@x.be", W)]
    subjects = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert ("a@x.be", f"Inscription confirmée : {event.title}") in subjects
    assert ("c@x.be", f"Liste d’attente : {event.title}") in subjects


def test_registering_twice_is_harmless(django_capture_on_commit_callbacks) -> None:
    event = EventFactory(capacity=5)
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        first = registration_register(event=event, user=user)
        second = registration_register(event=event, user=user)

    event.refresh_from_db()
    assert first.pk == second.pk
    assert event.confirmed_count == 1
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == 1


def test_cancel_promotes_the_first_waitlisted_and_tells_them(django_capture_on_commit_callbacks) -> None:
    event = EventFactory(capacity=1)
    a, b, c = UserFactory(email="a@x.be"), UserFactory(email="b@x.be"), UserFactory(email="c@x.be")
    first = registration_register(event=event, user=a)
    registration_register(event=event, user=b)
    registration_register(event=event, user=c)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = registration_cancel(registration=first)

    event.refresh_from_db()
    assert [r.user.email for r in promoted] == ["b@x.be"]
    assert statuses(event) == [("a@x.be", X), ("b@x.be", C), ("c@x.be", W)]
    assert event.confirmed_count == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [(["b@x.be"], f"Une place s’est libérée : vous êtes inscrit·e à {event.title}")]
    assert mail.outbox[0].attachments[0][0] == f"event-{event.pk}.ics"


def test_cancelling_a_waitlisted_place_frees_no_seat() -> None:
    event = EventFactory(capacity=1)
    registration_register(event=event, user=UserFactory())
    waiting = registration_register(event=event, user=UserFactory())

    assert registration_cancel(registration=waiting) == []
    event.refresh_from_db()
    assert event.confirmed_count == 1


def test_cancel_twice_is_harmless() -> None:
    event = EventFactory(capacity=3)
    registration = registration_register(event=event, user=UserFactory())
    registration_cancel(registration=registration)
    registration_cancel(registration=registration)
    event.refresh_from_db()
    assert event.confirmed_count == 0


def test_registering_again_after_cancelling_goes_to_the_end_of_the_queue() -> None:
    event = EventFactory(capacity=1)
    a, b = UserFactory(email="a@x.be"), UserFactory(email="b@x.be")
    reg_a = registration_register(event=event, user=a)
    registration_register(event=event, user=b)
    registration_cancel(registration=reg_a)  # b promoted

    again = registration_register(event=event, user=a)

    assert again.status == W
    assert statuses(event) == [("b@x.be", C), ("a@x.be", W)]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "cancelled"}, "Cet évènement est annulé : les inscriptions sont fermées."),
        ({"starts_at_delta": -1}, "Cet évènement a déjà commencé ou est passé : les inscriptions sont fermées."),
        ({"opens_delta": 2}, "Les inscriptions ne sont pas encore ouvertes."),
        ({"closes_delta": -1}, "Les inscriptions sont closes."),
    ],
)
def test_closed_and_past_events_refuse_with_a_clear_message(changes: dict, message: str) -> None:
    now = timezone.now()
    kwargs: dict = {}
    if "status" in changes:
        kwargs["status"] = changes["status"]
    if "starts_at_delta" in changes:
        kwargs["starts_at"] = now + dt.timedelta(hours=changes["starts_at_delta"])
    if "opens_delta" in changes:
        kwargs["registration_opens_at"] = now + dt.timedelta(days=changes["opens_delta"])
    if "closes_delta" in changes:
        kwargs["registration_closes_at"] = now + dt.timedelta(days=changes["closes_delta"])
    event = EventFactory(capacity=5, **kwargs)

    with pytest.raises(RegistrationRefused) as refused:
        registration_register(event=event, user=UserFactory())

    assert str(refused.value) == message
    assert Registration.objects.count() == 0
    event.refresh_from_db()
    assert event.confirmed_count == 0


def test_lowering_capacity_below_confirmed_is_refused_and_changes_nothing() -> None:
    event = EventFactory(capacity=3)
    organiser = UserFactory()
    for _ in range(3):
        registration_register(event=event, user=UserFactory())

    with pytest.raises(ValidationError) as refused:
        event_update(actor=organiser, event=event, capacity=2)

    assert refused.value.message_dict == {
        "capacity": ["3 personnes sont déjà inscrites : la capacité ne peut pas descendre en dessous. Annulez d’abord des inscriptions."]
    }
    event.refresh_from_db()
    assert (event.capacity, event.confirmed_count) == (3, 3)


def test_raising_capacity_confirms_the_waitlist_in_order() -> None:
    event = EventFactory(capacity=1)
    users = [UserFactory(email=f"{n}@x.be") for n in range(4)]
    for user in users:
        registration_register(event=event, user=user)

    event_update(actor=users[0], event=event, capacity=3)

    assert statuses(event) == [("0@x.be", C), ("1@x.be", C), ("2@x.be", C), ("3@x.be", W)]


def test_the_database_refuses_a_seat_over_capacity() -> None:
    """The CHECK constraint stands behind the services: even a raw UPDATE cannot overbook."""
    event = EventFactory(capacity=1)
    registration_register(event=event, user=UserFactory())

    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(confirmed_count=2)


def test_the_database_refuses_a_second_registration_of_the_same_member() -> None:
    event = EventFactory()
    user = UserFactory()
    registration_register(event=event, user=user)

    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=event, user=user, status=C)


def test_approval_first_then_seat_or_waitlist(django_capture_on_commit_callbacks) -> None:
    event = EventFactory(capacity=1, requires_approval=True)
    organiser, a, b = UserFactory(), UserFactory(email="a@x.be"), UserFactory(email="b@x.be")
    reg_a = registration_register(event=event, user=a)
    reg_b = registration_register(event=event, user=b)
    assert (reg_a.status, reg_b.status) == (P, P)
    event.refresh_from_db()
    assert event.confirmed_count == 0

    assert registration_approve(registration=reg_a, actor=organiser).status == C
    assert registration_approve(registration=reg_b, actor=organiser).status == W
    event.refresh_from_db()
    assert event.confirmed_count == 1


def test_answers_keep_only_the_events_questions() -> None:
    event = EventFactory(questions=["Régime alimentaire", "Vous apportez ?"])
    registration = registration_register(event=event, user=UserFactory(), answers={"Régime alimentaire": " végétarien ", "autre": "ignoré"})
    assert registration.answers == {"Régime alimentaire": "végétarien", "Vous apportez ?": ""}


def test_organisers_are_told_once_when_the_event_is_full(django_capture_on_commit_callbacks) -> None:
    organiser = UserFactory(email="orga@x.be")
    event = event_create(
        actor=organiser,
        title="Afterwork",
        kind="meetup",
        meetup_format="afterwork",
        address="Place du Jeu de Balle",
        city="Bruxelles",
        scope="local",
        capacity=1,
        starts_at=timezone.now() + dt.timedelta(days=3),
        ends_at=timezone.now() + dt.timedelta(days=3, hours=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = registration_register(event=event, user=UserFactory())
        registration_register(event=event, user=UserFactory())
        registration_cancel(registration=first)  # the waitlisted one is promoted: full again, no new e-mail

    assert [m.subject for m in mail.outbox if m.to == ["orga@x.be"]] == ["Complet : Afterwork"]


def test_cancelling_after_the_start_is_refused() -> None:
    event = EventFactory(capacity=2)
    registration = registration_register(event=event, user=UserFactory())
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=5))
    event.refresh_from_db()
    registration.refresh_from_db()

    with pytest.raises(RegistrationRefused):
        registration_cancel(registration=registration)
    registration.refresh_from_db()
    assert registration.status == C
