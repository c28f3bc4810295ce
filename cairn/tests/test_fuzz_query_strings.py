"""Every GET parameter of every list page and feed, fuzzed (hypothesis): the parameters a
page reads are taken from its filter form (``base_fields``) plus those the table below
names (``page``, ``mois``…); each example mixes plausible values (the form's own choices)
with hostile ones — unknown keys, huge numbers, dates out of range, NUL bytes,
very long strings, stray percent-escapes, repeated keys, an htmx request — as a visitor
and as a member. No answer may be a server error, on SQLite and on PostgreSQL (NUL bytes
and out-of-range numbers fail differently there).

Each page first gets a sweep (every parameter at each hostile value, alone and repeated),
then random combinations. The run is bounded and reproducible: ``derandomize=True`` (the
examples depend only on the test), no deadline (a cold page may be slow once), and a few
dozen examples per page: about a minute in all."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django import forms
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cairn.accounts.factories import OfficeFactory, UserFactory
from cairn.accounts.forms import DirectoryFilterForm
from cairn.events.factories import EventFactory, SeriesFactory
from cairn.events.forms import AgendaFilterForm, CheckInSearchForm
from cairn.events.services.registrations import registration_register
from cairn.projects.factories import ProjectFactory
from cairn.projects.forms import CarriedFilterForm, ProjectFilterForm, UpdateRequestLinkForm
from cairn.recommendations.forms import RegistryFilterForm
from cairn.recommendations.tests.registry_fixtures import build_registry
from cairn.reports.forms import ComparisonForm, DashboardFilterForm
from cairn.stories.factories import make_story
from cairn.stories.forms import StoryFilterForm

pytestmark = pytest.mark.django_db

#: (URL, its filter form or None, the other parameters it reads)
LIST_PAGES: list[tuple[str, type[forms.Form] | None, tuple[str, ...]]] = [
    ("/fr/evenements/", AgendaFilterForm, ("page",)),
    ("/fr/evenements/calendrier/", AgendaFilterForm, ("mois",)),
    ("/fr/evenements/agenda.ics", AgendaFilterForm, ()),
    ("/fr/evenements/series/{series}/agenda.ics", None, ()),
    ("/fr/recommandations/", RegistryFilterForm, ("page",)),
    ("/fr/cycles/{cycle}/", None, ("page",)),
    ("/fr/thematiques/{theme}/", None, ("page",)),
    ("/fr/groupes/{group}/", None, ("page",)),
    ("/fr/etat-des-lieux/", DashboardFilterForm, ()),
    ("/fr/etat-des-lieux/donnees-ouvertes/", DashboardFilterForm, ()),
    ("/fr/etat-des-lieux/donnees-ouvertes/chiffres.csv", DashboardFilterForm, ()),
    ("/fr/etat-des-lieux/donnees-ouvertes/recommandations.csv", DashboardFilterForm, ()),
    ("/fr/etat-des-lieux/editions/", None, ("page",)),
    ("/fr/etat-des-lieux/editions/comparer/", ComparisonForm, ()),
    ("/fr/recits/", StoryFilterForm, ("page",)),
    ("/fr/recits/flux/rss/", None, ("page", "lang")),
    ("/fr/recits/flux/atom/", None, ("page", "lang")),
    ("/fr/projets/", ProjectFilterForm, ("page",)),
    ("/fr/projets/a-realiser/", CarriedFilterForm, ("page",)),
    ("/fr/membres/", DirectoryFilterForm, ("page",)),
    ("/fr/notifications/", None, ("page",)),
    ("/fr/evenements/mes-evenements/", None, ()),
    ("/fr/", None, ()),
    # The member's own pages: the world makes them the event's organiser and the project's coordinator.
    ("/fr/evenements/{event}/inscrits/", None, ("page",)),
    ("/fr/evenements/{event}/presences/", CheckInSearchForm, ()),
    ("/fr/projets/{project}/actualites/nouvelle/", UpdateRequestLinkForm, ()),
]

HOSTILE = [
    "",
    "0",
    "-1",
    "1e309",
    "9" * 40,
    str(2**63),
    str(-(2**63) - 1),
    "0001-01-01",
    "9999-12-31",
    "2024-02-30",
    "2024-13",
    "9999-12",
    "\x00",
    "1\x00",
    "a" * 5000,
    "%ff%fe",
    "²",
    "١٢",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "NaN",
    "true",
]


def _choices(form_class: type[forms.Form] | None, name: str) -> list[str]:
    """The values the form offers for ``name`` (when they are written in its class)."""
    field = form_class.base_fields.get(name) if form_class else None
    choices = getattr(field, "choices", None) or []
    try:
        return [str(value) for value, _label in choices if not isinstance(_label, (list, tuple))][:20]
    except (TypeError, ValueError):
        return []


def values_for(form_class: type[forms.Form] | None, name: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.sampled_from(_choices(form_class, name) or ["1"]),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.dates().map(lambda d: d.isoformat()),
        st.text(max_size=30),
    )


@st.composite
def query_strings(draw: st.DrawFn, form_class: type[forms.Form] | None, extra: tuple[str, ...]) -> str:
    names = [*(form_class.base_fields if form_class else ()), *extra]
    pairs: list[tuple[str, str]] = []
    if names:
        for name in draw(st.lists(st.sampled_from(names), max_size=6)):  # a name may repeat
            pairs.append((name, draw(values_for(form_class, name))))
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        pairs.append((draw(st.text(min_size=1, max_size=12)), draw(st.sampled_from(HOSTILE))))
    return urlencode(pairs)


@pytest.fixture
def world() -> dict[str, Any]:
    """A little of everything the list pages show, so their filters have rows to act on;
    the ids and slugs the URLs of the table need."""
    registry = build_registry()
    OfficeFactory(name="Liège", city="Liège")
    member = UserFactory()
    event = EventFactory(title="Atelier", series=SeriesFactory())
    event.organisers.add(member)
    registration_register(event=event, user=UserFactory())
    project = ProjectFactory(title="Un projet", coordinator=member)
    make_story(published=True)
    return {
        "member": member,
        "event": event.pk,
        "project": project.pk,
        "cycle": next(iter(registry.cycles.values())).slug,
        "theme": next(iter(registry.themes.values())).pk,
        "group": next(iter(registry.groups.values())).pk,
        "series": event.series_id,
    }


@pytest.mark.parametrize("role", ["visitor", "member"])
@pytest.mark.parametrize(("url", "form_class", "extra"), LIST_PAGES, ids=[page[0] for page in LIST_PAGES])
def test_no_query_string_makes_a_server_error(
    client: Client, world: dict[str, Any], role: str, url: str, form_class: type[forms.Form] | None, extra: tuple[str, ...]
) -> None:
    if role == "member":
        client.force_login(world["member"])
    names = [*(form_class.base_fields if form_class else ()), *extra]
    url = url.format(**world)

    # First a sweep: every parameter at once at each hostile value, then each repeated
    # (a plausible value and the hostile one), so no known trap is left to chance.
    for value in HOSTILE:
        for pairs in ([(name, value) for name in names], [(name, v) for name in names for v in (*_choices(form_class, name)[1:2], value)]):
            response = client.get(f"{url}?{urlencode(pairs)}")
            assert response.status_code < 500, f"{url}?{urlencode(pairs)}"

    @settings(
        max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
    )
    @given(query=query_strings(form_class, extra), htmx=st.booleans())
    def check(query: str, htmx: bool) -> None:
        headers: dict[str, Any] = {"HX-Request": "true"} if htmx else {}
        response = client.get(f"{url}?{query}", headers=headers)
        assert response.status_code < 500, f"{url}?{query}"

    check()
