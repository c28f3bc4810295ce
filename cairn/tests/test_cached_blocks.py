"""No cached block serves one viewer's data to another: on every benchmark page two roles
may open, the second role's page after the first filled the caches is the page it gets
from empty caches. The state of play's body, the registry's facets, the directory's
count, the home page's figures and sections, the open-data files, the paginators' counts
and the stamps are all filled by one role and read by the other here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from cairn.core.stamps import cache
from cairn.projects.factories import ProjectFactory
from cairn.recommendations.factories import RecommendationFactory
from cairn.recommendations.models import Theme
from cairn.recommendations.services.assessments import assessment_record
from cairn.tests.page_snapshots import bench_pages, clients, frozen_clock, main_content, page_path, seeded_cooperative

pytestmark = pytest.mark.django_db

#: (who fills the caches, who reads them): each pair of roles that see different things.
PAIRS = [("staff", "visitor"), ("visitor", "staff"), ("member", "visitor"), ("visitor", "member")]
SIGNED_IN_PAIRS = [("staff", "member"), ("member", "staff")]
#: Pages where the roles of a pair see different data: the test would catch a shared block.
DIFFERENT_FOR = {
    ("member", "visitor"): {"directory", "home", "agenda", "calendar", "recommendation"},
    ("staff", "visitor"): {
        "home",
        "registry",
        "state-of-play",
        "open-data-figures",
        "api-figures",
        "directory",
        "still-to-carry-out",
        "projects",
        "agenda",
        "calendar",
        "recommendation",
    },
}

CASES = [
    (page, first, second)
    for page in bench_pages().PAGES
    if page.name != bench_pages().BASELINE and not page.staff
    for first, second in (SIGNED_IN_PAIRS if page.member else PAIRS)
]


@pytest.fixture(scope="module")
def cooperative(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Client]]:
    with django_db_blocker.unblock(), seeded_cooperative():
        # One internal recommendation: the coordination team counts and lists it, a
        # visitor never sees it, so the registry's and the state of play's blocks differ.
        theme = Theme.objects.filter(is_internal=False, cycle__is_internal=False).order_by("pk").first()
        # Its number is one the seed never gives (the factory's own would depend on the tests run before).
        internal = RecommendationFactory(theme=theme, number="900", is_internal=True, title="Recommandation interne de l’essai")
        # Not done: "still to carry out" lists and counts it for the coordination team only.
        assessment_record(actor=None, recommendation=internal, status="not_done", effective_date=datetime.date(2024, 1, 1))
        # The newest project, internal: first in the coordination team's list of projects
        # only, and an option of their agenda's "Projet" filter.
        ProjectFactory(title="Projet interne de l’essai", is_internal=True)
        yield clients()


@pytest.mark.parametrize(("page", "first", "second"), CASES, ids=[f"{p.name}-{a}-then-{b}" for p, a, b in CASES])
def test_a_role_never_gets_the_page_another_role_cached(cooperative: dict[str, Client], page: Any, first: str, second: str) -> None:
    with frozen_clock():
        path = page_path(page)
        cache.clear()
        alone = main_content(cooperative[second].get(path))
        cache.clear()
        filled_by_first = main_content(cooperative[first].get(path))
        after_first = main_content(cooperative[second].get(path))
    assert after_first == alone, f"{second} got {first}'s cached {page.name}"
    if page.name in DIFFERENT_FOR.get((first, second), set()) | DIFFERENT_FOR.get((second, first), set()):
        assert filled_by_first != alone, f"{first} and {second} should see different {page.name} pages"
