"""Stale edits of an event and of a series (``cairn.core.editing``): a form opened before
someone else saved is refused with the shared message and changes nothing; a form opened
on the current version saves."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from cairn.accounts.tests.helpers import make_user
from cairn.events.factories import EventFactory
from cairn.events.models import Event, Series
from cairn.events.recurrence import BRUSSELS
from cairn.events.services.events import event_update
from cairn.events.services.series import series_create, series_update
from cairn.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

STALE = "Quelqu’un a modifié ces informations pendant que vous les éditiez."


def form_data(client: Client, url: str) -> dict[str, Any]:
    """What the edit page's form sends back as it was opened, its version included."""
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form["version"].value()
    values = {name: form[name].value() for name in form.fields}
    return {name: "" if value is None else value for name, value in values.items()}


def event_rows(event: Event) -> tuple[dict[str, Any], list[int], list[int]]:
    return (
        Event.objects.filter(pk=event.pk).values().get(),
        sorted(event.organisers.values_list("pk", flat=True)),
        sorted(event.projects.values_list("pk", flat=True)),
    )


def series_rows(series: Series) -> tuple[dict[str, Any], list[dict[str, Any]], list[int]]:
    return (
        Series.objects.filter(pk=series.pk).values().get(),
        list(Event.objects.filter(series=series).order_by("pk").values()),
        sorted(series.organisers.values_list("pk", flat=True)),
    )


def test_a_stale_event_edit_is_refused_and_changes_nothing_then_a_fresh_one_saves(client: Client) -> None:
    organiser, colleague = make_user("facilitator"), make_user("facilitator")
    event = EventFactory(title="Atelier", capacity=10)
    event.organisers.set([organiser, colleague])
    project = ProjectFactory()
    url = f"/fr/evenements/{event.pk}/modifier/"
    client.force_login(organiser)
    opened = form_data(client, url)
    # While the form is open, the other organiser saves the event.
    event_update(actor=colleague, event=event, title="Atelier du jeudi", capacity=12)
    before = event_rows(event)

    opened.update(title="Atelier du mardi", capacity="20", organisers=[organiser.pk], projects=[project.pk])
    stale = client.post(url, opened)

    assert stale.status_code == 400
    assert STALE in stale.text
    assert event_rows(event) == before
    fresh = form_data(client, url)
    assert fresh["title"] == "Atelier du jeudi"
    fresh.update(title="Atelier du mardi", capacity="20")
    assert client.post(url, fresh).status_code == 302
    event.refresh_from_db()
    assert (event.title, event.capacity) == ("Atelier du mardi", 20)


def test_a_stale_series_edit_is_refused_and_changes_nothing_then_a_fresh_one_saves(client: Client) -> None:
    organiser, colleague = make_user("facilitator"), make_user("facilitator")
    series = series_create(
        actor=organiser,
        organisers=[organiser, colleague],
        title="Afterwork",
        address="Place du Marché",
        rule="FREQ=WEEKLY;COUNT=3",
        first_start=dt.datetime(timezone.now().year + 1, 3, 2, 18, 0, tzinfo=BRUSSELS),
        duration=dt.timedelta(hours=2),
    )
    url = f"/fr/evenements/series/{series.pk}/modifier/"
    client.force_login(organiser)
    opened = form_data(client, url)
    # While the form is open, the other organiser saves the series (and so its dates).
    series_update(actor=colleague, series=series, address="Rue Haute 1")
    before = series_rows(series)

    opened.update(title="Afterwork des sociétaires", rule="FREQ=WEEKLY;COUNT=4", organisers=[organiser.pk])
    stale = client.post(url, opened)

    assert stale.status_code == 400
    assert STALE in stale.text
    assert series_rows(series) == before
    fresh = form_data(client, url)
    assert fresh["address"] == "Rue Haute 1"
    fresh.update(title="Afterwork des sociétaires")
    assert client.post(url, fresh).status_code == 302
    assert set(Event.objects.filter(series=series).values_list("title", "address")) == {("Afterwork des sociétaires", "Rue Haute 1")}
    assert Event.objects.filter(series=series).count() == 3
