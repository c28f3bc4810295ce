"""How to test in Cairn — a short tour to read before writing your first test.

Run it with ``uv run pytest cairn/core/tests/test_example.py -v``. Each test below shows
one habit; copy the one you need.

The ground rules (``shared/STYLE.md`` §11–12):

- **Real parts.** Tests use a real database (SQLite by default, PostgreSQL with
  ``DATABASE_URL``), real templates and rendered e-mails. Nothing is mocked away.
- **Build data with factories**, never by hand: ``UserFactory()`` gives a complete,
  active member (verified e-mail, profile, member role). Each app keeps its factories in
  ``<app>/factories.py``.
- **Go through the front door**: the test ``client`` for pages, the service functions
  for writes — they validate and schedule side effects exactly as the real code does.
- **Assert exactly**: the status code, the redirect target, the message the person
  reads, the rows in the database — not "something happened".
- **On every refused path, prove nothing changed**: snapshot the tables before, compare
  after.
- **Pin query counts** of list pages: same number of queries with N and 10 × N rows.

The fixtures (test arguments) come from pytest-django: ``client``,
``django_assert_num_queries``, ``mailoutbox``, ``django_capture_on_commit_callbacks``,
``settings``. Helpers shared by the tests — ``make_user(role)``, ``accounts_snapshot()``,
``mark_recently_reauthenticated(client, user)`` — live in ``cairn/accounts/tests/helpers.py``. Each test starts with an empty
cache (``conftest.py`` in this folder), so rate limits and cached figures never leak (the
shared cache of rate limits is a table, rolled back with the rest).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cairn.accounts import services
from cairn.accounts.factories import SkillFactory, UserFactory
from cairn.accounts.imports import ALIASES, plan_member_import
from cairn.accounts.models import Profile, Visibility
from cairn.accounts.tests.helpers import accounts_snapshot, make_user
from cairn.core.tabular import read_table

# Every test here touches the database; without this mark pytest-django refuses any query.
pytestmark = pytest.mark.django_db


def test_factories_build_complete_objects() -> None:
    # Override only what the test is about; the factory fills in the rest.
    member = UserFactory(profile__display_name="Ada", profile__language="nl")

    assert member.profile.display_name == "Ada"
    assert member.profile.language == "nl"
    assert member.role_names == {"member"}

    # A member of another role: make_user adds the role, and TOTP for staff roles,
    # because the platform refuses staff without it (see test_permission_matrix.py).
    coordinator = make_user("coordination")
    assert coordinator.role_names == {"member", "coordination"}


def test_pages_through_the_client(client: Client) -> None:
    ada = UserFactory(profile__display_name="Ada", profile__visibility=Visibility.PUBLIC)
    # URLs carry the language (/fr/, /nl/, /en/). reverse() uses the active language,
    # French in tests; writing the path out is fine too, and shows what the visitor sees.
    url = reverse("accounts:profile_detail", args=[ada.profile.pk])
    assert url == f"/fr/membres/{ada.profile.pk}/"

    response = client.get(url)

    assert response.status_code == 200
    # French is the source language: asserting French text is asserting the msgid.
    assert "<h1>Ada</h1>" in response.text


def test_signing_in(client: Client) -> None:
    member = UserFactory()
    # force_login skips the login form: use it whenever the test is not about logging in.
    client.force_login(member)

    response = client.get("/fr/profil/")

    assert response.status_code == 200
    # A visitor is sent to the login page, which brings them back afterwards.
    client.logout()
    assert client.get("/fr/profil/")["Location"] == "/fr/compte/login/?next=/fr/profil/"


def test_a_write_goes_through_its_service() -> None:
    member = UserFactory()

    services.user_set_language(user=member, language="en")

    # Read back from the database, not from the object in memory.
    assert Profile.objects.get(user=member).language == "en"


def test_a_refused_request_changes_nothing(client: Client) -> None:
    member = UserFactory(profile__display_name="Ada")
    client.force_login(member)
    before = accounts_snapshot()  # every row of the accounts tables

    # A display name hiding a right-to-left override ("Trojan source") is refused.
    response = client.post(
        "/fr/profil/",
        {"display_name": "Ada\u202eeciv", "language": "fr", "visibility": Visibility.MEMBERS},
    )

    # The form comes back (200, not a redirect) with a clear message…
    assert response.status_code == 200
    assert "Ce texte contient un caractère invisible ou de contrôle (U+202E) qui n’est pas accepté." in response.text
    # …and the database is exactly as before.
    assert accounts_snapshot() == before


def test_a_forbidden_page_answers_403_and_a_hidden_object_404(client: Client) -> None:
    client.force_login(UserFactory())
    private = UserFactory(profile__visibility=Visibility.PRIVATE).profile

    # A page the role may not use: 403.
    assert client.get("/fr/gestion/import-societaires/").status_code == 403
    # An object the member may not see answers like one that does not exist: 404.
    assert client.get(f"/fr/membres/{private.pk}/").status_code == 404


@pytest.mark.parametrize("profiles", [2, 20])
def test_query_counts_are_pinned(client: Client, django_assert_num_queries, profiles: int) -> None:
    # Build N, then 10 × N rows: the page must run the same queries for both, or it
    # queries once per row (an "N+1"). Say in a comment what each query is for.
    for _ in range(profiles):
        UserFactory(profile__visibility=Visibility.PUBLIC).profile.skills.add(SkillFactory())

    # 1-2 the people's stamp (the key the directory's blocks are kept under), 3 count for
    # the paginator, 4-5 offices and sectors for the filters, 6 the page of profiles, 7
    # their skills
    with django_assert_num_queries(7):
        response = client.get("/fr/membres/")

    assert response.status_code == 200


def test_emails_sent_after_commit(django_capture_on_commit_callbacks, mailoutbox: list) -> None:
    # Background work is enqueued in transaction.on_commit. pytest-django wraps each
    # test in a transaction that never commits, so run the callbacks explicitly; tests
    # use Django's immediate task backend, so the task runs there and then.
    plan = plan_member_import(read_table(b"email,name\nlea@example.org,Lea\n", "members.csv", ALIASES, max_bytes=10_000))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.member_import(plan=plan, actor=None)

    assert len(callbacks) == 1
    # E-mails are rendered for real and land in the outbox.
    [message] = mailoutbox
    assert message.to == ["lea@example.org"]
    assert message.body.startswith("Bonjour Lea,")


def test_settings_for_one_test(client: Client, settings) -> None:
    # The `settings` fixture changes a setting for this test only.
    settings.CAIRN_COOPERATIVE_NAME = "Coopérative d’essai"

    assert "Coopérative d’essai" in client.get("/fr/").text
