"""``cairn manage import_recommendations`` and ``cairn import recommendations``."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cairn import cli
from cairn.recommendations.factories import CycleFactory, ThemeCategoryFactory
from cairn.recommendations.models import Assessment, Cycle, Recommendation, Theme

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
CSV = "cycle;country;theme;number;title;status;status date\n2021-2022;FR;Finances solidaires;1;Un fonds;en cours;2023-05-02\n"


def run(*args: str, **options: object) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_recommendations", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_dry_run_prints_the_plan_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "registre.csv"
    path.write_text(CSV)

    out, _err = run(str(path), "--dry-run", verbosity=2)

    assert "new cycle 2021-2022 (2021-22, FR)" in out
    assert "create    2021-22/FIN/01 Un fonds" in out
    assert "Dry run: recommendations created 1, updated 0, unchanged 0; assessments added 1" in out
    assert Recommendation.objects.count() == 0


def test_import_then_import_again_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "registre.csv"
    path.write_text(CSV)

    first, _ = run(str(path))
    second, _ = run(str(path))

    assert "Imported: recommendations created 1, updated 0, unchanged 0; assessments added 1" in first
    assert "Imported: recommendations created 0, updated 0, unchanged 1; assessments added 0" in second
    assert (Recommendation.objects.count(), Assessment.objects.count()) == (1, 1)


def test_errors_are_listed_by_row_and_column_and_nothing_is_imported(tmp_path: Path) -> None:
    path = tmp_path / "registre.csv"
    path.write_text(CSV + "2021-2022;FR;Finances solidaires;2;Un prêt;rejetée;2023-05-02\n2021-2022;FR;Finances solidaires;3;;;\n")
    err = io.StringIO()

    with pytest.raises(CommandError, match=r"2 error\(s\): nothing was imported"):
        call_command("import_recommendations", str(path), stderr=err)

    assert err.getvalue().splitlines() == [
        "row 3, public_comment: Une recommandation rejetée ou reportée doit être expliquée publiquement.",
        "row 4, title: Le titre est obligatoire.",
    ]
    assert Recommendation.objects.count() == 0


def test_a_pad_that_does_not_name_its_cycle_needs_one() -> None:
    pad = str(DATA / "pad_nl_werkgroep.md")

    with pytest.raises(CommandError, match=r"A pad that does not name its cycle needs --cycle CYCLE"):
        run(pad)
    with pytest.raises(CommandError, match=r"No cycle 'nope'\. Known: none\. To create it with the import, add --country BE\|FR\|BI"):
        run(pad, "--cycle", "nope")
    assert Recommendation.objects.count() == 0


def test_a_cycle_the_registry_does_not_know_is_created_with_the_import() -> None:
    pad = str(DATA / "pad_headings_plaidoyer.md")

    dry, _err = run(pad, "--cycle", "2024-2025", "--country", "BE", "--dry-run")
    assert "new cycle 2024-2025 (2024-25, BE), starting 2024-06-01" in dry
    assert "Structure read: headings." in dry
    assert Cycle.objects.count() == 0

    run(pad, "--cycle", "2024-2025", "--country", "BE", "--starts-on", "2024-09-01")

    cycle = Cycle.objects.get()
    assert (cycle.name, cycle.code, cycle.country, cycle.starts_on) == ("2024-2025", "2024-25", "BE", datetime.date(2024, 9, 1))
    assert Recommendation.objects.filter(cycle=cycle).count() == 7
    # Once it exists, its name finds it: nothing is created twice.
    again, _err = run(pad, "--cycle", "2024-2025")
    assert "recommendations created 0, updated 0, unchanged 7" in again
    assert Cycle.objects.count() == 1


def test_a_pad_is_imported_with_its_cycle_and_category_and_unplaced_lines_are_reported() -> None:
    CycleFactory(slug="2020-2021", code="2020-21")
    ThemeCategoryFactory(slug="climat", name_fr="Climat")

    out, err = run(str(DATA / "pad_nl_werkgroep.md"), "--cycle", "2020-2021", "--category", "climat")

    assert "Imported: recommendations created 5" in out
    assert "line 17: not placed: Texte dans la section « Mobiliteit » avant sa première recommandation numérotée" in err
    theme = Theme.objects.get()
    assert (theme.title, theme.category.slug) == ("Duurzaam ondernemen", "climat")
    assert set(Recommendation.objects.values_list("language", flat=True)) == {"nl"}


# --- the `cairn import recommendations` subcommand, in process ---------------------------


def test_cairn_import_recommendations_runs_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "registre.csv"
    path.write_text(CSV)

    assert cli.main(["import", "recommendations", str(path), "--dry-run"]) == 0
    assert "Dry run: recommendations created 1" in capsys.readouterr().out
    assert Recommendation.objects.count() == 0

    assert cli.main(["import", "recommendations", str(path)]) == 0
    assert Recommendation.objects.count() == 1


def test_cairn_import_recommendations_exits_1_with_the_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["import", "recommendations", str(tmp_path / "missing.csv")]) == 1
    assert "Error: Cannot read" in capsys.readouterr().err


def test_cairn_import_members_reaches_the_member_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "membres.csv"
    path.write_text("email;nom\nlea@example.org;Léa Martin\n")

    assert cli.main(["import", "members", str(path), "--dry-run"]) == 0
    assert "Dry run: 1 to create, 0 existing accounts to recognise as members, 0 to update, 0 unchanged" in capsys.readouterr().out
