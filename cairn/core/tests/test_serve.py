"""``cairn serve`` recycles its gunicorn workers (memory gathered over days is given back)."""

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
