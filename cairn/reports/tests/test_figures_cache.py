"""The state of play's figures and charts are cached on the stamps, with ``as_of`` taken to
the date of the last change on or before it, in the cache every process shares: any date
between two changes reads one entry, and a restart computes nothing again."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from cairn.core.stamps import cache
from cairn.recommendations.selectors.registry import RegistryFilters
from cairn.recommendations.tests.registry_fixtures import Registry, assess, build_registry
from cairn.reports import figures

pytestmark = pytest.mark.django_db

UNCACHED: Callable[..., figures.Figures] = figures.figures


@pytest.fixture
def reg() -> Registry:
    registry = build_registry()
    assess(registry.recs["acc3"], "done", datetime.date(2024, 5, 1))
    return registry


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[datetime.date | None]:
    calls: list[datetime.date | None] = []
    monkeypatch.setattr(
        figures, "figures", lambda *, viewer, filters: calls.append(filters.as_of) or UNCACHED(viewer=viewer, filters=filters)
    )
    return calls


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import vl_convert

    calls: list[str] = []
    original = vl_convert.vegalite_to_svg
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", lambda spec, *a, **k: calls.append("svg") or original(spec, *a, **k))
    return calls


def _as_of(day: datetime.date) -> figures.Figures:
    return figures.figures_for(viewer=AnonymousUser(), filters=RegistryFilters(as_of=day))


def test_two_dates_between_the_same_changes_are_computed_once(reg: Registry, computed: list) -> None:
    last_change = max(figures.change_dates())
    days = (last_change + datetime.timedelta(days=3), last_change + datetime.timedelta(days=200))

    shown = [_as_of(day) for day in days]

    assert computed == [last_change]  # one computation, as of the change itself
    for day, got in zip(days, shown, strict=True):  # and the same figures as each date computed alone
        assert got.as_of == day
        assert got.as_dict() == UNCACHED(viewer=AnonymousUser(), filters=RegistryFilters(as_of=day)).as_dict()


def test_a_change_in_between_gives_its_own_entry(reg: Registry, computed: list) -> None:
    before = _as_of(datetime.date(2024, 5, 10))
    assess(reg.recs["acc1"], "in_progress", datetime.date(2024, 5, 20))

    after = _as_of(datetime.date(2024, 5, 25))
    assert computed == [datetime.date(2024, 5, 1), datetime.date(2024, 5, 20)]
    assert after.overall != before.overall


def test_a_restart_computes_and_draws_nothing_again(reg: Registry, computed: list, drawn: list) -> None:
    url = "/fr/etat-des-lieux/?as_of=2024-06-30"
    first = Client().get(url)
    assert first.status_code == 200 and computed and drawn
    computed.clear()
    drawn.clear()

    cache.clear()  # a restart: this process's memory is empty, the shared cache is not
    again = Client().get(url)

    assert again.status_code == 200
    assert computed == [] and drawn == []
    assert again.content.count(b"<svg") == first.content.count(b"<svg")
