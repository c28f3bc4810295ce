"""The open data describes itself: ``datapackage.json`` (Frictionless Data) validates with
the ``frictionless`` library together with the CSV files it describes, names the statuses
in French, Dutch and English and the licence (how the files are built and stored:
``test_open_data_files.py``)."""

from __future__ import annotations

import csv
import datetime
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client, override_settings

from cairn.recommendations.factories import AssessmentFactory, RecommendationFactory, WorkingGroupFactory
from cairn.recommendations.models import Status

pytestmark = pytest.mark.django_db

BASE = "/fr/etat-des-lieux/donnees-ouvertes/"


@pytest.fixture
def registry() -> None:
    group = WorkingGroupFactory()
    for index, status in enumerate([Status.DONE, Status.REJECTED, Status.IN_PROGRESS]):
        rec = RecommendationFactory(theme=group.theme, groups=[group], title=f'=HYPERLINK("x") {index}')
        AssessmentFactory(
            recommendation=rec,
            status=status,
            public_comment="Parce que.",
            published_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
            effective_date=datetime.date(2023, 5, 1),
        )
    RecommendationFactory(theme=group.theme)


@pytest.fixture
def csv_field_limit() -> Iterator[None]:
    """frictionless raises the ``csv`` module's field size limit for the whole process:
    put it back, or the import tests' giant-cell refusal would pass no more."""
    limit = csv.field_size_limit()
    yield
    csv.field_size_limit(limit)


def test_the_package_and_its_files_validate_with_frictionless(
    client: Client, registry: None, tmp_path: Path, csv_field_limit: None
) -> None:
    from frictionless import Package, validate

    for name in ("datapackage.json", "chiffres.csv", "recommandations.csv"):
        response = client.get(BASE + name)
        assert response.status_code == 200
        (tmp_path / name).write_bytes(response.content)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(tmp_path / "datapackage.json"))
    assert package.get_resource("recommendations").read_rows()[0]["reference"]


def test_the_package_names_the_statuses_in_three_languages_the_keys_the_licence_and_the_definitions(client: Client) -> None:
    data = json.loads(client.get(BASE + "datapackage.json").content)
    statuses = {row["value"]: row for row in next(r for r in data["resources"] if r["name"] == "statuses")["data"]}
    assert statuses["done"] == {"value": "done", "label_fr": "Réalisée", "label_nl": "Gerealiseerd", "label_en": "Done"}
    assert set(statuses) == set(Status.values)
    listing = next(r for r in data["resources"] if r["name"] == "recommendations")["schema"]
    assert listing["primaryKey"] == ["reference"]
    assert listing["foreignKeys"] == [{"fields": ["status"], "reference": {"resource": "statuses", "fields": ["value"]}}]
    assert data["licenses"][0]["name"] == "CC-BY-4.0"
    assert "completion_rate" in data["x-definitions"]
    with override_settings(CAIRN_OPEN_DATA_LICENCE="ODbL-1.0"):
        assert json.loads(client.get(BASE + "datapackage.json").content)["licenses"][0]["name"] == "ODbL-1.0"
