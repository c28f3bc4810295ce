"""The PDF: asked for on its page, built by the task from the page templates, cached until
the data changes; its text holds the headline figures and the annex."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.test import Client

from cairn.recommendations.models import Status
from cairn.recommendations.tests.registry_fixtures import Registry, assess, build_registry
from cairn.reports.models import ReportPdf
from cairn.reports.services import category_analysis_update, edition_publish, report_pdf_build, report_pdf_request

pytestmark = pytest.mark.django_db

URL = "/fr/etat-des-lieux/pdf/"


@pytest.fixture
def reg() -> Registry:
    registry = build_registry()
    for key, category in registry.categories.items():
        category_analysis_update(category=category, text_fr=f"Analyse {key} : bilan.", text_nl=f"Analyse {key} NL.", text_en="", actor=None)
    return registry


def pdf_text(pdf: ReportPdf) -> str:
    if shutil.which("pdftotext") is None:
        # CI installs it (.ci/run): there a missing pdftotext fails instead of skipping.
        (pytest.fail if os.environ.get("CI") else pytest.skip)("pdftotext (poppler-utils) is not installed: apt-get install poppler-utils")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(pdf.file.open("rb").read())
        out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", out)


def test_asking_builds_the_pdf_in_the_task_then_offers_it(client: Client, reg: Registry, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    assert "Préparer le PDF" in client.get(URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL)
    assert response.status_code == 302
    pdf = ReportPdf.objects.get()
    assert (pdf.state, pdf.language, pdf.edition) == (ReportPdf.State.READY, "fr", None)
    page = client.get(URL).content.decode()
    assert "Le PDF est prêt." in page
    download = client.get(f"/fr/etat-des-lieux/pdf/{pdf.pk}/telecharger/")
    assert download["Content-Type"] == "application/pdf"
    text = pdf_text(pdf)
    assert "Taux de réalisation : 40 % — 2 réalisées sur 5 évaluées" in text
    assert "Analyse eco : bilan." in text
    assert "2019-20/GOV/01" in text and "Expliqué en assemblée générale." in text  # annex with the public comment
    assert "Note sur les salaires" not in text  # internal


def test_the_same_data_reuses_the_pdf_and_a_change_makes_a_new_one(reg: Registry, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        first = report_pdf_request(edition=None, language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        again = report_pdf_request(edition=None, language="fr")
    assert again.pk == first.pk
    assert report_pdf_build(pdf_id=first.pk) == "skipped"  # a re-run of the task does nothing
    assess(reg.recs["acc3"], Status.DONE, datetime.date(2024, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        changed = report_pdf_request(edition=None, language="fr")
    assert changed.pk != first.pk
    assert ReportPdf.objects.count() == 2


def test_an_edition_pdf_in_dutch(client: Client, reg: Registry, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    edition_publish(title="État des lieux 2023", as_of=datetime.date(2023, 1, 1), actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/nl/etat-des-lieux/editions/etat-des-lieux-2023/pdf/")
    pdf = ReportPdf.objects.get()
    assert (pdf.language, pdf.edition.slug) == ("nl", "etat-des-lieux-2023")  # type: ignore[union-attr]
    text = pdf_text(pdf)
    assert "État des lieux 2023" in text
    assert "Analyse eco NL." in text


def test_a_pdf_not_ready_or_unknown_is_404(client: Client, reg: Registry) -> None:
    pdf = ReportPdf.objects.create(key="x" * 64, language="fr")
    assert client.get(f"/fr/etat-des-lieux/pdf/{pdf.pk}/telecharger/").status_code == 404
    assert client.get("/fr/etat-des-lieux/editions/inconnue/pdf/").status_code == 404


def test_an_analysis_naming_a_local_url_or_file_fetches_nothing(reg: Registry, recorder, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    port = recorder.server_address[1]
    category = next(iter(reg.categories.values()))
    text = f"Bilan.\n\n![carte](http://127.0.0.1:{port}/interne.png)\n\n![mots de passe](file:///etc/passwd)"
    category_analysis_update(category=category, text_fr=text, text_nl="NL", text_en="", actor=None)

    with django_capture_on_commit_callbacks(execute=True):
        pdf = report_pdf_request(edition=None, language="fr")

    pdf.refresh_from_db()
    assert pdf.state == ReportPdf.State.READY  # built, without the images
    assert recorder.hits == []
