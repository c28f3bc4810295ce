"""Fixtures shared by every test: roles, members of each role, and the browser setup."""

from __future__ import annotations

import http.server
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright runs its own event loop in the test thread; Django's ORM refuses to run from
# a thread with a running loop unless told it is safe, which it is in a test run.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Chromium writes to $HOME; keep it out of the developer's home directory.
_home = tempfile.mkdtemp(prefix="cairn-test-home-")
for variable in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
    os.environ.setdefault(variable, _home)

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
# On a laptop without Chromium the browser tests skip; in CI (.ci/run sets this) a missing
# browser fails them instead, so a green run always means they ran.
REQUIRE_BROWSER = os.environ.get("CAIRN_REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes"}
NO_CHROMIUM = "Browser tests need Debian's Chromium (/usr/bin/chromium): apt-get install -y chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if CHROMIUM is None:
        if REQUIRE_BROWSER:
            pytest.fail(f"CAIRN_REQUIRE_BROWSER is set and no Chromium was found. {NO_CHROMIUM}", pytrace=False)
        pytest.skip(NO_CHROMIUM)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def _no_language_left_active():
    """A request or an e-mail in Dutch must not leave Dutch active for the next test: the
    test client's LocaleMiddleware activates the request's language in this thread."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start each test with an empty pages' cache: a cached page, count or stamp
    (``cairn.core.stamps``) would otherwise outlive the rows the previous test rolled back;
    the live server shares this process's memory too. The shared cache (allauth's
    rate-limit counters, used TOTP codes) is a database table: rolled back after each
    test, or flushed after a live-server one, like every other table."""
    from cairn.core.stamps import cache

    cache.clear()


class RecordingServer(http.server.ThreadingHTTPServer):
    hits: list[str]


@pytest.fixture
def recorder() -> Iterator[RecordingServer]:
    """A real HTTP server on 127.0.0.1 that answers a small image and remembers every path
    asked: a test proves with it that something was, or was not, fetched."""
    from django.conf import settings

    image = (Path(settings.BASE_DIR) / "cairn/core/static/cairn/favicon.svg").read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # the name http.server calls
            server.hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/svg+xml")
            self.end_headers()
            self.wfile.write(image)

        def log_message(self, *args: object) -> None:
            pass

    server = RecordingServer(("127.0.0.1", 0), Handler)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
