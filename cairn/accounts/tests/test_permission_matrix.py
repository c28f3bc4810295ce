"""Who reaches the core and accounts pages, and the admin: their rows of the role × page
matrix (the harness and what each cell means: ``cairn/accounts/tests/matrix.py``).

The tests below visit every app's pages: staff without TOTP are sent to set it up, members
and facilitators are not, and an account made with ``createsuperuser`` reaches them all.
"""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.factories import UserFactory
from cairn.accounts.models import STAFF_ROLES, Profile, User, Visibility
from cairn.accounts.tests.helpers import activate_totp, make_user, mark_recently_reauthenticated
from cairn.accounts.tests.matrix import PageMatrix, all_page_urls

pytestmark = pytest.mark.django_db

PAGES = {
    "home": "/fr/",
    "about": "/fr/processus/",
    "components": "/fr/composants/",
    "directory": "/fr/membres/",
    "public profile": "/fr/membres/{public_profile}/",
    "members-only profile": "/fr/membres/{members_profile}/",
    "private profile": "/fr/membres/{private_profile}/",
    "own profile edit": "/fr/profil/",
    "privacy": "/fr/mes-donnees/",
    "export": "/fr/mes-donnees/export/",
    "delete account": "/fr/mes-donnees/supprimer/",
    "import members": "/fr/gestion/import-societaires/",
    "admin index": "/fr/admin/",
    "api documentation": "/fr/api/",
    "api tokens": "/fr/profil/jetons-api/",
    "people search": "/fr/personnes/chercher/?field=organisers&roles=facilitator&type=checkbox&organisers__q=a",
}

MATRIX = """
page                 | visitor     | registered  | member      | facilitator | coordination | department_lead | admin
home                 | 200         | 200         | 200         | 200         | 200          | 200             | 200
about                | 200         | 200         | 200         | 200         | 200          | 200             | 200
components           | 200         | 200         | 200         | 200         | 200          | 200             | 200
directory            | 200         | 200         | 200         | 200         | 200          | 200             | 200
public profile       | 200         | 200         | 200         | 200         | 200          | 200             | 200
members-only profile | 404         | 404         | 200         | 200         | 200          | 200             | 200
private profile      | 404         | 404         | 404         | 404         | 200          | 404             | 200
own profile edit     | login       | 200         | 200         | 200         | 200          | 200             | 200
privacy              | login       | 200         | 200         | 200         | 200          | 200             | 200
export               | login       | 200         | 200         | 200         | 200          | 200             | 200
delete account       | login       | 200         | 200         | 200         | 200          | 200             | 200
import members       | login       | 403         | 403         | 403         | 200          | 403             | 200
admin index          | admin-login | admin-login | admin-login | admin-login | admin-login  | admin-login     | 200
api documentation    | 200         | 200         | 200         | 200         | 200          | 200             | 200
api tokens           | login       | 403         | 403         | 403         | 200          | 200             | 200
people search        | login       | 403         | 403         | 200         | 200          | 200             | 200
"""


def page_objects() -> dict[str, object]:
    """A member's profile under each visibility."""
    return {
        f"{visibility}_profile": UserFactory(profile__visibility=visibility).profile.pk
        for visibility in [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.PRIVATE]
    }


PAGE_MATRIX = PageMatrix(PAGES, MATRIX, page_objects)


@pytest.mark.parametrize("page_name", PAGES)
def test_role_page_matrix(page_name: str) -> None:
    PAGE_MATRIX.check(page_name)


# --- staff must set up TOTP first, on every app's pages --------------------------------

TOTP_SETUP = "/fr/compte/2fa/totp/activate/"


@pytest.fixture
def page_urls() -> dict[str, str]:
    """Every app's pages, their placeholders filled by objects made for each test."""
    return all_page_urls()


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_staff_without_totp_are_sent_to_totp_setup_on_every_page(client: Client, page_urls: dict[str, str], role: str) -> None:
    user = UserFactory(roles=[role], is_staff=role == "admin", is_superuser=role == "admin")
    client.force_login(user)
    mark_recently_reauthenticated(client, user)

    outcomes = {page: client.get(url) for page, url in page_urls.items()}

    assert {page: (r.status_code, r["Location"]) for page, r in outcomes.items()} == dict.fromkeys(page_urls, (302, TOTP_SETUP))
    setup = client.get(TOTP_SETUP)
    assert setup.status_code == 200
    assert "Votre rôle donne accès à des données sensibles : activez la double authentification pour continuer." in setup.text
    # Signing out stays possible, and the health checks are not affected.
    assert client.get("/healthz").status_code == 200
    assert client.post("/fr/compte/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", ["registered", "member", "facilitator"])
def test_members_and_facilitators_need_no_totp(client: Client, page_urls: dict[str, str], role: str) -> None:
    client.force_login(make_user(role))

    responses = {page: client.get(url) for page, url in page_urls.items()}

    assert [page for page, response in responses.items() if response.get("Location") == TOTP_SETUP] == []
    assert responses["own profile edit"].status_code == 200


def test_the_totp_requirement_can_be_turned_off(client: Client, settings) -> None:
    settings.CAIRN_STAFF_MFA_REQUIRED = False
    client.force_login(UserFactory(roles=["coordination"]))

    assert client.get("/fr/gestion/import-societaires/").status_code == 200


def test_an_account_made_with_createsuperuser_reaches_every_page(client: Client, page_urls: dict[str, str]) -> None:
    # ``createsuperuser`` (the README's first step) makes an account without a profile.
    root = User.objects.create_superuser("root@example.org", "un mot de passe solide")
    activate_totp(root)
    client.force_login(root)
    mark_recently_reauthenticated(client, root)

    statuses = {page_name: client.get(url).status_code for page_name, url in page_urls.items()}

    assert statuses == dict.fromkeys(page_urls, 200)
    # Opening "my profile" gave the account its profile, but not the member role: only the
    # register makes a member (the superuser's rights do not need it).
    profile = Profile.objects.get(user=root)
    assert (profile.display_name, profile.language) == ("root", "fr")
    assert list(root.groups.values_list("name", flat=True)) == []
