"""Who reaches which page: one role × page table, checked end to end through the client.

Later issues add a row per page (and a column per new role) to ``MATRIX``; each cell is
what that role gets on a GET of that page:

- ``200``, ``403``, ``404``: that status code;
- ``login``: a redirect to the sign-in page, coming back to the page afterwards;
- ``admin-login``: a redirect to the Django admin's sign-in page.

Every signed-in role holds a session that has just confirmed its password (pages such as
the data export ask for it; ``test_privacy.py`` tests that part), and staff roles have
set up TOTP, as production requires. ``test_staff_without_totp_*`` below checks what
happens when they have not.
"""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.factories import UserFactory
from cairn.accounts.models import STAFF_ROLES, Profile, User
from cairn.accounts.tests.helpers import ROLES, activate_totp, make_user, mark_recently_reauthenticated

pytestmark = pytest.mark.django_db

PAGES = {
    "home": "/fr/",
    "about": "/fr/processus/",
    "components": "/fr/composants/",
    "directory": "/fr/membres/",
    "own profile edit": "/fr/profil/",
    "privacy": "/fr/mes-donnees/",
    "export": "/fr/mes-donnees/export/",
    "delete account": "/fr/mes-donnees/supprimer/",
    "import members": "/fr/gestion/import-societaires/",
    "import registry": "/fr/gestion/import-registre/",
    "campaigns": "/fr/gestion/campagnes/",
    "campaign": "/fr/gestion/campagnes/{campaign}/",
    "campaign review": "/fr/gestion/campagnes/{campaign}/relecture/",
    "my to-do": "/fr/gestion/campagnes/a-faire/",
    "campaign proposal": "/fr/gestion/campagnes/{campaign}/recommandations/{recommendation}/",
    "assess recommendation": "/fr/gestion/recommandations/{recommendation}/evaluer/",
    "edit recommendation": "/fr/gestion/recommandations/{recommendation}/modifier/",
    "recommendation history": "/fr/gestion/recommandations/{recommendation}/historique/",
    "registry": "/fr/recommandations/",
    "registry searched": "/fr/recommandations/?q=recommandation&status=not_assessed",
    "recommendation page": "/fr/recommandations/{reference}/",
    "hidden recommendation": "/fr/recommandations/{internal_reference}/",
    "cycle page": "/fr/cycles/{cycle}/",
    "theme page": "/fr/thematiques/{theme}/",
    "working group page": "/fr/groupes/{group}/",
    "projects": "/fr/projets/",
    "projects filtered": "/fr/projets/?kind=priority&status=nope",
    "project page": "/fr/projets/{project}/",
    "hidden project": "/fr/projets/{internal_project}/",
    "still to carry out": "/fr/projets/a-realiser/",
    "new project": "/fr/gestion/projets/nouveau/",
    "edit project": "/fr/gestion/projets/{project}/modifier/",
    "project attachments": "/fr/gestion/projets/{project}/pieces-jointes/",
    "link recommendations": "/fr/gestion/projets/{project}/recommandations/",
    "post project update": "/fr/projets/{project}/actualites/nouvelle/",
    "request project update": "/fr/gestion/projets/{project}/demander-une-actualite/",
    "update requests": "/fr/gestion/projets/demandes-d-actualite/",
    "assess from project": "/fr/gestion/projets/{project}/evaluer/",
    "our recommendations": "/fr/nos-recommandations/",
    "notification centre": "/fr/notifications/",
    "follows and e-mails": "/fr/notifications/suivis/",
    "admin index": "/fr/admin/",
}

MATRIX = """
page                   | visitor     | member      | facilitator | coordination | department_lead | admin
home                   | 200         | 200         | 200         | 200          | 200             | 200
about                  | 200         | 200         | 200         | 200          | 200             | 200
components             | 200         | 200         | 200         | 200          | 200             | 200
directory              | 200         | 200         | 200         | 200          | 200             | 200
own profile edit       | login       | 200         | 200         | 200          | 200             | 200
privacy                | login       | 200         | 200         | 200          | 200             | 200
export                 | login       | 200         | 200         | 200          | 200             | 200
delete account         | login       | 200         | 200         | 200          | 200             | 200
import members         | login       | 403         | 403         | 200          | 403             | 200
import registry        | login       | 403         | 403         | 200          | 403             | 200
campaigns              | login       | 403         | 403         | 200          | 403             | 200
campaign               | login       | 403         | 403         | 200          | 403             | 200
campaign review        | login       | 403         | 403         | 200          | 403             | 200
my to-do               | login       | 403         | 200         | 200          | 200             | 200
campaign proposal      | login       | 403         | 404         | 200          | 404             | 200
assess recommendation  | login       | 403         | 403         | 200          | 403             | 200
edit recommendation    | login       | 403         | 403         | 200          | 403             | 200
recommendation history | login       | 403         | 403         | 200          | 403             | 200
registry               | 200         | 200         | 200         | 200          | 200             | 200
registry searched      | 200         | 200         | 200         | 200          | 200             | 200
recommendation page    | 200         | 200         | 200         | 200          | 200             | 200
hidden recommendation  | 404         | 404         | 404         | 200          | 404             | 200
cycle page             | 200         | 200         | 200         | 200          | 200             | 200
theme page             | 200         | 200         | 200         | 200          | 200             | 200
working group page     | 200         | 200         | 200         | 200          | 200             | 200
projects               | 200         | 200         | 200         | 200          | 200             | 200
projects filtered      | 200         | 200         | 200         | 200          | 200             | 200
project page           | 200         | 200         | 200         | 200          | 200             | 200
hidden project         | 404         | 404         | 404         | 200          | 404             | 200
still to carry out     | 200         | 200         | 200         | 200          | 200             | 200
new project            | login       | 403         | 403         | 200          | 403             | 200
edit project           | login       | 404         | 404         | 200          | 404             | 200
project attachments    | login       | 404         | 404         | 200          | 404             | 200
link recommendations   | login       | 403         | 403         | 200          | 403             | 200
post project update    | login       | 404         | 404         | 200          | 404             | 200
request project update | login       | 403         | 403         | 200          | 403             | 200
update requests        | login       | 403         | 403         | 200          | 403             | 200
assess from project    | login       | 403         | 403         | 200          | 403             | 200
our recommendations    | login       | 200         | 200         | 200          | 200             | 200
notification centre    | login       | 200         | 200         | 200          | 200             | 200
follows and e-mails    | login       | 200         | 200         | 200          | 200             | 200
admin index            | admin-login | admin-login | admin-login | admin-login  | admin-login     | 200
"""


