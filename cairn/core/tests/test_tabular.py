"""Reading uploaded CSV and XLSX files (cairn/core/tabular.py), whatever wrote them."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from cairn.core.tabular import Limits, Table, TabularError, normalise_header, read_table
from cairn.core.tests import hostile_files as hostile

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


# --- hostile files: every limit refuses the whole file, with its message -----------------

FR_100K = "100\xa0000"


def test_a_sheet_that_claims_a_smaller_size_than_it_has_is_read_whole() -> None:
    # Some exporters write a fixed <dimension ref="A1"/>; the rows are what counts.
    data = hostile.workbook(
        hostile.sheet(hostile.header_and_rows(["Courriel", "Nom"], ["a@example.org", "A"], ["b@example.org", "B"])).replace(
            b"<sheetData>", b'<dimension ref="A1"/><sheetData>'
        )
    )

    table = read(data, "f.xlsx", max_bytes=100_000)

    assert table == Table(
        columns=["email", "name"], rows=[(2, {"email": "a@example.org", "name": "A"}), (3, {"email": "b@example.org", "name": "B"})]
    )


def test_an_xlsx_past_the_row_limit_is_refused_while_streaming() -> None:
    limits = Limits(rows=3)
    within = hostile.workbook(hostile.numbered_rows(4))
    beyond = hostile.workbook(hostile.numbered_rows(5))

    assert len(read_table(within, "f.xlsx", {"1": "n"}, max_bytes=MAX * 100, limits=limits).rows) == 3
    with pytest.raises(TabularError) as raised:
        read_table(beyond, "f.xlsx", {"1": "n"}, max_bytes=MAX * 100, limits=limits)
    assert str(raised.value) == "Le fichier dépasse 3 lignes : découpez-le en plusieurs fichiers."


def test_an_empty_row_far_down_counts_as_every_row_before_it() -> None:
    data = hostile.workbook(
        hostile.sheet(b'<row r="1">' + hostile.cell("A1", "email") + b'</row><row r="5000000"><c r="A5000000"><v>1</v></c></row>')
    )

    with pytest.raises(TabularError) as raised:
        read(data, "f.xlsx", max_bytes=100_000)

    assert str(raised.value) == f"Le fichier dépasse {FR_100K} lignes : découpez-le en plusieurs fichiers."


def test_a_csv_past_the_row_limit_is_refused() -> None:
    data = b"email\n" + b"a@example.org\n" * 100_001

    with pytest.raises(TabularError) as raised:
        read(data, max_bytes=10 * 1024 * 1024)

    assert str(raised.value) == f"Le fichier dépasse {FR_100K} lignes : découpez-le en plusieurs fichiers."
    assert len(read(b"email\n" + b"a@example.org\n" * 100_000, max_bytes=10 * 1024 * 1024).rows) == 100_000


@pytest.mark.parametrize(
    "data, filename",
    [
        (b"email" + b",x" * 100 + b"\n", "f.csv"),
        (hostile.workbook(hostile.sheet(b'<row r="1">' + hostile.cell("A1", "email") + hostile.cell("CW1", "x") + b"</row>")), "f.xlsx"),
    ],
    ids=["csv", "xlsx"],
)
def test_a_row_with_more_than_100_filled_columns_is_refused(data: bytes, filename: str) -> None:
    with pytest.raises(TabularError) as raised:
        read(data, filename, max_bytes=100_000)

    assert str(raised.value) == "Ligne 1 : plus de 100 colonnes remplies."


def test_empty_cells_after_the_last_filled_one_do_not_count_as_columns() -> None:
    table = read(b"email,nom" + b"," * 500 + b"\na@example.org,A" + b"," * 500 + b"\n", max_bytes=100_000)

    assert table == Table(columns=["email", "name"], rows=[(2, {"email": "a@example.org", "name": "A"})])


@pytest.mark.parametrize(
    "data, filename, message",
    [
        (b"email,nom\na@example.org," + b"x" * 32_768 + b"\n", "f.csv", "Ligne 2, colonne 2 : une cellule dépasse 32\xa0767 caractères."),
        # Past csv's own field limit (131,072 characters), csv refuses the field itself.
        (b"email,nom\na@example.org," + b"x" * 200_000 + b"\n", "f.csv", "Ligne 2 : une cellule dépasse 32\xa0767 caractères."),
        (
            hostile.workbook(hostile.sheet(hostile.header_and_rows(["email"], ["x" * 32_768]))),
            "f.xlsx",
            "Ligne 2, colonne 1 : une cellule dépasse 32\xa0767 caractères.",
        ),
    ],
    ids=["csv", "csv-past-its-field-limit", "xlsx"],
)
def test_a_giant_cell_is_refused(data: bytes, filename: str, message: str) -> None:
    with pytest.raises(TabularError) as raised:
        read(data, filename, max_bytes=1_000_000)

    assert str(raised.value) == message


def test_a_cell_of_32767_characters_is_read() -> None:
    table = read(b"email,nom\na@example.org," + b"x" * 32_767 + b"\n", max_bytes=100_000)

    assert table.rows[0][1]["name"] == "x" * 32_767


def test_nul_characters_are_refused_in_a_csv() -> None:
    with pytest.raises(TabularError) as raised:
        read(b"email,nom\na@example.org,A\x00B\n")

    assert str(raised.value) == "Le fichier contient des caractères nuls : ce n’est pas un fichier texte."


UNPACKED = "Le classeur XLSX dépasse 16 Mo une fois décompressé : ce n’est pas un tableau ordinaire."
DAMAGED = "Le classeur XLSX est illisible ou endommagé."
UNSAFE = (
    "Le classeur XLSX contient du XML refusé (déclaration de type de document ou d’entités, référence externe) : "
    "enregistrez-le de nouveau depuis votre tableur."
)
RATIO = "Le classeur XLSX se décompresse de façon anormale (plus de 100 fois sa taille) : il est refusé."
PARTS = "Le classeur XLSX contient plus de 1\xa0000 fichiers : ce n’est pas un tableau."


def hostile_xlsx() -> list[tuple[str, bytes, str]]:
    """Each hostile workbook with the message that refuses it (also used by the pages' tests)."""
    millions = hostile.workbook(hostile.repeated_rows(3_000_000))
    return [
        ("declares-millions-of-rows", millions, UNPACKED),
        ("expands-beyond-its-declared-size", hostile.declare_size(millions, "xl/worksheets/sheet1.xml", 1_000_000), DAMAGED),
        ("inflates-a-thousand-times", hostile.workbook(hostile.sheet(hostile.header_and_rows(["email"]) + b" " * 2_000_000)), RATIO),
        ("thousands-of-parts", hostile.many_parts(5_000), PARTS),
        ("billion-laughs", hostile.workbook(hostile.sheet(hostile.header_and_rows(["&lol9;"]), prolog=hostile.BILLION_LAUGHS)), UNSAFE),
        ("external-entity", hostile.workbook(hostile.sheet(hostile.header_and_rows(["&secret;"]), prolog=hostile.EXTERNAL_ENTITY)), UNSAFE),
        (
            "external-entity-in-the-workbook",
            hostile.workbook(
                hostile.sheet(hostile.header_and_rows(["email"])),
                workbook_xml=hostile.EXTERNAL_ENTITY.replace(b"worksheet", b"workbook") + hostile.WORKBOOK.split(b"?>", 1)[1],
            ),
            UNSAFE,
        ),
        ("a-broken-sheet", hostile.workbook(hostile.sheet(b'<row r="1"><c r="A1" t="inlineStr"><is><t>email</is></c></row>')), DAMAGED),
    ]


@pytest.mark.parametrize(("data", "message"), [pytest.param(data, message, id=name) for name, data, message in hostile_xlsx()])
def test_a_hostile_xlsx_is_refused_with_its_message(data: bytes, message: str) -> None:
    with pytest.raises(TabularError) as raised:
        read(data, "f.xlsx", max_bytes=10 * 1024 * 1024)

    assert str(raised.value) == message


def test_a_zip_whose_end_record_hides_its_parts_is_refused_before_zipfile_reads_them() -> None:
    data = bytearray(hostile.many_parts(20_000))
    end = data.rfind(b"PK\x05\x06")
    data[end + 8 : end + 12] = (3).to_bytes(2, "little") * 2  # "3 parts", over a directory of 20,001

    with pytest.raises(TabularError) as raised:
        read(bytes(data), "f.xlsx", max_bytes=10 * 1024 * 1024)

    assert str(raised.value) == PARTS


def test_openpyxl_parses_with_defusedxml() -> None:
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_entities_are_refused_even_where_openpyxl_would_not_use_defusedxml(monkeypatch: pytest.MonkeyPatch) -> None:
    # OPENPYXL_DEFUSEDXML=False, or lxml installed, gives openpyxl a parser of its own:
    # the reader refuses a document type before openpyxl parses anything.
    from xml.etree import ElementTree

    import openpyxl.reader.excel
    import openpyxl.reader.strings
    import openpyxl.worksheet._reader

    monkeypatch.setattr(openpyxl.worksheet._reader, "iterparse", ElementTree.iterparse)
    monkeypatch.setattr(openpyxl.reader.strings, "iterparse", ElementTree.iterparse)
    monkeypatch.setattr(openpyxl.reader.excel, "fromstring", ElementTree.fromstring)
    data = hostile.workbook(hostile.sheet(hostile.header_and_rows(["email"]), prolog=hostile.EXTERNAL_ENTITY))

    with pytest.raises(TabularError) as raised:
        read(data, "f.xlsx", max_bytes=100_000)

    assert str(raised.value) == UNSAFE
