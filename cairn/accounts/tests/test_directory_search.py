"""The directory's search (``?q=``) through indexes: names, professions and exact skills,
each profile once, hidden ones never, without joining every profile to its skills."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cairn.accounts.factories import SkillFactory, UserFactory
from cairn.accounts.models import Visibility

pytestmark = pytest.mark.django_db


def names(client: Client, q: str) -> list[str]:
    html = client.get("/fr/membres/", {"q": q}).text
    return re.findall(r'<a href="/fr/membres/\d+/">([^<]*)</a>', html)


def test_a_profile_found_three_ways_is_listed_once(client: Client) -> None:
    marie = UserFactory(profile__display_name="Marie Dupont", profile__profession="Marionnettiste", profile__visibility=Visibility.PUBLIC)
    marie.profile.skills.add(SkillFactory(name="Mari"), SkillFactory(name="Marine"))
    UserFactory(profile__display_name="Jean", profile__profession="Marin", profile__visibility=Visibility.PUBLIC)
    by_skill = UserFactory(profile__display_name="Zoé", profile__visibility=Visibility.PUBLIC)
    by_skill.profile.skills.add(SkillFactory(name="Marie"))
    hidden = UserFactory(profile__display_name="Marie Cachée", profile__visibility=Visibility.MEMBERS)
    hidden.profile.skills.add(SkillFactory(name="Mar"))

    assert names(client, "mari") == ["Jean", "Marie Dupont"]  # profession, name and profession: once each
    assert names(client, "marie") == ["Marie Dupont", "Zoé"]  # name; a skill only when it is the whole word
    assert names(client, "mar") == ["Jean", "Marie Dupont"]  # the hidden profile's skill finds nobody
    assert names(client, "ma") == ["Jean", "Marie Dupont"]  # too short for the trigrams: another plan, the same profiles
    assert "1 profil visible" in client.get("/fr/membres/", {"q": "zoé"}).text


def test_the_search_neither_joins_the_skills_nor_removes_duplicates(client: Client) -> None:
    UserFactory(profile__display_name="Marie", profile__visibility=Visibility.PUBLIC)

    with CaptureQueriesContext(connection) as captured:
        client.get("/fr/membres/", {"q": "marie"})

    listings = [q["sql"] for q in captured.captured_queries if 'FROM "accounts_profile" ' in q["sql"]]
    assert listings  # the page and its count
    assert not any("DISTINCT" in sql for sql in listings)
    assert all("UNION" in sql for sql in listings)
    assert not any('JOIN "accounts_profile_skills"' in sql for sql in listings)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only (SQLite scans)")
def test_postgresql_has_trigram_indexes_on_the_expressions_the_search_filters() -> None:
    from cairn.accounts.models import Profile

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'accounts_profile' AND indexname LIKE %s", ["%trgm"])
        indexes = dict(cursor.fetchall())

    assert set(indexes) == {"accounts_profile_name_trgm", "accounts_profile_profession_trgm"}
    for name, column in [("accounts_profile_name_trgm", "display_name"), ("accounts_profile_profession_trgm", "profession")]:
        assert f"USING gin (upper(({column})::text) gin_trgm_ops)" in indexes[name]
        sql = str(Profile.objects.filter(**{f"{column}__icontains": "marie"}).query)
        assert f'UPPER("accounts_profile"."{column}"::text) LIKE UPPER(' in sql  # the indexed expression


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no arrays: it keeps IN (subquery)")
def test_postgresql_looks_up_the_few_profiles_a_long_search_finds_and_scans_for_a_short_one(client: Client) -> None:
    """From three letters the ids are computed first and looked up by primary key
    (``= ANY(ARRAY(…))``); a shorter search, which matches most profiles, keeps
    ``IN (…)``, which the planner answers by scanning (``cairn.core.search.among_few``)."""
    UserFactory(profile__display_name="Marie", profile__visibility=Visibility.PUBLIC)

    for q, form in [("marie", "= ANY(ARRAY("), ("ma", " IN (")]:
        with CaptureQueriesContext(connection) as captured:
            assert names(client, q) == ["Marie"]
        page = next(query["sql"] for query in captured.captured_queries if query["sql"].startswith('SELECT "accounts_profile"."id"'))
        assert form in page and ("ANY(" in page) == (form != " IN (")
