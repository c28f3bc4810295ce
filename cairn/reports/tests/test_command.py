"""``cairn report figures``: the JSON shape the issue fixes, the CSV, the refused dates."""

from __future__ import annotations

import csv
import io
import json

import pytest

from cairn import cli
from cairn.recommendations.tests.registry_fixtures import build_registry
from cairn.reports.exports import FIGURE_COLUMNS

pytestmark = pytest.mark.django_db

ITEM_KEYS = {"key", "label", "total", "by_status", "completion_rate", "engagement_rate"}


def test_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    build_registry()
    assert cli.main(["report", "figures", "--as-of", "2023-01-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2023-01-01"
    assert data["total"] == 6
    assert data["by_status"] == {"not_assessed": 4, "done": 1, "in_progress": 0, "not_done": 0, "rejected": 1, "postponed": 0}
    assert (data["completion_rate"], data["engagement_rate"]) == (0.5, 0.5)
    for name in ("by_category", "by_cycle", "by_theme", "by_group", "by_department"):
        assert data[name], name
        for item in data[name]:
            assert set(item) >= ITEM_KEYS, name
            assert set(item["by_status"]) == set(data["by_status"])
    assert [(item["key"], item["total"]) for item in data["by_cycle"]] == [("2019-2020", 5), ("2020-2021", 1)]


def test_csv_has_one_row_for_the_whole_then_one_per_breakdown_row(capsys: pytest.CaptureFixture[str]) -> None:
    build_registry()
    assert cli.main(["report", "figures", "--format", "csv", "--country", "BE"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert tuple(rows[0]) == FIGURE_COLUMNS
    assert rows[0] | {} == {
        "breakdown": "all",
        "key": "",
        "label": "",
        "total": "5",
        "not_assessed": "1",
        "done": "2",
        "in_progress": "1",
        "not_done": "0",
        "rejected": "1",
        "postponed": "0",
        "assessed": "4",
        "engaged": "3",
        "completion_rate": "0.5",
        "engagement_rate": "0.75",
    }
    assert [(r["key"], r["total"]) for r in rows if r["breakdown"] == "category"] == [("economie", "3"), ("vie-cooperative", "2")]


def test_labels_in_the_language_asked(capsys: pytest.CaptureFixture[str]) -> None:
    build_registry()
    assert cli.main(["report", "figures", "--language", "en"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [item["label"] for item in data["by_country"]] == ["Belgium", "France"]


def test_a_bad_date_is_refused_with_the_reason(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["report", "figures", "--as-of", "2023-13-01"]) == 1
    assert "Error: --as-of: not a date (YYYY-MM-DD): '2023-13-01'" in capsys.readouterr().err
