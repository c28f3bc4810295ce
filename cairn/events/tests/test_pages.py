"""The events' pages through the test client: what each role sees and can do."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from cairn.accounts.factories import OfficeFactory, UserFactory
from cairn.accounts.models import User
from cairn.accounts.tests.helpers import make_user
from cairn.events.factories import EventFactory
from cairn.events.models import Event, EventMessage, Registration, RegistrationStatus
from cairn.events.services.calendar_feeds import calendar_feed_for
from cairn.events.services.events import event_cancel, event_create
from cairn.events.services.registrations import registration_register
from cairn.events.services.series import series_create
from cairn.recommendations.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

ONLINE = "https://visio.example.org/salle-secrete"


@pytest.fixture
def member_client(client: Client):
    user = UserFactory(email="membre@x.be")
    client.force_login(user)
    client.user = user  # type: ignore[attr-defined]
    return client


def test_agenda_filters_and_shareable_urls(client: Client) -> None:
    OfficeFactory(name="Liège", city="Liège")
    EventFactory(title="Afterwork liégeois", kind="meetup", meetup_format="afterwork", city="Liège", languages="fr")
    EventFactory(title="Ontbijt Gent", kind="meetup", meetup_format="breakfast", city="Gent", languages="nl")
    EventFactory(title="Atelier en ligne", attendance="online", online_url=ONLINE, address="", languages="fr nl")

    page = client.get("/fr/evenements/?kind=meetup&city=Li%C3%A8ge")
    assert page.status_code == 200
    assert "Afterwork liégeois" in page.text and "Ontbijt Gent" not in page.text and "Atelier en ligne" not in page.text

    dutch = client.get("/fr/evenements/?language=nl")
    assert "Ontbijt Gent" in dutch.text and "Atelier en ligne" in dutch.text and "Afterwork liégeois" not in dutch.text

    partial = client.get("/fr/evenements/?attendance=online", headers={"HX-Request": "true"})
    assert "Atelier en ligne" in partial.text and "<html" not in partial.text


def test_a_bad_filter_is_reported_not_a_server_error(client: Client) -> None:
    EventFactory(title="Atelier")
    page = client.get("/fr/evenements/?kind=nope&date_from=hier&date_to=2020-01-01")
    assert page.status_code == 200
    assert "Atelier" in page.text  # the bad filters are dropped, the others apply
    assert "Saisissez une date valide." in page.text or "Enter a valid date." in page.text


def test_month_calendar_lists_the_months_events(client: Client) -> None:
    start = timezone.now() + dt.timedelta(days=40)
    EventFactory(title="Petit-déjeuner", starts_at=start, ends_at=start + dt.timedelta(hours=1))
    page = client.get(f"/fr/evenements/calendrier/?mois={start:%Y-%m}")
    assert page.status_code == 200 and "Petit-déjeuner" in page.text
    assert client.get("/fr/evenements/calendrier/?mois=n-importe").status_code == 200


def test_the_online_link_shows_only_to_registered_people(client: Client, member_client: Client) -> None:
    event = EventFactory(attendance="online", online_url=ONLINE, address="", capacity=10)
    url = f"/fr/evenements/{event.pk}/"

    assert ONLINE not in client.get(url).text
    assert ONLINE not in member_client.get(url).text

    member_client.post(f"{url}inscription/")

    page = member_client.get(url)
    assert ONLINE in page.text
    assert "Vous êtes inscrit·e." in page.text
    assert "9 places restantes sur 10" in page.text


def test_register_with_htmx_answers_the_registration_box(member_client: Client) -> None:
    event = EventFactory(capacity=1, questions=["Régime alimentaire"])
    registration_register(event=event, user=UserFactory())

    response = member_client.post(f"/fr/evenements/{event.pk}/inscription/", {"answer_0": "végétarien"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Vous êtes sur la liste d’attente (position 1)." in response.text
    assert Registration.objects.get(user=member_client.user).answers == {"Régime alimentaire": "végétarien"}  # type: ignore[attr-defined]


def test_a_past_event_refuses_registration_with_a_message(member_client: Client) -> None:
    start = timezone.now() - dt.timedelta(days=2)
    event = EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    response = member_client.post(f"/fr/evenements/{event.pk}/inscription/", follow=True)
    assert response.status_code == 409
    assert "Cet évènement a déjà commencé ou est passé : les inscriptions sont fermées." in response.text
    assert Registration.objects.count() == 0


def test_cancel_from_the_page_and_by_the_e_mail_link(member_client: Client, client: Client, django_capture_on_commit_callbacks) -> None:
    event = EventFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(f"/fr/evenements/{event.pk}/inscription/")
        waiting = registration_register(event=event, user=UserFactory(email="attente@x.be"))
    registration = Registration.objects.get(user=member_client.user)  # type: ignore[attr-defined]
    confirmation = mail.outbox[0]
    assert f"/fr/evenements/desinscription/{registration.cancel_token}/" in confirmation.body

    # The e-mail's link: the GET only asks, the POST cancels (from another browser, no sign-in).
    link = f"/fr/evenements/desinscription/{registration.cancel_token}/"
    assert client.get(link).status_code == 200
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(link).status_code == 200
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert (registration.status, waiting.status) == (RegistrationStatus.CANCELLED, RegistrationStatus.CONFIRMED)
    assert client.get("/fr/evenements/desinscription/inconnu/").status_code == 404


def test_event_page_shows_the_recommendations_it_is_about(client: Client) -> None:
    event = EventFactory()
    public = RecommendationFactory(title="Créer des rencontres locales")
    hidden = RecommendationFactory(title="Note interne", is_internal=True)
    event.recommendations.set([public, hidden])
    page = client.get(f"/fr/evenements/{event.pk}/")
    assert "Créer des rencontres locales" in page.text and "Note interne" not in page.text


def test_my_events_and_private_feed(member_client: Client, client: Client) -> None:
    event = EventFactory(title="Atelier hybride", attendance="hybrid", online_url=ONLINE)
    registration_register(event=event, user=member_client.user)  # type: ignore[attr-defined]
    page = member_client.get("/fr/evenements/mes-evenements/")
    assert "Atelier hybride" in page.text
    token = calendar_feed_for(user=member_client.user).token  # type: ignore[attr-defined]

    feed = client.get(f"/fr/evenements/mon-agenda/{token}.ics")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert "SUMMARY:Atelier hybride" in body and "visio.example.org" in body.replace("\r\n ", "")
    assert f"/fr/evenements/{event.pk}/" in body.replace("\r\n ", "")
    assert "STATUS:CONFIRMED" in body

    # Waitlisted for a full online event: in the feed as tentative, without its link.
    full = EventFactory(title="Complet", attendance="online", online_url="https://visio.example.org/complet", address="", capacity=1)
    registration_register(event=full, user=UserFactory())
    registration_register(event=full, user=member_client.user)  # type: ignore[attr-defined]
    body = client.get(f"/fr/evenements/mon-agenda/{token}.ics").content.decode().replace("\r\n ", "")
    assert "STATUS:TENTATIVE" in body and "visio.example.org/complet" not in body

    member_client.post("/fr/evenements/mon-agenda/reinitialiser/")
    assert client.get(f"/fr/evenements/mon-agenda/{token}.ics").status_code == 404


def test_public_feeds_never_carry_the_online_link(client: Client) -> None:
    event = EventFactory(title="En ligne", attendance="online", online_url=ONLINE, address="")
    body = client.get("/fr/evenements/agenda.ics").content.decode().replace("\r\n ", "")
    assert "SUMMARY:En ligne" in body and "visio.example.org" not in body
    assert f"/fr/evenements/{event.pk}/" in body


def organiser_setup():
    organiser = make_user("facilitator")
    event = event_create(
        actor=organiser,
        title="Atelier état des lieux",
        address="Rue Coenraets 72",
        city="Bruxelles",
        capacity=2,
        questions=["Régime alimentaire"],
        starts_at=timezone.now() + dt.timedelta(days=5),
        ends_at=timezone.now() + dt.timedelta(days=5, hours=2),
    )
    alice = UserFactory(email="alice@x.be", profile__display_name="Alice Dupont")
    bob = UserFactory(email="bob@x.be", profile__display_name="Bob Peeters")
    registration_register(event=event, user=alice, answers={"Régime alimentaire": "=vegan"})
    registration_register(event=event, user=bob)
    return organiser, event, alice, bob


def test_attendee_list_and_exports(client: Client) -> None:
    organiser, event, _alice, _bob = organiser_setup()
    client.force_login(organiser)

    page = client.get(f"/fr/evenements/{event.pk}/inscrits/")
    assert page.status_code == 200 and "Alice Dupont" in page.text and "=vegan" in page.text

    rows = list(csv.reader(io.StringIO(client.get(f"/fr/evenements/{event.pk}/inscrits/export.csv").content.decode("utf-8-sig"))))
    assert rows[0] == ["Nom", "E-mail", "État", "Inscrit·e le", "Présent·e", "Régime alimentaire"]
    assert [row[:3] + row[4:] for row in rows[1:]] == [
        ["Alice Dupont", "alice@x.be", "Inscrit·e", "non", "'=vegan"],
        ["Bob Peeters", "bob@x.be", "Inscrit·e", "non", ""],
    ]
    workbook = load_workbook(io.BytesIO(client.get(f"/fr/evenements/{event.pk}/inscrits/export.xlsx").content))
    assert [c.value for c in workbook.active[2]][:3] == ["Alice Dupont", "alice@x.be", "Inscrit·e"]


def test_a_registrant_without_a_profile_is_named_by_e_mail_on_every_organiser_page(client: Client) -> None:
    organiser, event, _alice, _bob = organiser_setup()
    event.capacity = 3
    event.save(update_fields=["capacity"])
    carol = User.objects.create_user(email="carol@x.be")
    assert not hasattr(carol, "profile")
    registration_register(event=event, user=carol)
    client.force_login(organiser)

    listed = client.get(f"/fr/evenements/{event.pk}/inscrits/").text
    assert '<th scope="row">carol@x.be<br>' in listed
    check_in = client.get(f"/fr/evenements/{event.pk}/presences/").text
    # The button says whom it marks present, for a screen reader too.
    assert '<span class="visually-hidden"> : carol@x.be</span>' in check_in
    rows = list(csv.reader(io.StringIO(client.get(f"/fr/evenements/{event.pk}/inscrits/export.csv").content.decode("utf-8-sig"))))
    assert ["carol@x.be", "carol@x.be"] in [row[:2] for row in rows]


def test_members_cannot_reach_organiser_pages(member_client: Client) -> None:
    _organiser, event, _alice, _bob = organiser_setup()
    for path in ["inscrits/", "inscrits/export.csv", "presences/", "message/", "modifier/", "annuler/", "avis-recus/"]:
        assert member_client.get(f"/fr/evenements/{event.pk}/{path}").status_code == 403, path


def test_message_all_registrants(client: Client, django_capture_on_commit_callbacks) -> None:
    organiser, event, _alice, _bob = organiser_setup()
    client.force_login(organiser)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/fr/evenements/{event.pk}/message/", {"subject": "Plan d’accès", "body": "Entrée par la cour."})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@x.be", "bob@x.be"]
    assert mail.outbox[0].subject == "Atelier état des lieux : Plan d’accès"
    assert EventMessage.objects.get().recipients == 2
    # A re-run of the task sends nothing twice.
    from cairn.events.tasks import send_event_message

    assert send_event_message.call(message_id=EventMessage.objects.get().pk) == 0


def test_check_in_by_name_on_a_phone(client: Client) -> None:
    organiser, event, alice, _bob = organiser_setup()
    client.force_login(organiser)
    search = client.get(f"/fr/evenements/{event.pk}/presences/?q=alice", headers={"HX-Request": "true"})
    assert "Alice Dupont" in search.text and "Bob Peeters" not in search.text
    registration = Registration.objects.get(user=alice)
    response = client.post(f"/fr/evenements/{event.pk}/presences/{registration.pk}/", {"present": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Annuler la présence" in response.text
    # The count updates where the action happens: swapped out of band with the row.
    assert '<p id="check-in-count" role="status" hx-swap-oob="true">1 présent·es sur' in response.text
    registration.refresh_from_db()
    assert registration.attended_at is not None


def test_seats_left_update_in_the_box_where_one_registers(member_client: Client) -> None:
    event = EventFactory(capacity=10)

    response = member_client.post(f"/fr/evenements/{event.pk}/inscription/", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "9 places restantes sur 10" in response.text


def test_without_javascript_the_check_in_count_shows_after_marking_someone_present(client: Client) -> None:
    organiser, event, alice, _bob = organiser_setup()
    client.force_login(organiser)
    assert "0 présent·es sur 2 inscrit·es." in client.get(f"/fr/evenements/{event.pk}/presences/").text
    registration = Registration.objects.get(user=alice)

    response = client.post(f"/fr/evenements/{event.pk}/presences/{registration.pk}/", {"present": "1", "q": "alice"}, follow=True)

    # The form's redirect comes back to the same search, with the count up to date.
    assert response.redirect_chain == [(f"/fr/evenements/{event.pk}/presences/?q=alice", 302)]
    assert "1 présent·es sur 2 inscrit·es." in response.text and "Annuler la présence" in response.text


def test_without_javascript_the_seats_left_show_after_registering(member_client: Client) -> None:
    event = EventFactory(capacity=10)

    response = member_client.post(f"/fr/evenements/{event.pk}/inscription/", follow=True)

    assert response.redirect_chain[-1][0] == f"/fr/evenements/{event.pk}/"
    assert "9 places restantes sur 10" in response.text


def test_feedback_after_the_event_and_its_results(client: Client) -> None:
    organiser, event, alice, _bob = organiser_setup()
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=1, hours=2), ends_at=timezone.now() - dt.timedelta(days=1)
    )
    member = Client()
    member.force_login(alice)
    assert "Votre avis" in member.get(f"/fr/evenements/{event.pk}/").text
    member.post(f"/fr/evenements/{event.pk}/avis/", {"rating": "4", "comment": "Très utile"})
    client.force_login(organiser)
    results = client.get(f"/fr/evenements/{event.pk}/avis-recus/")
    assert "1 avis, note moyenne 4,0 sur 5." in results.text and "Très utile" in results.text


def test_organiser_creates_a_series_then_edits_one_date_and_cancels_another(client: Client) -> None:
    organiser = make_user("facilitator")
    client.force_login(organiser)
    year = timezone.now().year + 1
    response = client.post(
        "/fr/evenements/series/nouvelle/",
        {
            "title": "Afterwork Liège",
            "kind": "meetup",
            "meetup_format": "afterwork",
            "scope": "local",
            "city": "Liège",
            "attendance": "in_person",
            "address": "Place du Marché",
            "languages": ["fr"],
            "capacity": "15",
            "rule": "FREQ=MONTHLY;BYDAY=1TH;COUNT=3",
            "first_start": f"{year}-01-01T18:00",
            "duration_minutes": "120",
            "organisers": [organiser.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    first, _second, third = Event.objects.order_by("starts_at")
    bad = client.post("/fr/evenements/series/nouvelle/", {"title": "X", "rule": "FREQ=JAMAIS"})
    assert bad.status_code == 400
    assert Event.objects.count() == 3

    client.post(f"/fr/evenements/{third.pk}/annuler/")
    third.refresh_from_db()
    first.refresh_from_db()
    assert (first.status, third.status) == ("scheduled", "cancelled")
    series_page = client.get(f"/fr/evenements/series/{first.series_id}/")
    assert series_page.status_code == 200 and "Chaque mois, le premier jeudi" in series_page.text


def test_organiser_approves_a_pending_registration_from_the_list(client: Client) -> None:
    organiser = make_user("facilitator")
    event = EventFactory(capacity=1, requires_approval=True)
    event.organisers.add(organiser)
    pending = registration_register(event=event, user=UserFactory())
    client.force_login(organiser)

    response = client.post(f"/fr/evenements/{event.pk}/inscrits/{pending.pk}/valider/")

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.CONFIRMED
    assert client.post(f"/fr/evenements/{event.pk}/inscrits/{pending.pk}/n-importe/").status_code == 404


def test_lowering_capacity_in_the_form_is_refused_and_nothing_changes(client: Client) -> None:
    organiser, event, _alice, _bob = organiser_setup()
    client.force_login(organiser)
    page = client.get(f"/fr/evenements/{event.pk}/modifier/")
    assert page.status_code == 200
    data = {
        "title": event.title,
        "kind": "workshop",
        "scope": "cooperative",
        "attendance": "in_person",
        "address": event.address,
        "city": event.city,
        "languages": ["fr"],
        "capacity": "1",
        "questions": "Régime alimentaire",
        "starts_at": timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "organisers": [organiser.pk],
    }

    response = client.post(f"/fr/evenements/{event.pk}/modifier/", data)

    assert response.status_code == 400
    assert "2 personnes sont déjà inscrites : la capacité ne peut pas descendre en dessous." in response.text
    event.refresh_from_db()
    assert event.capacity == 2
    data["capacity"] = "3"
    assert client.post(f"/fr/evenements/{event.pk}/modifier/", data).status_code == 302
    event.refresh_from_db()
    assert event.capacity == 3


def test_series_feed_lists_every_date_and_links_back(client: Client) -> None:
    organiser = make_user("facilitator")
    year = timezone.now().year + 1
    series = series_create(
        actor=organiser,
        title="Meet&connect",
        attendance="online",
        online_url=ONLINE,
        rule="FREQ=WEEKLY;COUNT=3",
        first_start=dt.datetime(year, 3, 2, 12, 30, tzinfo=dt.UTC),
        duration=dt.timedelta(hours=1),
    )
    body = client.get(f"/fr/evenements/series/{series.pk}/agenda.ics").content.decode().replace("\r\n ", "")
    assert body.count("BEGIN:VEVENT") == 3
    assert "RECURRENCE-ID" in body and "visio.example.org" not in body
    for event in series.occurrences.all():
        assert f"/fr/evenements/{event.pk}/" in body


def test_an_event_ending_before_it_starts_is_refused_with_a_clear_message(client: Client) -> None:
    client.force_login(make_user("coordination"))
    response = client.post(
        "/fr/evenements/nouveau/",
        {
            "title": "Atelier",
            "kind": "workshop",
            "scope": "cooperative",
            "attendance": "in_person",
            "address": "Rue Haute 1",
            "languages": ["fr"],
            "starts_at": "2030-03-01T18:00",
            "ends_at": "2030-03-01T17:00",
        },
    )
    assert response.status_code == 400
    assert "La fin doit suivre le début." in response.text
    assert Event.objects.count() == 0


def test_a_refusal_with_htmx_swaps_the_box_with_the_reason(member_client: Client) -> None:
    event = EventFactory(status="cancelled")
    response = member_client.post(f"/fr/evenements/{event.pk}/inscription/", headers={"HX-Request": "true"})
    assert response.status_code == 200  # htmx swaps only successful answers
    assert "<html" not in response.text
    assert response.text.count("Cet évènement est annulé : les inscriptions sont fermées.") == 2  # the message and the box's state
    assert Registration.objects.count() == 0


def test_the_page_says_when_registration_opens(client: Client) -> None:
    opens = timezone.now() + dt.timedelta(days=2)
    event = EventFactory(registration_opens_at=opens)
    page = client.get(f"/fr/evenements/{event.pk}/")
    assert "Les inscriptions ne sont pas encore ouvertes." in page.text
    assert f"à partir du {timezone.localtime(opens):%-d}" in page.text


def test_a_visitors_kept_agenda_shows_a_change_on_the_next_request_and_a_member_their_own_rows(client: Client) -> None:
    """A visitor's rows are kept under the agenda's stamp: a registration (the seats
    left), a cancelled and a new event show on the next request. A member's rows, which
    carry their registrations, are never the ones kept for visitors."""
    workshop = EventFactory(title="Atelier gardé", capacity=3)
    other = EventFactory(title="Atelier annulé bientôt")
    before = client.get("/fr/evenements/").text
    assert "3 places restantes" in before and "Atelier annulé bientôt" in before and "Annulé" not in before

    member = UserFactory()
    registration_register(event=workshop, user=member)
    event_cancel(actor=None, event=other)
    EventFactory(title="Atelier ajouté")

    after = client.get("/fr/evenements/").text
    assert "2 places restantes" in after and "Atelier ajouté" in after and "Annulé" in after

    client.force_login(member)
    assert "Inscrit·e" in client.get("/fr/evenements/").text  # the member's badge on their row
    client.logout()
    assert "Inscrit·e" not in client.get("/fr/evenements/").text


def test_a_visitors_kept_calendar_shows_a_change_on_the_next_request(client: Client) -> None:
    """A visitor's month grid is kept under the agenda's stamp: a cancelled and a new event
    show on the next request, and a member sees their own badge, never kept for others."""
    start = (timezone.now() + dt.timedelta(days=10)).replace(hour=10, minute=0, second=0, microsecond=0)
    url = f"/fr/evenements/calendrier/?mois={start:%Y-%m}"
    cancelled = EventFactory(title="Atelier du mois", starts_at=start, ends_at=start + dt.timedelta(hours=2))
    assert "Atelier du mois" in client.get(url).text and "(annulé)" not in client.get(url).text

    event_cancel(actor=None, event=cancelled)
    EventFactory(title="Atelier ajouté au mois", starts_at=start, ends_at=start + dt.timedelta(hours=2))

    after = client.get(url).text
    assert "(annulé)" in after and "Atelier ajouté au mois" in after
    member = UserFactory()
    registration_register(event=Event.objects.get(title="Atelier ajouté au mois"), user=member)
    client.force_login(member)
    assert "Inscrit·e" in client.get(url).text
    client.logout()
    assert "Inscrit·e" not in client.get(url).text
