"""Reading uploaded CSV and XLSX files (cairn/core/tabular.py), whatever wrote them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from cairn.core.tabular import Table, TabularError, normalise_header, read_table

ALIASES = {"email": "email", "courriel": "email", "nom": "name", "name": "name", "ville": "city"}
MAX = 1024


def read(data: bytes, filename: str = "f.csv", max_bytes: int = MAX) -> Table:
    return read_table(data, filename, ALIASES, max_bytes=max_bytes)


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("E-mail", "e_mail"),
        ("  Nom affiché ", "nom_affiche"),
        ("ADRESSE_E-MAIL", "adresse_e_mail"),
        ("Région", "region"),
        ("", ""),
        (None, ""),
    ],
)
def test_header_names_are_normalised(raw: str | None, normalised: str) -> None:
    assert normalise_header(raw) == normalised  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "data",
    [
        "email,nom\na@example.org,Zoë\n".encode(),
        "email;nom\r\na@example.org;Zoë\r\n".encode(),
        "email\tnom\na@example.org\tZoë\n".encode(),
        "\ufeffemail,nom\na@example.org,Zoë\n".encode(),
        "email;nom\na@example.org;Zoë\n".encode("cp1252"),
        "Courriel;NOM\na@example.org;Zoë\n".encode(),
    ],
    ids=["comma", "semicolon-crlf", "tab", "utf8-bom", "windows-1252", "aliases"],
)
def test_every_common_csv_flavour_gives_the_same_table(data: bytes) -> None:
    table = read(data)

    assert table == Table(columns=["email", "name"], rows=[(2, {"email": "a@example.org", "name": "Zoë"})])


def test_quoted_cells_keep_their_separators() -> None:
    table = read(b'email;nom\na@example.org;"Dupont; Marie"\nb@example.org;Dupont, Jean\n')

    assert [row["name"] for _, row in table.rows] == ["Dupont; Marie", "Dupont, Jean"]


def test_row_numbers_are_the_spreadsheet_ones_and_blank_lines_are_skipped() -> None:
    table = read(b"email,nom\na@example.org,A\n,\n\nb@example.org,B\n")

    assert [number for number, _ in table.rows] == [2, 5]


def test_unknown_columns_are_ignored_and_short_rows_padded() -> None:
    table = read(b"email,remarque,nom\na@example.org,ignore me\n")

    assert table.columns == ["email", "name"]
    assert table.rows == [(2, {"email": "a@example.org", "name": ""})]


def test_cells_are_stripped() -> None:
    table = read(b"email , nom \n  a@example.org  ,  A  \n")

    assert table.rows == [(2, {"email": "a@example.org", "name": "A"})]


def test_an_xlsx_workbook_reads_its_first_sheet_as_text() -> None:
    data = xlsx(
        [
            ["Courriel", "Nom", "Ville"],
            ["a@example.org", "A", 4000],
            ["b@example.org", None, 40.5],
            [None, None, None],
            ["c@example.org", dt.date(2024, 6, 1), "Liège"],
        ]
    )

    table = read(data, "Membres.XLSX", max_bytes=100_000)

    assert table.columns == ["email", "name", "city"]
    assert table.rows == [
        (2, {"email": "a@example.org", "name": "A", "city": "4000"}),
        (3, {"email": "b@example.org", "name": "", "city": "40.5"}),
        (5, {"email": "c@example.org", "name": "2024-06-01 00:00:00", "city": "Liège"}),
    ]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "f.csv", "Le fichier est vide."),
        (b" \n\t\n", "f.csv", "Le fichier est vide."),
        (b"email\n", "f.ods", "Format non reconnu : envoyez un fichier .csv ou .xlsx."),
        (b"email\n", "f", "Format non reconnu : envoyez un fichier .csv ou .xlsx."),
        (b"PK\x03\x04garbage", "f.xlsx", "Le classeur XLSX est illisible ou endommagé."),
        (b"\x81\x8d\x8f\x90\x9d", "f.csv", "Le fichier n’est ni en UTF-8 ni en Windows-1252 : enregistrez-le en CSV UTF-8."),
    ],
)
def test_unreadable_files_raise_a_translated_message(data: bytes, filename: str, message: str) -> None:
    with pytest.raises(TabularError) as raised:
        read(data, filename)

    assert str(raised.value) == message


def test_the_size_limit_is_inclusive() -> None:
    data = b"email\n" + b"a" * (MAX - 6)

    assert len(data) == MAX
    assert read(data).columns == ["email"]
    with pytest.raises(TabularError, match="dépasse la taille maximale de 10 Mo"):
        read(data + b"a" * (10 * 1024 * 1024), max_bytes=10 * 1024 * 1024)
