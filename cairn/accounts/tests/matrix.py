'''Who reaches which page: the harness of the role × page matrix, checked end to end
through the client.

Each app owns the rows of its pages, in ``cairn/<app>/tests/test_permission_matrix.py``
(accounts holds the core pages and the admin's too). A row is a page; each cell is what
that role gets on a GET of that page:

- ``200``, ``403``, ``404``: that status code;
- ``member-only``: 403 with the page that tells an account the cooperative's register does
  not list yet why it is refused and what to do (``accounts/not_a_member.html``);
- ``login``: a redirect to the sign-in page, coming back to the page afterwards;
- ``admin-login``: a redirect to the Django admin's sign-in page.

The roles are ``helpers.ROLES``: the visitor (no account), the registered account (signed
up and confirmed its address, not in the register: no role), the member, and the staff
roles, each of which also holds the member role.

Every signed-in role holds a session that has just confirmed its password (pages such as
the data export ask for it; ``cairn/accounts/tests/test_privacy.py`` tests that part), and
staff roles have set up TOTP, as production requires. The tests in
``cairn/accounts/tests/test_permission_matrix.py`` also visit every app's pages
(``all_page_urls``) as staff without TOTP, as members and facilitators, and as an account
made with ``createsuperuser``.

A new app (hackathons, experiments, inbox…) adds its file, and nothing else: the accounts
tests find it from ``INSTALLED_APPS``. Page names are unique across apps; placeholders
in the URLs are filled by the app's ``page_objects()``, run for each test::

    """Who reaches the hackathons' pages (the harness: cairn/accounts/tests/matrix.py)."""

    import pytest

    from cairn.accounts.tests.matrix import PageMatrix
    from cairn.hackathons.factories import HackathonFactory

    pytestmark = pytest.mark.django_db

    PAGES = {
        "hackathons": "/fr/hackathons/",
        "hackathon page": "/fr/hackathons/{hackathon}/",
    }

    MATRIX = """
    page           | visitor | registered | member | facilitator | coordination | department_lead | admin
    hackathons     | 200     | 200        | 200    | 200         | 200          | 200             | 200
    hackathon page | 200     | 200        | 200    | 200         | 200          | 200             | 200
    """


    def page_objects() -> dict[str, object]:
        return {"hackathon": HackathonFactory().slug}


    PAGE_MATRIX = PageMatrix(PAGES, MATRIX, page_objects)


    @pytest.mark.parametrize("page_name", PAGES)
    def test_role_page_matrix(page_name: str) -> None:
        PAGE_MATRIX.check(page_name)

The module-level name ``PAGE_MATRIX`` is what the accounts tests look for.
'''

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import unquote

from django.apps import apps
from django.http import HttpResponse
from django.test import Client

from cairn.accounts.tests.helpers import ROLES, make_user, mark_recently_reauthenticated

#: The file, in each app's ``tests`` package, that holds the app's rows.
MATRIX_MODULE = "test_permission_matrix"

#: What marks the explanation given to an account the register does not list yet
#: (``accounts/_membership_pending.html``).
MEMBERSHIP_PENDING = b'id="membership-pending"'


def parse_matrix(table: str, pages: Mapping[str, str]) -> dict[tuple[str, str], str]:
    """``{(page, role): cell}`` from a table with one column per role and one row per page."""
    header, *rows = [[cell.strip() for cell in line.split("|")] for line in table.strip().splitlines()]
    assert header[1:] == ROLES, "the matrix has one column per role, in the order of helpers.ROLES"
    assert [row[0] for row in rows] == list(pages), "the matrix has one row per page, in the order of PAGES"
    return {(row[0], role): cell for row in rows for role, cell in zip(header[1:], row[1:], strict=True)}


def outcome(response: HttpResponse, url: str) -> str:
    """What a response is, in the matrix's words."""
    if response.status_code == 403 and MEMBERSHIP_PENDING in response.content:
        return "member-only"
    if response.status_code != 302:
        return str(response.status_code)
    location = response["Location"]
    # A URL with a query string comes back quoted in ``next``.
    if unquote(location) == f"/fr/compte/login/?next={url}":
        return "login"
    if location == f"/fr/admin/login/?next={url}":
        return "admin-login"
    return f"302 → {location}"


def role_clients() -> dict[str, Client]:
    """One client per role, signed in (except the visitor) with a fresh password confirmation."""
    clients = {}
    for role in ROLES:
        client = Client()
        if role != "visitor":
            user = make_user(role)
            client.force_login(user)
            mark_recently_reauthenticated(client, user)
        clients[role] = client
    return clients


def _no_objects() -> dict[str, object]:
    return {}


class PageMatrix:
    """One app's rows: its pages (name → URL, with ``{placeholders}``), the table of what
    each role gets, and ``objects``, which makes what the placeholders name."""

    def __init__(self, pages: Mapping[str, str], table: str, objects: Callable[[], Mapping[str, object]] = _no_objects) -> None:
        self.pages = dict(pages)
        self.expected = parse_matrix(table, pages)
        self.objects = objects

    def urls(self) -> dict[str, str]:
        """The pages with their placeholders filled by freshly made objects."""
        values = self.objects()
        return {name: url.format(**values) for name, url in self.pages.items()}

    def check(self, page_name: str) -> None:
        """Every role GETs the page and gets what its cell says."""
        clients = role_clients()
        url = self.urls()[page_name]

        outcomes = {role: outcome(clients[role].get(url), url) for role in ROLES}

        expected = {role: self.expected[page_name, role] for role in ROLES}
        wrong = [f"{role} got {outcomes[role]}, the matrix says {expected[role]}" for role in ROLES if outcomes[role] != expected[role]]
        assert outcomes == expected, f"{page_name} ({url}): " + "; ".join(wrong)


def page_matrices() -> dict[str, PageMatrix]:
    """Every Cairn app's ``PAGE_MATRIX``, by app label, in the order of ``INSTALLED_APPS``."""
    found = {}
    for config in apps.get_app_configs():
        if config.name.startswith("cairn.") and (Path(config.path) / "tests" / f"{MATRIX_MODULE}.py").exists():
            found[config.label] = importlib.import_module(f"{config.name}.tests.{MATRIX_MODULE}").PAGE_MATRIX
    return found


def all_page_urls() -> dict[str, str]:
    """Every app's pages, with their objects made, app after app."""
    urls: dict[str, str] = {}
    for label, matrix in page_matrices().items():
        app_urls = matrix.urls()
        assert urls.keys().isdisjoint(app_urls), f"{label} reuses page names of another app: {sorted(urls.keys() & app_urls.keys())}"
        urls |= app_urls
    return urls
