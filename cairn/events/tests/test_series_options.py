"""A series described in plain options ("every second Tuesday of the month, 8:30, until
June"), with a preview of its next dates; the raw RFC 5545 rule is an advanced choice, and
a wrong rule reads as a sentence, never as Python's words."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from cairn.accounts.tests.helpers import make_user
from cairn.events import recurrence
from cairn.events.models import Series

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("options", "rule"),
    [
        ({"repeat": recurrence.WEEKLY, "interval": 1, "weekday": "MO", "position": 1, "until": None}, "FREQ=WEEKLY;BYDAY=MO"),
        ({"repeat": recurrence.WEEKLY, "interval": 2, "weekday": "TH", "position": 1, "until": None}, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"),
        (
            {"repeat": recurrence.MONTHLY_WEEKDAY, "interval": 1, "weekday": "TU", "position": 2, "until": dt.date(2027, 6, 30)},
            "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270630T235959",
        ),
        ({"repeat": recurrence.MONTHLY_WEEKDAY, "interval": 1, "weekday": "FR", "position": -1, "until": None}, "FREQ=MONTHLY;BYDAY=-1FR"),
        ({"repeat": recurrence.MONTHLY_DATE, "interval": 3, "weekday": "", "position": 1, "until": None}, "FREQ=MONTHLY;INTERVAL=3"),
    ],
)
def test_plain_options_write_a_rule_and_read_back_from_it(options: dict, rule: str) -> None:
    assert recurrence.plain_rule(**options) == rule
    assert recurrence.plain_options(rule) == options


def test_another_rule_is_an_advanced_one() -> None:
    assert recurrence.plain_options("FREQ=WEEKLY;BYDAY=MO,TH") is None
    assert recurrence.plain_options("FREQ=DAILY") is None


def _series_form(**changes: object) -> dict[str, object]:
    year = timezone.now().year + 1
    data: dict[str, object] = {
        "title": "Petit-déjeuner de travail",
        "kind": "meetup",
        "meetup_format": "breakfast",
        "scope": "local",
        "city": "Namur",
        "attendance": "in_person",
        "address": "Rue de Fer 1",
        "languages": ["fr"],
        "capacity": "12",
        "first_start": f"{year}-01-05T08:30",
        "duration_minutes": "90",
        "repeat": recurrence.MONTHLY_WEEKDAY,
        "interval": "1",
        "weekday": "TU",
        "position": "2",
        "until": f"{year}-06-30",
    }
    return {**data, **changes}


def second_tuesday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(1 - first.weekday()) % 7 + 7)


def test_every_second_tuesday_until_june_previews_its_dates_then_saves_its_rule(client: Client) -> None:
    organiser = make_user("facilitator")
    client.force_login(organiser)
    year = timezone.now().year + 1

    preview = client.post("/fr/evenements/series/nouvelle/", {**_series_form(), "organisers": [organiser.pk], "preview": "1"})

    assert preview.status_code == 200
    assert not Series.objects.exists()  # a preview saves nothing
    html = preview.text
    assert "Les prochaines dates" in html
    january, february = second_tuesday(year, 1), second_tuesday(year, 2)
    assert f'<time datetime="{january.isoformat()}T08:30:00">mardi {january.day} janvier {year}, 08:30</time>' in html
    assert f"mardi {february.day} février {year}, 08:30" in html

    saved = client.post("/fr/evenements/series/nouvelle/", {**_series_form(), "organisers": [organiser.pk]})

    assert saved.status_code == 302
    series = Series.objects.get()
    assert series.rule == f"FREQ=MONTHLY;BYDAY=2TU;UNTIL={year}0630T235959"
    starts = [e.starts_at.astimezone(recurrence.BRUSSELS) for e in series.occurrences.order_by("starts_at")]
    assert [s.date() for s in starts] == [second_tuesday(year, month) for month in range(1, 7)]  # until June
    assert {(s.hour, s.minute) for s in starts} == {(8, 30)}


def test_the_edit_page_shows_a_plain_series_in_its_options(client: Client) -> None:
    organiser = make_user("facilitator")
    client.force_login(organiser)
    client.post("/fr/evenements/series/nouvelle/", {**_series_form(), "organisers": [organiser.pk]})
    series = Series.objects.get()

    html = client.get(f"/fr/evenements/series/{series.pk}/modifier/").text

    assert re.search(r'<input type="radio" name="repeat" value="monthly_weekday"[^>]* checked', html)
    assert '<option value="TU" selected>mardi</option>' in html


@pytest.mark.parametrize("rule", ["FREQ=WEEKLY;BYDAY", "FREQ=SOUVENT", "BYDAY=;;;"])
def test_a_wrong_advanced_rule_reads_as_a_sentence_and_saves_nothing(client: Client, rule: str) -> None:
    organiser = make_user("facilitator")
    client.force_login(organiser)

    response = client.post("/fr/evenements/series/nouvelle/", {**_series_form(repeat="custom", rule=rule), "organisers": [organiser.pk]})

    assert response.status_code == 400
    assert "Règle de récurrence invalide" in response.text
    for python_words in ("unpack", "invalid literal", "Traceback", "Error"):
        assert python_words not in response.text
    assert not Series.objects.exists()
