"""``manage.py import_members``: the same import as the page, from a terminal."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cairn.accounts.models import MemberImport, Role, User
from cairn.accounts.tests.helpers import accounts_snapshot, make_user

pytestmark = pytest.mark.django_db


def write(tmp_path: Path, content: str, name: str = "membres.csv") -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_the_command_imports_and_invites(tmp_path: Path, django_capture_on_commit_callbacks, mailoutbox: list) -> None:
    path = write(tmp_path, "email,nom,langue\nlea@example.org,Léa,fr\njan@example.org,Jan,nl\n")
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_members", str(path), stdout=out)

    assert out.getvalue().strip() == (
        "Imported: 2 created, 0 existing accounts recognised as members, 0 updated, 0 unchanged. Invitations are queued for the worker."
    )
    assert sorted(User.objects.values_list("email", flat=True)) == ["jan@example.org", "lea@example.org"]
    assert MemberImport.objects.get().created_by is None
    assert sorted(m.to[0] for m in mailoutbox) == ["jan@example.org", "lea@example.org"]


def test_the_command_recognises_an_account_that_signed_up(tmp_path: Path, django_capture_on_commit_callbacks, mailoutbox: list) -> None:
    signed_up = make_user("registered", email="lea@example.org")
    path = write(tmp_path, "email,nom,langue\nLEA@example.org,Léa Martin,fr\njan@example.org,Jan,nl\n")
    dry, out = StringIO(), StringIO()

    call_command("import_members", str(path), "--dry-run", stdout=dry)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_members", str(path), stdout=out)

    assert dry.getvalue().strip() == (
        "Dry run: 1 to create, 1 existing accounts to recognise as members, 0 to update, 0 unchanged. Nothing was written."
    )
    assert out.getvalue().strip() == (
        "Imported: 1 created, 1 existing accounts recognised as members, 0 updated, 0 unchanged. Invitations are queued for the worker."
    )
    assert set(User.objects.get(pk=signed_up.pk).groups.values_list("name", flat=True)) == {Role.MEMBER}
    assert sorted(User.objects.values_list("email", flat=True)) == ["jan@example.org", "lea@example.org"]
    assert [m.to for m in mailoutbox] == [["jan@example.org"]]  # the account that signed up has its password


def test_a_dry_run_writes_nothing(tmp_path: Path, mailoutbox: list) -> None:
    path = write(tmp_path, "email,nom\nlea@example.org,Léa\n")
    before = accounts_snapshot()
    out = StringIO()

    call_command("import_members", str(path), "--dry-run", stdout=out)

    assert out.getvalue().strip() == (
        "Dry run: 1 to create, 0 existing accounts to recognise as members, 0 to update, 0 unchanged. Nothing was written."
    )
    assert accounts_snapshot() == before
    assert mailoutbox == []


def test_errors_are_listed_and_nothing_is_imported(tmp_path: Path) -> None:
    path = write(tmp_path, "email,nom\nlea@example.org,Léa\npas-une-adresse,X\nlea@example.org,Encore\n")
    before = accounts_snapshot()
    err = StringIO()

    with pytest.raises(CommandError, match=r"^2 error\(s\): nothing was imported\.$"):
        call_command("import_members", str(path), stderr=err)

    assert err.getvalue().splitlines() == [
        "row 3, email: Adresse e-mail invalide : « pas-une-adresse ».",
        "row 4, email: Adresse déjà présente à la ligne 2 du fichier.",
    ]
    assert accounts_snapshot() == before


def test_a_missing_or_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"^Cannot read .*absent\.csv: No such file or directory$"):
        call_command("import_members", str(tmp_path / "absent.csv"))
    with pytest.raises(CommandError, match=r"^Le fichier est vide\.$"):
        call_command("import_members", str(write(tmp_path, "")))
