"""A member who deletes their account ("Mes données → supprimer"): the events they
organised keep them and still save."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from cairn.accounts.services import member_anonymise
from cairn.accounts.tests.helpers import make_user
from cairn.core.tests.browser_forms import submitted
from cairn.events.factories import EventFactory
from cairn.events.models import Series
from cairn.events.services.series import series_create

pytestmark = pytest.mark.django_db


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
