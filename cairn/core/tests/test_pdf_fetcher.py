"""What a PDF may read while it is built (``cairn.core.pdf``): Cairn's own static files and
public media files, from disk; never the network, never another file of the server. Tested
with a real HTTP server that records every request, with real files and a symbolic link,
and through the state of play's PDF with an analysis that names hostile images."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from cairn.core.pdf import html_to_pdf, resolve_local_file

REPO = Path(__file__).resolve().parents[3]
SITE = "https://cairn.example.org"


def test_the_recording_server_records_what_fetches_it(recorder: Any) -> None:
    # The server is reachable: the test below is not passing because nothing could reach it.
    import urllib.request

    port = recorder.server_address[1]
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/probe") as response:  # a local test server
        assert response.status == 200
    assert recorder.hits == ["/probe"]


@override_settings(SITE_URL=SITE)
def test_a_pdf_reads_no_url_and_no_file_of_the_server(recorder: Any, caplog: pytest.LogCaptureFixture) -> None:
    port = recorder.server_address[1]
    hostile = [
        f"http://127.0.0.1:{port}/image.png",
        f"http://127.0.0.1:{port}/static/cairn/favicon.svg",
        "file:///etc/passwd",
        "/etc/passwd",
        f"{SITE}/static/../../../../etc/passwd",
        f"{SITE}/static/%2e%2e/%2e%2e/etc/passwd",
        f"{SITE}/media/../private/x.pdf",
    ]
    html = "".join(f'<img src="{url}" alt="">' for url in hostile) + f'<link rel="stylesheet" href="http://127.0.0.1:{port}/s.css">'

    with caplog.at_level(logging.WARNING, logger="cairn.core.pdf"):
        pdf = html_to_pdf(f"<p>Bonjour</p>{html}")

    assert pdf.startswith(b"%PDF")  # built all the same, without the refused resources
    assert recorder.hits == []
    refused = [record.getMessage() for record in caplog.records if record.name == "cairn.core.pdf"]
    assert len(refused) == len(hostile) + 1
    assert any("127.0.0.1" in message for message in refused)
    assert any("/etc/passwd" in message for message in refused)


@override_settings(SITE_URL=SITE)
def test_only_the_sites_static_and_public_media_files_are_read(tmp_path: Path) -> None:
    media = tmp_path / "media"
    (media / "recits").mkdir(parents=True)
    (media / "recits" / "couverture.png").write_bytes(b"png")
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (media / "recits" / "lien.png").symlink_to(secret)
    private = tmp_path / "private"
    private.mkdir()
    (private / "piece.pdf").write_bytes(b"%PDF")

    with override_settings(MEDIA_ROOT=media, PRIVATE_MEDIA_ROOT=private):
        assert resolve_local_file(f"{SITE}/media/recits/couverture.png") == (media / "recits" / "couverture.png").resolve()
        assert resolve_local_file(f"{SITE}/static/cairn/favicon.svg") is not None
        assert resolve_local_file(f"{SITE}/media/recits/lien.png") is None  # a symbolic link out of the folder
        assert resolve_local_file(f"{SITE}/media/../private/piece.pdf") is None
        assert resolve_local_file(f"{SITE}/media/recits/absente.png") is None
        assert resolve_local_file("https://ailleurs.example.org/media/recits/couverture.png") is None
        assert resolve_local_file(f"file://{media}/recits/couverture.png") is None


def test_weasyprint_is_used_only_through_cairn_core_pdf() -> None:
    users = sorted(
        str(path.relative_to(REPO))
        for path in (REPO / "cairn").rglob("*.py")
        if "weasyprint" in path.read_text() and "tests" not in path.parts
    )

    assert users == ["cairn/core/pdf.py"]
