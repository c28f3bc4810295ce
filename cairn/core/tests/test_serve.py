"""``cairn serve`` recycles its gunicorn workers (memory gathered over days is given back),
forking them from an application loaded once (``--preload``)."""

from __future__ import annotations

import pytest

from cairn.cli import _gunicorn_args


def option(args: list[str], name: str) -> str:
    return args[args.index(name) + 1]


def test_workers_are_recycled_with_jitter_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CAIRN_MAX_REQUESTS", raising=False)
    monkeypatch.delenv("CAIRN_MAX_REQUESTS_JITTER", raising=False)
    args = _gunicorn_args("127.0.0.1", 8000, 5)

    assert option(args, "--max-requests") == "2000"
    assert option(args, "--max-requests-jitter") == "200"


def test_the_recycling_is_set_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAIRN_MAX_REQUESTS", "500")
    monkeypatch.setenv("CAIRN_MAX_REQUESTS_JITTER", "50")
    args = _gunicorn_args("127.0.0.1", 8000, 5)

    assert (option(args, "--max-requests"), option(args, "--max-requests-jitter")) == ("500", "50")


def test_workers_are_forked_from_the_loaded_application() -> None:
    """``--preload`` loads the application in gunicorn's master, then forks the workers: it
    is only safe if loading it opens no database connection and starts no thread, which a
    forked worker would share with its siblings."""
    import threading

    from django.db import connections

    assert "--preload" in _gunicorn_args("127.0.0.1", 8000, 5)
    for connection in connections.all():
        connection.close()
    threads = {thread.ident for thread in threading.enumerate()}

    import importlib

    import cairn.wsgi

    importlib.reload(cairn.wsgi)  # what the master does: build the WSGI application

    assert all(connection.connection is None for connection in connections.all())
    assert {thread.ident for thread in threading.enumerate()} == threads
