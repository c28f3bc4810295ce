"""Security settings and headers: ``check --deploy`` passes with production settings, every
page carries its protective headers, HTTPS is enforced except for the health checks.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

REPO = Path(__file__).resolve().parents[3]


def run_check_deploy(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """``manage.py check --deploy`` in a fresh process, with a production-like environment."""
    # Only what production sets: nothing inherited from the test run (DEBUG, the test
    # settings module, DJANGO_ALLOW_ASYNC_UNSAFE from conftest.py…).
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "cairn.settings",
        "SECRET_KEY": "k8#Qv2!mZ@pL9^wX4&rT7*yB1$nH6%cJ3(eF0)uA5-sD8+gK2=oI4_lP7~",
        "ALLOWED_HOSTS": "cairn.example.org",
        "EMAIL_HOST": "smtp.example.org",
        "CAIRN_DATA_DIR": str(tmp_path),
        **extra,
    }
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_with_production_settings(tmp_path: Path) -> None:
    result = run_check_deploy(tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNING" not in result.stderr


def test_check_deploy_would_catch_debug_left_on(tmp_path: Path) -> None:
    # The same check fails when DEBUG is on: the test above is not passing by accident.
    result = run_check_deploy(tmp_path, DEBUG="true")

    assert result.returncode == 1
    assert "security.W018" in result.stderr


@pytest.mark.django_db
def test_a_page_carries_the_security_headers(client: Client) -> None:
    response = client.get("/fr/")

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = dict(directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";"))
    nonce = re.fullmatch(r"'self' 'nonce-([A-Za-z0-9+/=_-]+)'", csp["script-src"])
    assert nonce is not None
    assert csp["default-src"] == "'self'"
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    # The page's own script carries the nonce of its response, and no script runs without it.
    scripts = re.findall(r"<script[^>]*>", response.text)
    assert scripts == [f'<script src="/static/cairn/vendor/htmx.min.js" defer nonce="{nonce.group(1)}">']


@pytest.mark.django_db
def test_each_response_gets_its_own_nonce(client: Client) -> None:
    first = client.get("/fr/")["Content-Security-Policy"]
    second = client.get("/fr/")["Content-Security-Policy"]

    assert first != second


@pytest.mark.django_db
def test_https_is_enforced_except_for_health_checks(client: Client, settings) -> None:
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/fr/processus/").status_code == 301
    assert client.get("/fr/processus/")["Location"] == "https://testserver/fr/processus/"
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    secure = client.get("/fr/processus/", secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure(client: Client) -> None:
    from cairn.accounts.factories import PASSWORD, UserFactory

    UserFactory(email="ada@example.org")
    client.get("/fr/compte/login/")
    response = client.post("/fr/compte/login/", {"login": "ada@example.org", "password": PASSWORD})

    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
