"""A member who deletes their account ("Mes données → supprimer"): their seats in events
still to come go to the waitlist, their past registrations stay for the figures, the
events they organised keep them and still save, and no e-mail goes to their placeholder
address."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from cairn.accounts.factories import UserFactory
from cairn.accounts.services import member_anonymise
from cairn.accounts.tests.helpers import make_user
from cairn.core.tests.browser_forms import submitted
from cairn.events.factories import EventFactory, RegistrationFactory
from cairn.events.models import Event, Registration, RegistrationStatus, Series
from cairn.events.services.events import event_message_registrants
from cairn.events.services.registrations import registration_register
from cairn.events.services.series import series_create

pytestmark = pytest.mark.django_db


def test_erasure_gives_up_the_places_still_to_come_and_the_waitlist_moves_up(django_capture_on_commit_callbacks) -> None:
    member, waiting = UserFactory(email="eva@x.be"), UserFactory(email="bert@x.be")
    full = EventFactory(title="Atelier complet", capacity=1, questions=["Régime"])
    registration_register(event=full, user=member, answers={"Régime": "végétarien"})
    registration_register(event=full, user=waiting)
    queue = EventFactory(title="File d’attente", capacity=1)
    registration_register(event=queue, user=UserFactory())
    registration_register(event=queue, user=member)
    approval = EventFactory(title="Sur validation", requires_approval=True)
    registration_register(event=approval, user=member)
    past_start = timezone.now() - dt.timedelta(days=7)
    past = EventFactory(title="Passé", starts_at=past_start, ends_at=past_start + dt.timedelta(hours=2))
    RegistrationFactory(event=past, user=member, attended_at=past_start, answers={"Régime": "sans gluten"})
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        member_anonymise(user=member)

    mine = Registration.objects.filter(user=member).order_by("event__starts_at")
    assert [(r.event.title, r.status, r.answers, r.attended_at is not None) for r in mine] == [
        ("Passé", RegistrationStatus.CONFIRMED, {}, True),  # the attendance figures keep it
        ("Atelier complet", RegistrationStatus.CANCELLED, {}, False),
        ("File d’attente", RegistrationStatus.CANCELLED, {}, False),
        ("Sur validation", RegistrationStatus.CANCELLED, {}, False),
    ]
    assert Registration.objects.get(event=full, user=waiting).status == RegistrationStatus.CONFIRMED
    assert Event.objects.get(pk=full.pk).confirmed_count == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [(["bert@x.be"], "Une place s’est libérée : vous êtes inscrit·e à Atelier complet")]


def test_no_e_mail_goes_to_an_organiser_or_an_attendee_who_left(django_capture_on_commit_callbacks) -> None:
    gone, staying = make_user("facilitator"), make_user("facilitator", email="orga@x.be")
    event = EventFactory(title="Atelier", capacity=1)
    event.organisers.set([gone, staying])
    past_start = timezone.now() - dt.timedelta(days=2)
    past = EventFactory(title="Hier", starts_at=past_start, ends_at=past_start + dt.timedelta(hours=2))
    RegistrationFactory(event=past, user=gone)
    RegistrationFactory(event=past, user=UserFactory(email="present@x.be"))
    member_anonymise(user=gone)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        registration_register(event=event, user=UserFactory(email="a@x.be"))  # the last seat: the organisers are told
        message = event_message_registrants(event=past, actor=staying, subject="Les supports", body="Les voici.")

    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("a@x.be", "Inscription confirmée : Atelier"),
        ("orga@x.be", "Complet : Atelier"),
        ("present@x.be", "Hier : Les supports"),
    ]
    message.refresh_from_db()
    assert message.recipients == 1


def test_an_event_whose_organiser_left_keeps_them_and_saves_through_its_page(client: Client) -> None:
    gone, colleague = make_user("facilitator"), make_user("facilitator")
    event = EventFactory(title="Atelier")
    event.organisers.set([gone, colleague])
    member_anonymise(user=gone)
    client.force_login(colleague)
    url = f"/fr/evenements/{event.pk}/modifier/"
    data = submitted(client.get(url).text)
    data["title"] = ["Atelier déplacé"]

    response = client.post(url, data)

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Atelier déplacé"
    assert sorted(event.organisers.values_list("pk", flat=True)) == sorted([gone.pk, colleague.pk])


def test_a_series_whose_organiser_left_keeps_them_and_saves_through_its_page(client: Client) -> None:
    gone, colleague = make_user("facilitator"), make_user("facilitator")
    series = series_create(
        actor=gone,
        title="Permanence",
        kind="workshop",
        scope="cooperative",
        attendance="online",
        online_url="https://visio.example.org/p",
        languages="fr",
        rule="FREQ=MONTHLY;BYDAY=1TH;COUNT=3",
        first_start=(timezone.now() + dt.timedelta(days=10)).replace(microsecond=0),
        duration=dt.timedelta(hours=1),
        organisers=[gone, colleague],
    )
    member_anonymise(user=gone)
    client.force_login(colleague)
    url = f"/fr/evenements/series/{series.pk}/modifier/"
    data = submitted(client.get(url).text)
    data["title"] = ["Permanence du jeudi"]

    response = client.post(url, data)

    assert response.status_code == 302
    series = Series.objects.get(pk=series.pk)
    assert series.title == "Permanence du jeudi"
    assert sorted(series.organisers.values_list("pk", flat=True)) == sorted([gone.pk, colleague.pk])
    assert all(sorted(e.organisers.values_list("pk", flat=True)) == sorted([gone.pk, colleague.pk]) for e in series.occurrences.all())
