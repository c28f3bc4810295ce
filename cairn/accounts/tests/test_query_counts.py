"""Query counts of the accounts pages, pinned (STYLE.md §12): the same number of queries
with N and 10 × N profiles. A change here means a page started to query per row.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from cairn.accounts.factories import OfficeFactory, SectorFactory, SkillFactory, UserFactory
from cairn.accounts.models import Visibility
from cairn.accounts.selectors import DIRECTORY_PAGE_SIZE, directory_paginator, profile_directory
from cairn.accounts.tests.helpers import make_user
from cairn.tests.page_snapshots import main_content

pytestmark = pytest.mark.django_db

N = 3
#: The directory's blocks are kept under the people's stamp (two queries, then cached).
PEOPLE_STAMP = 2
#: The directory built: the count, the form's offices and sectors, the page, its skills.
DIRECTORY_QUERIES = 5


def make_profiles(count: int) -> None:
    """Profiles with everything a directory card shows: office, sector and two skills each."""
    for n in range(count):
        user = UserFactory(
            profile__visibility=Visibility.PUBLIC,
            profile__profession=f"Métier {n}",
            profile__office=OfficeFactory(),
            profile__sector=SectorFactory(),
        )
        user.profile.skills.add(SkillFactory(), SkillFactory())


@pytest.mark.parametrize("count", [N, 10 * N])
def test_directory_queries_for_a_visitor(client: Client, django_assert_num_queries, count: int) -> None:
    make_profiles(count)

    # 1–2 the people's stamp (the kept blocks' key: the profiles' latest change, the
    # deactivated accounts), then 3 COUNT of visible profiles (the paginator, for "N profils
    # visibles"), 4 offices and 5 sectors for the filter form's two <select>, 6 the page of
    # profiles, with user, office and sector joined, 7 their skills (one prefetch)
    with django_assert_num_queries(PEOPLE_STAMP + DIRECTORY_QUERIES):
        response = client.get("/fr/membres/")

    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == min(count, 24)
    # Kept while no profile changes: the same page, no query.
    with django_assert_num_queries(0):
        again = client.get("/fr/membres/")
    assert main_content(again) == main_content(response)


@pytest.mark.parametrize("count", [N, 10 * N])
@pytest.mark.parametrize("where", ["after", "before", "last"])
def test_a_deep_or_last_directory_page_costs_what_the_first_does(client: Client, django_assert_num_queries, count: int, where: str) -> None:
    """Keyset pages: a cursor seeks in the name index, no OFFSET; the same queries as the
    first page, whatever the depth (from a row a page's length into the list)."""
    make_profiles(DIRECTORY_PAGE_SIZE + count)
    profiles = profile_directory(viewer=AnonymousUser())
    cursor = directory_paginator(profiles, viewer=AnonymousUser(), filters={}).cursor(profiles[DIRECTORY_PAGE_SIZE + count // 2])

    with django_assert_num_queries(PEOPLE_STAMP + DIRECTORY_QUERIES):
        response = client.get("/fr/membres/", {where: "1" if where == "last" else cursor})

    assert response.status_code == 200
    expected = count - count // 2 - 1 if where == "after" else DIRECTORY_PAGE_SIZE
    assert len(response.context["page_obj"].object_list) == expected


@pytest.mark.parametrize("count", [N, 10 * N])
def test_directory_queries_for_a_member(client: Client, django_assert_num_queries, count: int) -> None:
    make_profiles(count)
    client.force_login(make_user("member"))
    other = Client()
    other.force_login(make_user("member"))

    # 1 session  2 the account with its own profile (the account menu) and roles, then
    # the directory's queries for their scope (the people's stamp, then what a visitor's
    # page runs)
    with django_assert_num_queries(2 + PEOPLE_STAMP + DIRECTORY_QUERIES):
        response = client.get("/fr/membres/")
    assert response.status_code == 200
    # Every member sees the same profiles: the next member's page is kept.
    with django_assert_num_queries(2):
        assert main_content(other.get("/fr/membres/")) == main_content(response)


@pytest.mark.parametrize("count", [N, 10 * N])
def test_profile_page_queries(client: Client, django_assert_num_queries, count: int) -> None:
    make_profiles(count)
    profile = UserFactory(profile__visibility=Visibility.PUBLIC, profile__office=OfficeFactory()).profile
    profile.skills.add(*[SkillFactory() for _ in range(count)])

    # 1–2 the people's stamp (the kept page's key), 3 the profile with user, office, sector
    # and department, 4 its skills, 5 its interests
    with django_assert_num_queries(5):
        response = client.get(f"/fr/membres/{profile.pk}/")

    assert response.status_code == 200
    # Kept for every visitor, with who may see it: no query.
    with django_assert_num_queries(0):
        again = Client().get(f"/fr/membres/{profile.pk}/")
    assert main_content(again) == main_content(response)