def _parse(table: str) -> dict[tuple[str, str], str]:
    header, *rows = [[cell.strip() for cell in line.split("|")] for line in table.strip().splitlines()]
    assert header[1:] == ROLES, "the matrix has one column per role, in the order of helpers.ROLES"
    assert [row[0] for row in rows] == list(PAGES), "the matrix has one row per page, in the order of PAGES"
    return {(row[0], role): cell for row in rows for role, cell in zip(header[1:], row[1:], strict=True)}


EXPECTED = _parse(MATRIX)


def _outcome(response, url: str) -> str:
    if response.status_code != 302:
        return str(response.status_code)
    location = response["Location"]
    if location == f"/fr/compte/login/?next={url}":
        return "login"
    if location == f"/fr/admin/login/?next={url}":
        return "admin-login"
    return f"302 → {location}"


@pytest.fixture
def page_urls() -> dict[str, str]:
    """``PAGES`` with their placeholders filled by objects made for each test: an open
    campaign and a recommendation assigned in it to a coordinator who is none of the role
    clients (so the facilitator and the department lead, without a department, are out of
    its scope: 404)."""
    from cairn.recommendations.factories import RecommendationFactory, WorkingGroupFactory
    from cairn.recommendations.services import campaign_assign, campaign_open

    owner = make_user("coordination")
    recommendation = RecommendationFactory()
    campaign = campaign_open(actor=owner, name="État des lieux")
    campaign_assign(actor=owner, campaign=campaign, recommendations=[recommendation], assignee=owner)
    # The registry's public pages: the same recommendation, its cycle, theme and a group;
    # and an internal recommendation, which answers 404 outside the coordination team.
    group = WorkingGroupFactory(theme=recommendation.theme)
    recommendation.groups.add(group)
    internal = RecommendationFactory(theme=recommendation.theme, is_internal=True)
    registry = {
        "reference": recommendation.reference,
        "internal_reference": internal.reference,
        "cycle": recommendation.cycle.slug,
        "theme": recommendation.theme_id,
        "group": group.pk,
    }
    from cairn.projects.factories import ProjectFactory

    # A project of nobody among the role clients (the department lead has no department:
    # out of scope, 404), and an internal one.
    registry["project"] = ProjectFactory().pk
    registry["internal_project"] = ProjectFactory(is_internal=True).pk
    return {name: url.format(campaign=campaign.pk, recommendation=recommendation.pk, **registry) for name, url in PAGES.items()}


@pytest.fixture
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


@pytest.mark.parametrize("page_name", PAGES)
def test_role_page_matrix(role_clients: dict[str, Client], page_urls: dict[str, str], page_name: str) -> None:
    url = page_urls[page_name]

    outcomes = {role: _outcome(role_clients[role].get(url), url) for role in ROLES}

    assert outcomes == {role: EXPECTED[page_name, role] for role in ROLES}


# --- staff must set up TOTP first ----------------------------------------------------

TOTP_SETUP = "/fr/compte/2fa/totp/activate/"


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_staff_without_totp_are_sent_to_totp_setup_on_every_page(client: Client, page_urls: dict[str, str], role: str) -> None:
    user = UserFactory(roles=[role], is_staff=role == "admin", is_superuser=role == "admin")
    client.force_login(user)
    mark_recently_reauthenticated(client, user)

    outcomes = {page: client.get(url) for page, url in page_urls.items()}

    assert {page: (r.status_code, r["Location"]) for page, r in outcomes.items()} == dict.fromkeys(PAGES, (302, TOTP_SETUP))
    setup = client.get(TOTP_SETUP)
    assert setup.status_code == 200
    assert "Votre rôle donne accès à des données sensibles : activez la double authentification pour continuer." in setup.text
    # Signing out stays possible, and the health checks are not affected.
    assert client.get("/healthz").status_code == 200
    assert client.post("/fr/compte/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", ["member", "facilitator"])
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

    assert statuses == dict.fromkeys(PAGES, 200)
    # Opening "my profile" gave the account its profile and the member role.
    profile = Profile.objects.get(user=root)
    assert (profile.display_name, profile.language) == ("root", "fr")
    assert root.groups.filter(name="member").exists()
