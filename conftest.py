"""Fixtures shared by every test: roles, members of each role, and the browser setup."""

from __future__ import annotations

import os
import shutil
import tempfile

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
