"""Every date a page, a feed or an export reads from its query string is bounded
(``cairn.core.forms.BoundedDateField``): a date out of range is reported on its field, in
the page's language, and the page still answers; never a server error, on SQLite and on
PostgreSQL (``9999-12-31`` plus a day overflows Python's dates; year 1 is out of
PostgreSQL's timestamps once a time zone moves it back)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from cairn.core.forms import EARLIEST_DATE, LATEST_DATE, BoundedDateField
from cairn.events.factories import EventFactory

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = ["9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01"]

#: (URL, date parameter, whether the answer is a page that shows the form's errors)
DATE_PARAMETERS = [
    ("/fr/evenements/", "date_from", True),
    ("/fr/evenements/", "date_to", True),
    # The calendar shows a month (``mois``): it reads the agenda's filters but not its dates.
    ("/fr/evenements/calendrier/", "date_from", False),
    ("/fr/evenements/calendrier/", "date_to", False),
    ("/fr/evenements/agenda.ics", "date_from", False),
    ("/fr/evenements/agenda.ics", "date_to", False),
    ("/fr/recommandations/", "as_of", True),
    ("/fr/etat-des-lieux/", "as_of", True),
    ("/fr/etat-des-lieux/donnees-ouvertes/chiffres.csv", "as_of", False),
    ("/fr/etat-des-lieux/donnees-ouvertes/chiffres.xlsx", "as_of", False),
    ("/fr/etat-des-lieux/donnees-ouvertes/chiffres.json", "as_of", False),
    ("/fr/etat-des-lieux/donnees-ouvertes/recommandations.csv", "as_of", False),
]


@pytest.mark.parametrize("value", OUT_OF_RANGE)
@pytest.mark.parametrize(("url", "name", "shows_errors"), DATE_PARAMETERS)
def test_a_date_out_of_range_is_refused_not_a_server_error(client: Client, url: str, name: str, shows_errors: bool, value: str) -> None:
    EventFactory(title="Atelier de printemps")

    response = client.get(url, {name: value})

    assert response.status_code == 200
    if shows_errors:
        assert "Saisissez une date entre le 1 janvier 1900 et le 31 décembre 2199." in response.text


def test_the_agenda_applies_the_other_filters_when_a_date_is_out_of_range(client: Client) -> None:
    EventFactory(title="Atelier de printemps")

    page = client.get("/fr/evenements/", {"date_to": "9999-12-31"})

    assert "Atelier de printemps" in page.text  # the bad date is dropped, the agenda still lists


def test_a_month_out_of_range_shows_the_current_month_and_says_so(client: Client) -> None:
    page = client.get("/fr/evenements/calendrier/", {"mois": "9999-12"})

    assert page.status_code == 200
    assert "Mois invalide : le mois en cours est affiché." in page.text


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "Saisissez une date entre le 1 janvier 1900 et le 31 décembre 2199."),
        ("nl", "Voer een datum in tussen 1 januari 1900 en 31 december 2199."),
        ("en", "Enter a date between Jan. 1, 1900 and Dec. 31, 2199."),
    ],
)
def test_the_bounded_date_field_says_why_in_each_language(language: str, message: str) -> None:
    field = BoundedDateField(required=False)
    with translation.override(language), pytest.raises(ValidationError) as refused:
        field.clean("2200-01-01")

        assert refused.value.messages == [message]


def test_the_bounded_date_field_accepts_its_bounds_and_refuses_hostile_text() -> None:
    field = BoundedDateField(required=False)

    assert field.clean(EARLIEST_DATE.isoformat()) == EARLIEST_DATE
    assert field.clean(LATEST_DATE.isoformat()) == LATEST_DATE
    assert field.clean("2024-02-29") == datetime.date(2024, 2, 29)
    for hostile in ["2024-01-01\x00", "9" * 5000, "2024-13-01"]:
        with pytest.raises(ValidationError, match="date valide"):
            field.clean(hostile)


def test_an_events_dates_and_a_series_excluded_days_are_bounded_too() -> None:
    from cairn.events.forms import EventForm, SeriesForm

    event = EventForm(data={"starts_at": "9999-12-31T20:00", "ends_at": "0001-01-01T10:00", "registration_closes_at": "2024-05-01T10:00"})
    series = SeriesForm(data={"first_start": "2024-05-01T10:00", "exceptions_text": "2024-05-08\n0001-01-01"})

    assert event.errors["starts_at"] == ["Saisissez une date entre le 1 janvier 1900 et le 31 décembre 2199."]
    assert event.errors["ends_at"] == ["Saisissez une date entre le 1 janvier 1900 et le 31 décembre 2199."]
    assert "registration_closes_at" not in event.errors
    assert series.errors["exceptions_text"] == ["Saisissez une date entre le 1 janvier 1900 et le 31 décembre 2199."]
    assert "first_start" not in series.errors
