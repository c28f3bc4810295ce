"""The events' e-mails, rendered and caught in the outbox: in the recipient's language,
with the .ics attachment, sent once whatever the number of task runs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from cairn.accounts.factories import UserFactory
from cairn.events.factories import EventFactory
from cairn.events.recurrence import BRUSSELS
from cairn.events.services.events import event_cancel
from cairn.events.services.registrations import registration_register
from cairn.events.tasks import send_registration_email, send_reminders

pytestmark = pytest.mark.django_db


def test_confirmation_carries_an_ics_with_the_online_link_and_a_cancel_link(django_capture_on_commit_callbacks) -> None:
    event = EventFactory(title="Atelier hybride", attendance="hybrid", online_url="https://visio.example.org/a")
    user = UserFactory(email="a@x.be")
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_register(event=event, user=user)

    [message] = mail.outbox
    assert message.subject == "Inscription confirmée : Atelier hybride"
    assert f"/fr/evenements/desinscription/{registration.cancel_token}/" in message.body
    assert "https://visio.example.org/a" in message.body
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == (f"event-{event.pk}.ics", "text/calendar")
    [entry] = Calendar.from_ical(content).walk("VEVENT")
    assert str(entry["summary"]) == "Atelier hybride"
    assert entry.decoded("dtstart") == event.starts_at
    assert "https://visio.example.org/a" in str(entry["description"])
    assert str(entry["url"]).endswith(f"/fr/evenements/{event.pk}/")


def test_e_mails_speak_the_recipients_language(django_capture_on_commit_callbacks) -> None:
    event = EventFactory(title="Ontbijt", capacity=1)
    registration_register(event=event, user=UserFactory())
    dutch = UserFactory(email="nl@x.be", profile__language="nl")
    with django_capture_on_commit_callbacks(execute=True):
        registration_register(event=event, user=dutch)

    [message] = mail.outbox
    assert message.to == ["nl@x.be"]
    assert "/nl/" in message.body
    assert 'lang="nl"' in message.alternatives[0][0]


def test_a_dutch_member_reads_the_events_dutch_title_in_the_subject_the_text_and_the_ics(django_capture_on_commit_callbacks) -> None:
    event = EventFactory(title="Petit-déjeuner des sociétaires", title_nl="Ontbijt van de vennoten")
    untranslated = EventFactory(title="Atelier budget")
    dutch = UserFactory(email="nl@x.be", profile__language="nl")
    with django_capture_on_commit_callbacks(execute=True):
        registration_register(event=event, user=dutch)
        registration_register(event=untranslated, user=dutch)

    first, second = mail.outbox
    assert first.subject.endswith("Ontbijt van de vennoten")
    assert "Ontbijt van de vennoten" in first.body and "Petit-déjeuner" not in first.body
    assert "Ontbijt van de vennoten" in first.alternatives[0][0] and "Petit-déjeuner" not in first.alternatives[0][0]
    [entry] = Calendar.from_ical(first.attachments[0][1]).walk("VEVENT")
    assert str(entry["summary"]) == "Ontbijt van de vennoten"
    assert second.subject.endswith("Atelier budget")  # no Dutch title written: the French original
    assert "Atelier budget" in second.body


def test_a_confirmation_goes_once_even_if_the_task_runs_again(django_capture_on_commit_callbacks) -> None:
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_register(event=event, user=UserFactory())

    assert send_registration_email.call(registration_id=registration.pk, kind="confirmed") is False
    assert len(mail.outbox) == 1


def test_reminders_the_day_before_are_sent_once() -> None:
    today = timezone.now().astimezone(BRUSSELS).date()
    tomorrow_noon = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(12, 0), tzinfo=BRUSSELS)
    tomorrow = EventFactory(title="Demain", starts_at=tomorrow_noon, ends_at=tomorrow_noon + dt.timedelta(hours=2))
    later = EventFactory(
        title="Plus tard", starts_at=tomorrow_noon + dt.timedelta(days=3), ends_at=tomorrow_noon + dt.timedelta(days=3, hours=1)
    )
    confirmed, waiting = UserFactory(email="c@x.be"), UserFactory(email="w@x.be")
    registration_register(event=tomorrow, user=confirmed)
    registration_register(event=later, user=waiting)
    mail.outbox.clear()

    first_run = send_reminders.call(today=today.isoformat())
    second_run = send_reminders.call(today=today.isoformat())

    assert (first_run, second_run) == (1, 0)
    assert [(m.to, m.subject) for m in mail.outbox] == [(["c@x.be"], "C’est demain : Demain")]


def test_cancelling_an_event_tells_everyone_registered(django_capture_on_commit_callbacks) -> None:
    event = EventFactory(title="Atelier", capacity=1)
    registration_register(event=event, user=UserFactory(email="a@x.be"))
    registration_register(event=event, user=UserFactory(email="b@x.be"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(actor=None, event=event)

    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [("a@x.be", "Annulé : Atelier"), ("b@x.be", "Annulé : Atelier")]


def test_the_daily_command_queues_the_reminders() -> None:
    from django.core.management import call_command

    today = timezone.now().astimezone(BRUSSELS).date()
    noon = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(12, 0), tzinfo=BRUSSELS)
    event = EventFactory(title="Demain", starts_at=noon, ends_at=noon + dt.timedelta(hours=1))
    registration_register(event=event, user=UserFactory(email="c@x.be"))
    mail.outbox.clear()

    call_command("events_daily")  # tasks run at once in tests
    call_command("events_daily")

    assert [m.subject for m in mail.outbox] == ["C’est demain : Demain"]


def test_personal_data_export_and_erasure() -> None:
    from cairn.accounts.services import member_anonymise, member_export_data

    event = EventFactory(title="Atelier", questions=["Régime"])
    user = UserFactory()
    registration_register(event=event, user=user, answers={"Régime": "végétarien"})

    exported = member_export_data(user=user)["events"]["registrations"]
    assert [(row["event"], row["status"], row["answers"]) for row in exported] == [("Atelier", "confirmed", {"Régime": "végétarien"})]

    member_anonymise(user=user)
    # The seat of an event still to come is given up; the answers go.
    exported = member_export_data(user=user)["events"]["registrations"]
    assert [(row["event"], row["status"], row["answers"]) for row in exported] == [("Atelier", "cancelled", {})]
