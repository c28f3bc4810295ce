"""Importing the registry from CSV and XLSX: planning (``importers``) and applying
(``services.registry_import``) — what is created, idempotency, all-or-nothing."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.test import override_settings

from cairn.accounts.factories import DepartmentFactory
from cairn.core.models import AuditEntry
from cairn.recommendations.factories import CycleFactory, ThemeFactory
from cairn.recommendations.imports.plan import ImportFileError, Problem, cycle_code_for, theme_code_for
from cairn.recommendations.imports.reading import read_registry_file
from cairn.recommendations.models import Assessment, Cycle, GroupPerson, Recommendation, Status, Theme, ThemeCategory, WorkingGroup
from cairn.recommendations.services import imports as services

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
SAMPLE = (DATA / "registry_sample.csv").read_bytes()
HEADER = "cycle;country;theme;number;title;status;status date;public comment\n"


def registry_counts() -> dict[str, int]:
    """Every table an import writes to."""
    return {
        model.__name__: model.objects.count()
        for model in (Cycle, ThemeCategory, Theme, WorkingGroup, GroupPerson, Recommendation, Assessment, AuditEntry)
    }


def apply(data: bytes, filename: str = "registre.csv", **kwargs):
    plan = read_registry_file(data, filename, **kwargs)
    assert plan.errors == []
    services.registry_import(plan=plan, actor=None)
    return plan


def as_xlsx(csv_text: str) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for line in csv_text.strip().splitlines():
        cells: list[object] = line.split(";")
        # A spreadsheet stores dates as dates.
        cells = [datetime.datetime.fromisoformat(c) if isinstance(c, str) and len(c) == 10 and c[4] == "-" else c for c in cells]
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def departments():
    return {"rh": DepartmentFactory(code="rh", name_fr="Ressources humaines", name_nl="Human resources")}


# --- what a file creates ----------------------------------------------------------------


def test_a_csv_with_french_headers_creates_the_cycle_theme_groups_and_assessments(departments) -> None:
    plan = read_registry_file(SAMPLE, "registre.csv")

    assert plan.errors == []
    assert [(c.name, c.code, c.country, c.starts_on) for c in plan.new_cycles] == [
        ("2019-2020", "2019-20", "BE", datetime.date(2019, 6, 1))
    ]
    assert [(t.title, t.code) for t in plan.new_themes] == [("Accueil des nouveaux sociétaires", "ACC")]
    assert [c.name for c in plan.new_categories] == ["Vie coopérative"]
    assert [g.name for g in plan.new_groups] == ["Liège", "Namur"]
    assert [(r.reference, r.title) for r in plan.to_create] == [
        ("2019-20/ACC/01", "Un parrainage pour chaque nouveau sociétaire"),
        ("2019-20/ACC/02", "Un livret d'accueil bilingue"),
        ("2019-20/ACC/04", "Une journée d'accueil par an"),
        ("2019-20/ACC/04.01", "Une vidéo de présentation"),
        ("2019-20/ACC/P1", "Repenser l'accueil à distance"),
    ]
    assert [(a.recommendation.number, a.status, a.effective_date) for a in plan.assessments] == [
        ("1", Status.DONE, datetime.date(2023, 3, 15)),
        ("2", Status.IN_PROGRESS, datetime.date(2023, 3, 15)),
        ("4", Status.POSTPONED, datetime.date(2023, 3, 15)),
    ]
    assert registry_counts()["Recommendation"] == 0  # planning writes nothing

    services.registry_import(plan=plan, actor=None)

    cycle = Cycle.objects.get()
    assert (cycle.name, cycle.slug, cycle.code, cycle.country) == ("2019-2020", "2019-2020-be", "2019-20", "BE")
    theme = Theme.objects.get()
    assert (theme.code, theme.category.name_fr) == ("ACC", "Vie coopérative")
    recommendations = {r.number: r for r in Recommendation.objects.with_status().prefetch_related("groups", "departments")}
    assert sorted(recommendations) == ["1", "2", "4", "4.1", "P1"]
    assert [g.name for g in recommendations["1"].groups.all()] == ["Liège", "Namur"]
    assert [d.code for d in recommendations["1"].departments.all()] == ["rh"]
    assert recommendations["4.1"].parent == recommendations["4"]
    assert recommendations["4.1"].section == "Outils"
    assert recommendations["P1"].kind == "line_of_thought"
    assert {n: r.status for n, r in recommendations.items()} == {
        "1": "done", "2": "in_progress", "4": "postponed", "4.1": "not_assessed", "P1": "not_assessed",
    }  # fmt: skip
    postponed = Assessment.objects.get(status="postponed")
    assert postponed.public_comment == "Reportée après la réorganisation des bureaux."
    assert postponed.published_at is not None
    assert postponed.source == "Import du registre : registre.csv"
    # Every write is in the audit trail.
    assert AuditEntry.objects.filter(action="create").count() == 1 + 1 + 1 + 2 + 5  # category, cycle, theme, groups, recommendations


def test_the_same_rows_in_xlsx_give_the_same_plan(departments) -> None:
    csv_plan = read_registry_file(SAMPLE, "registre.csv")
    xlsx_plan = read_registry_file(as_xlsx(SAMPLE.decode()), "registre.xlsx")

    assert xlsx_plan.errors == []
    assert xlsx_plan.fingerprint() == csv_plan.fingerprint()


def test_an_existing_cycle_is_found_by_name_code_or_slug_and_the_default_cycle_fills_empty_cells() -> None:
    cycle = CycleFactory(name="2020-2021", slug="2020-2021-bi", code="2020-21", country="BI")
    rows = "cycle;theme;number;title\n2020-2021;Finances;1;A\n2020-21;Finances;2;B\n2020-2021-bi;Finances;3;C\n;Finances;4;D\n"

    plan = read_registry_file(rows.encode(), "r.csv", cycle=cycle)

    assert plan.errors == []
    assert plan.new_cycles == []
    assert {r.theme.cycle.instance for r in plan.recommendations} == {cycle}
    assert [r.reference for r in plan.to_create] == ["2020-21/FIN/01", "2020-21/FIN/02", "2020-21/FIN/03", "2020-21/FIN/04"]


def test_derived_codes() -> None:
    assert cycle_code_for("2019-2020") == "2019-20"
    assert cycle_code_for("Cycle 2015–2016") == "2015-16"
    assert theme_code_for("Accueil des nouveaux sociétaires", set()) == "ACC"
    assert theme_code_for("Accompagnement des projets", {"ACC"}) == "AP"
    assert theme_code_for("Économie sociale", set()) == "ECO"
    assert theme_code_for("Le modèle", {"MOD", "MODELE"}) == "MOD2"


def test_a_new_theme_gets_a_code_not_taken_in_its_cycle() -> None:
    cycle = CycleFactory(name="2019-2020", code="2019-20")
    ThemeFactory(cycle=cycle, title="Accueil", code="ACC")

    plan = read_registry_file(b"cycle;theme;number;title\n2019-2020;Accompagnement;1;Un titre\n", "r.csv")

    assert [t.code for t in plan.new_themes] == ["ACCOMP"]


# --- idempotency and updates ------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing_the_second_time(departments) -> None:
    apply(SAMPLE)
    before = registry_counts()

    again = read_registry_file(SAMPLE, "registre.csv")

    assert again.errors == []
    assert again.change_count == 0
    assert again.unchanged == 5
    services.registry_import(plan=again, actor=None)
    assert registry_counts() == before


def test_a_changed_title_or_text_updates_the_recommendation_and_keeps_its_reference(departments) -> None:
    apply(SAMPLE)
    first = Recommendation.objects.get(number="1")
    changed = SAMPLE.replace(b"Un parrainage pour chaque nouveau", b"Un parrainage pour toute nouvelle personne")

    plan = read_registry_file(changed, "registre.csv")

    assert [(r.reference, sorted(r.changes)) for r in plan.to_update] == [("2019-20/ACC/01", ["title"])]
    assert plan.unchanged == 4
    services.registry_import(plan=plan, actor=None)
    first.refresh_from_db()
    assert first.title == "Un parrainage pour toute nouvelle personne sociétaire"
    assert first.reference == "2019-20/ACC/01"
    update = AuditEntry.objects.filter(action="update", object_id=str(first.pk)).get()
    assert update.changes["title"]["before"] == "Un parrainage pour chaque nouveau sociétaire"


def test_a_new_status_adds_an_assessment_only_when_it_differs_at_that_date() -> None:
    apply((HEADER + "2019-2020;BE;Finances;1;Un fonds;en cours;2023-01-10;\n").encode())
    recommendation = Recommendation.objects.get()

    # The same status at a later date is no change; a different one is.
    same = read_registry_file((HEADER + "2019-2020;BE;Finances;1;Un fonds;en cours;2023-06-01;\n").encode(), "r.csv")
    done = read_registry_file((HEADER + "2019-2020;BE;Finances;1;Un fonds;réalisée;2024-02-01;\n").encode(), "r.csv")

    assert same.assessments == []
    assert [(a.status, a.effective_date) for a in done.assessments] == [("done", datetime.date(2024, 2, 1))]
    services.registry_import(plan=done, actor=None)
    assert Recommendation.objects.with_status().get(pk=recommendation.pk).status == "done"
    assert Recommendation.objects.with_status(as_of=datetime.date(2023, 12, 31)).get(pk=recommendation.pk).status == "in_progress"


# --- all or nothing ---------------------------------------------------------------------


def test_one_bad_row_and_nothing_is_written_while_every_bad_row_is_listed(departments) -> None:
    bad = (
        (
            HEADER + "2019-2020;BE;Finances;1;Un fonds;;;\n"
            "2019-2020;BE;Finances;2;Un prêt;rejetée;2023-01-10;\n"  # rejected without a public rationale
            "2019-2020;BE;Finances;3;;;;\n"  # no title
            "2019-2020;BE;Finances;4;Une banque;fini;2023-01-10;\n"  # unknown status
            "2019-2020;BE;Finances;5;Une caisse;réalisée;2099-01-01;\n"  # in the future
            "2019-2020;BE;Finances;1;Encore un fonds;;;\n"  # a number used twice
            "2019-2020;BE;Finances;6;Une mutuelle;réalisée;0001-01-01;\n"  # a date out of range
            "2019-2020;BE;Finances;7;Une coopérative;réalisée;31/12/9999;\n"  # and another, reported once
        ).encode()
    )
    before = registry_counts()

    plan = read_registry_file(bad, "r.csv")

    assert plan.errors == [
        Problem(3, "public_comment", "Une recommandation rejetée ou reportée doit être expliquée publiquement."),
        Problem(4, "title", "Le titre est obligatoire."),
        Problem(5, "status", "État inconnu « fini » : réalisée, en cours, non réalisée, rejetée ou reportée."),
        Problem(6, "status_date", "La date d’effet ne peut pas être dans le futur."),
        Problem(7, "number", "Le numéro 1 de cette thématique figure déjà à la ligne 2."),
        Problem(8, "status_date", "Saisissez une date entre le 1 janvier 1900 et le 31 décembre 2199."),
        Problem(9, "status_date", "Saisissez une date entre le 1 janvier 1900 et le 31 décembre 2199."),
    ]
    with pytest.raises(ValueError, match="errors cannot be applied"):
        services.registry_import(plan=plan, actor=None)
    assert registry_counts() == before


def test_row_errors_name_their_column(departments) -> None:
    rows = (
        "cycle;country;theme;number;title;departments;kind;status;status date\n"
        "2019-2020;XX;Finances;1;Un fonds;;;;\n"
        "Un cycle sans années;BE;Finances;1;Un fonds;;;;\n"
        "2019-2020;BE;Finances;1;Un fonds;compta;;;\n"
        "2019-2020;BE;Finances;2;Un prêt;;poème;;\n"
        "2019-2020;BE;Finances;3;Un don;;;réalisée;\n"
        "2019-2020;BE;Finances;4;Une aide;;;réalisée;le 3 mars\n"
    ).encode()

    plan = read_registry_file(rows, "r.csv")

    assert [(e.line, e.column) for e in plan.errors] == [
        (2, "country"), (3, "cycle"), (4, "departments"), (5, "kind"), (6, "status_date"), (7, "status_date"),
    ]  # fmt: skip


def test_a_duplicate_number_in_the_file_is_an_error() -> None:
    plan = read_registry_file((HEADER + "2019-2020;BE;Finances;1;A;;;\n2019-2020;BE;finances;1;B;;;\n").encode(), "r.csv")

    assert plan.errors == [Problem(3, "number", "Le numéro 1 de cette thématique figure déjà à la ligne 2.")]


def test_a_missing_required_column_is_one_error_on_the_header() -> None:
    plan = read_registry_file(b"cycle;theme;number\n2019-2020;Finances;1\n", "r.csv")

    assert plan.errors == [Problem(1, "title", "Colonne obligatoire absente de l’en-tête : title.")]


def test_a_failure_while_writing_rolls_everything_back(monkeypatch: pytest.MonkeyPatch, departments) -> None:
    plan = read_registry_file(SAMPLE, "registre.csv")
    before = registry_counts()

    def broken(**kwargs: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "assessment_record_many", broken)
    with pytest.raises(RuntimeError):
        services.registry_import(plan=plan, actor=None)

    assert registry_counts() == before


# --- whole-file problems ----------------------------------------------------------------


@override_settings(CAIRN_REGISTRY_IMPORT_MAX_BYTES=1024)
@pytest.mark.parametrize("filename", ["registre.csv", "registre.xlsx", "pad.md"])
def test_a_file_over_the_size_limit_is_refused(filename: str) -> None:
    cycle = CycleFactory()

    with pytest.raises(ImportFileError, match="Le fichier dépasse la taille maximale"):
        read_registry_file(b"x" * 1025, filename, cycle=cycle)


def test_the_default_size_limit_is_ten_megabytes() -> None:
    from django.conf import settings

    assert settings.CAIRN_REGISTRY_IMPORT_MAX_BYTES == 10 * 1024 * 1024


def test_a_pad_needs_a_cycle_and_an_unknown_format_is_refused() -> None:
    with pytest.raises(ImportFileError, match="choisissez le cycle"):
        read_registry_file(b"# Titre\n\n1. Un point.\n", "pad.md")
    with pytest.raises(ImportFileError, match="Format non reconnu"):
        read_registry_file(b"data", "registre.pdf")
