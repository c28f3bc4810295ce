"""The open-data files are built by the worker, once per state of the data, language,
audience and filters, and downloads serve them from storage: a download never builds a
file, a change of the data builds the files people use again in the background, and no
viewer ever gets the file of another audience."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.files.storage import storages
from django.db import connection, transaction
from django.tasks import default_task_backend
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from cairn.accounts.tests.helpers import make_user
from cairn.core.lanes import BULK
from cairn.recommendations.tests.registry_fixtures import Registry, assess, build_registry
from cairn.reports import exports, services, views
from cairn.reports.models import ExportFile
from cairn.reports.tasks import build_export

pytestmark = pytest.mark.django_db

DOWNLOADS = "/fr/etat-des-lieux/donnees-ouvertes/"
FILES = ["recommandations.csv", "chiffres.xlsx", "chiffres.json", "chiffres.csv", "datapackage.json"]
#: Tasks are queued, not run: what the worker would find.
QUEUED_ONLY = {"TASKS": {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default", BULK]}}}


@pytest.fixture
def reg() -> Registry:
    return build_registry()


def rows(client: Client, query: str = "") -> list[dict[str, str]]:
    response = client.get(DOWNLOADS + "recommandations.csv" + query)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.getvalue().decode())))


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    for name in ("list_csv", "figures_xlsx", "figures_json", "figures_csv"):
        original = getattr(exports, name)
        monkeypatch.setattr(exports, name, lambda *a, _o=original, _n=name, **k: calls.append(_n) or _o(*a, **k))
    return calls


@pytest.mark.parametrize("filename", FILES)
def test_a_file_is_built_once_then_served_from_storage(client: Client, reg: Registry, builds: list[str], filename: str) -> None:
    first = client.get(DOWNLOADS + filename)
    built = list(builds)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(DOWNLOADS + filename)

    assert first.status_code == again.status_code == 200
    assert again.getvalue() == first.getvalue()
    assert builds == built  # nothing built again
    assert len(queries) == 1  # the stamp comes from the cache; one indexed look-up of the stored file
    assert again["Content-Disposition"] == f'attachment; filename="etat-des-lieux-{filename}"'
    assert ExportFile.objects.get().state == "ready"


def test_a_file_missing_from_storage_is_built_again_not_a_500(client: Client, reg: Registry, builds: list[str], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # A database restored without its files, a lost volume: the row says ready, the file is gone.
    first = client.get(DOWNLOADS + "chiffres.json")
    storages["private"].delete(ExportFile.objects.get().file.name)

    again = client.get(DOWNLOADS + "chiffres.json")  # tasks run at once here: built again, then served
    assert again.status_code == 200 and again.getvalue() == first.getvalue()
    assert builds == ["figures_json", "figures_json"]

    # With a worker that has not built it yet, the reader is told it is being prepared.
    monkeypatch.setattr(views, "DOWNLOAD_WAIT_SECONDS", 0)
    storages["private"].delete(ExportFile.objects.get().file.name)
    with override_settings(**QUEUED_ONLY):
        default_task_backend.clear()
        pending = client.get(DOWNLOADS + "chiffres.json")
        queued = [result.task.name for result in default_task_backend.results]
    assert pending.status_code == 202 and "est en cours de préparation" in pending.content.decode()
    assert queued == ["build_export"]


def test_a_download_never_builds_the_file_and_asks_the_worker_once(
    client: Client, reg: Registry, builds: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "DOWNLOAD_WAIT_SECONDS", 0)
    with override_settings(**QUEUED_ONLY):
        default_task_backend.clear()
        first = client.get(DOWNLOADS + "chiffres.csv")
        second = client.get(DOWNLOADS + "chiffres.csv")
        queued = [(result.task.name, result.task.queue_name) for result in default_task_backend.results]
        export_id = default_task_backend.results[0].kwargs["export_id"]

    assert first.status_code == second.status_code == 202
    assert first["Retry-After"] == "5"
    assert "est en cours de préparation" in first.content.decode()
    assert builds == []  # the request built nothing
    assert queued == [("build_export", BULK)]  # once, in the bulk lane, however many ask

    assert services.export_build(export_id=export_id) == "built"  # what the worker does
    assert services.export_build(export_id=export_id) == "skipped"  # a re-run builds nothing
    ready = client.get(DOWNLOADS + "chiffres.csv")
    assert ready.status_code == 200 and ready.getvalue().startswith(b"breakdown,key,label")
    assert builds == ["figures_csv"]


def test_a_change_of_the_data_builds_the_files_again_in_the_background(
    client: Client, reg: Registry, builds: list[str], django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    before = client.get(DOWNLOADS + "chiffres.json").getvalue()
    old = ExportFile.objects.get()
    assert builds == ["figures_json"]

    with django_capture_on_commit_callbacks(execute=True):
        assess(reg.recs["acc3"], "done", datetime.date(2024, 5, 1))
    assert builds == ["figures_json", "figures_json"]  # rebuilt by the worker after the commit

    after = client.get(DOWNLOADS + "chiffres.json").getvalue()
    assert after != before
    assert builds == ["figures_json", "figures_json"]  # the download only served it
    assert list(ExportFile.objects.values_list("state", flat=True)) == ["ready"]  # the old one is gone…
    assert not storages["private"].exists(old.file.name)  # …with its file


def test_a_whole_import_queues_one_rebuild(reg: Registry, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with override_settings(**QUEUED_ONLY):
        default_task_backend.clear()
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            for rec in list(reg.recs.values())[:4]:
                assess(rec, "in_progress", datetime.date(2024, 6, 1))
        queued = [result.task.name for result in default_task_backend.results]
        assert queued.count("refresh_exports") == 1
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():  # while it waits in the queue
            assess(reg.recs["num1"], "done", datetime.date(2024, 7, 1))
        queued = [result.task.name for result in default_task_backend.results]
    assert queued.count("refresh_exports") == 1  # the waiting refresh will read this change too


def test_filters_and_languages_have_their_own_files(client: Client, reg: Registry) -> None:
    everything, belgium = rows(client), rows(client, "?country=BE")

    assert len(belgium) < len(everything)
    assert rows(client) == everything
    assert client.get("/nl/etat-des-lieux/donnees-ouvertes/chiffres.csv").getvalue() != client.get(DOWNLOADS + "chiffres.csv").getvalue()
    assert ExportFile.objects.count() == 4


def test_no_viewer_gets_the_file_of_another_audience(reg: Registry) -> None:
    public, coordination = Client(), Client()
    coordination.force_login(make_user("coordination"))

    seen_by_public = rows(public)
    seen_by_coordination = rows(coordination)  # after the public file is stored
    assert len(seen_by_coordination) > len(seen_by_public)  # the internal recommendation
    assert rows(Client()) == seen_by_public  # and the other way round
    assert rows(coordination) == seen_by_coordination
    assert sorted(ExportFile.objects.values_list("audience", flat=True)) == ["internal", "public"]


def test_an_internal_file_is_not_built_for_someone_who_lost_the_role(reg: Registry) -> None:
    coordinator = make_user("coordination")
    variant = services.export_variant(filename="recommandations.csv", language="fr", audience="internal", params={})
    with override_settings(**QUEUED_ONLY):
        export = services.export_request(variant=variant, requested_by=coordinator)
    coordinator.groups.clear()

    with pytest.raises(PermissionError):
        build_export.call(export_id=export.pk)
    export.refresh_from_db()
    assert (export.state, export.file.name) == ("failed", "")
