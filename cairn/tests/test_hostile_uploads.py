"""Hostile files through every way in: the member import page and command, the registry
import page and command. Each is refused whole with its translated message (a form error
or the command's error, never a 500) and nothing is written or kept.

The reader's own tests (``cairn/core/tests/test_tabular.py``) say why each file is hostile.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils.html import escape

from cairn.accounts.models import MemberImport, User
from cairn.accounts.tests.helpers import make_user
from cairn.core.tests import hostile_files as hostile
from cairn.core.tests.test_tabular import hostile_xlsx
from cairn.recommendations.factories import CycleFactory
from cairn.recommendations.models import Recommendation, RegistryImport, Theme

pytestmark = pytest.mark.django_db

ROWS = "Le fichier dépasse 100\xa0000 lignes : découpez-le en plusieurs fichiers."
NUL = "Le fichier contient des caractères nuls : ce n’est pas un fichier texte."


@functools.cache
def hostile_tables() -> list[tuple[str, str, bytes, str]]:
    """(id, file name, content, message) of each hostile table, built once."""
    return [
        *((name, "registre.xlsx", data, message) for name, data, message in hostile_xlsx()),
        ("csv-of-too-many-rows", "registre.csv", b"email;titre\n" + b"a@example.org;x\n" * 100_001, ROWS),
        ("csv-too-wide", "registre.csv", b"email" + b";x" * 100 + b"\n", "Ligne 1 : plus de 100 colonnes remplies."),
        (
            "csv-giant-cell",
            "registre.csv",
            b"email;titre\na@example.org;" + b"x" * 200_000 + b"\n",
            "Ligne 2 : une cellule dépasse 32\xa0767 caractères.",
        ),
        ("csv-with-nul", "registre.csv", b"email;titre\na@example.org;A\x00B\n", NUL),
    ]


def tables() -> list[object]:
    return [pytest.param(index, id=case[0]) for index, case in enumerate(hostile_tables())]


PADS = [
    pytest.param(
        b"# Th\xe8me\n\n1. Une recommandation\n", "Le document n’est pas en UTF-8 : exportez le pad en Markdown (UTF-8).", id="latin-1"
    ),
    pytest.param(b"# Titre\n\n1. Une\x00 recommandation\n", NUL, id="nul"),
    pytest.param(b"\xef\xbb\xbf \n\n", "Le fichier est vide.", id="blank"),
]


@pytest.fixture
def coordinator_client(client: Client) -> Client:
    client.force_login(make_user("coordination"))
    return client


def written() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "member imports": MemberImport.objects.count(),
        "uploads": RegistryImport.objects.count(),
        "themes": Theme.objects.count(),
        "recommendations": Recommendation.objects.count(),
    }


def page_error(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", tables())
def test_the_member_import_page_refuses_a_hostile_table(coordinator_client: Client, case: int) -> None:
    _id, filename, data, message = hostile_tables()[case]
    before = written()

    response = coordinator_client.post("/fr/gestion/import-societaires/", {"file": SimpleUploadedFile(filename, data)})

    assert response.status_code == 400
    assert escape(message) in page_error(response)
    assert written() == before


@pytest.mark.parametrize("case", tables())
def test_the_registry_import_page_refuses_a_hostile_table(coordinator_client: Client, case: int) -> None:
    _id, filename, data, message = hostile_tables()[case]
    before = written()

    response = coordinator_client.post("/fr/gestion/import-registre/", {"file": SimpleUploadedFile(filename, data)})

    assert response.status_code == 400
    assert escape(message) in page_error(response)
    assert written() == before


@pytest.mark.parametrize("case", tables())
def test_the_member_import_command_refuses_a_hostile_table(tmp_path: Path, case: int) -> None:
    _id, filename, data, message = hostile_tables()[case]
    path = tmp_path / filename
    path.write_bytes(data)
    before = written()

    with pytest.raises(CommandError) as raised:
        call_command("import_members", str(path))

    assert str(raised.value) == message
    assert written() == before


@pytest.mark.parametrize("case", tables())
def test_the_registry_import_command_refuses_a_hostile_table(tmp_path: Path, case: int) -> None:
    _id, filename, data, message = hostile_tables()[case]
    path = tmp_path / filename
    path.write_bytes(data)
    before = written()

    with pytest.raises(CommandError) as raised:
        call_command("import_recommendations", str(path))

    assert str(raised.value) == message
    assert written() == before


@pytest.mark.parametrize(("data", "message"), PADS)
def test_the_registry_import_page_refuses_an_unreadable_pad(coordinator_client: Client, data: bytes, message: str) -> None:
    cycle = CycleFactory()
    before = written()

    response = coordinator_client.post("/fr/gestion/import-registre/", {"file": SimpleUploadedFile("pad.md", data), "cycle": cycle.pk})

    assert response.status_code == 400
    assert escape(message) in page_error(response)
    assert written() == before


@pytest.mark.parametrize(("data", "message"), PADS)
def test_the_registry_import_command_refuses_an_unreadable_pad(tmp_path: Path, data: bytes, message: str) -> None:
    cycle = CycleFactory()
    path = tmp_path / "pad.md"
    path.write_bytes(data)
    before = written()

    with pytest.raises(CommandError) as raised:
        call_command("import_recommendations", str(path), "--cycle", cycle.slug)

    assert str(raised.value) == message
    assert written() == before


def test_the_messages_are_translated(coordinator_client: Client) -> None:
    data = hostile.workbook(hostile.sheet(hostile.header_and_rows(["&secret;"]), prolog=hostile.EXTERNAL_ENTITY))

    response = coordinator_client.post("/nl/gestion/import-societaires/", {"file": SimpleUploadedFile("leden.xlsx", data)})

    assert response.status_code == 400
    assert "onveilige XML" in page_error(response)
