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

import datetime

import pytest
from django.test import Client
from django.utils import timezone

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
    "stories": "/fr/recits/",
    "story page": "/fr/recits/{published_story}/",
    "draft story page": "/fr/recits/{draft_story}/",
    "story in review page": "/fr/recits/{review_story}/",
    "stories feed": "/fr/recits/flux/rss/",
    "stories to write": "/fr/gestion/recits/",
    "write a story": "/fr/gestion/recits/nouveau/",
    "edit a draft story": "/fr/gestion/recits/{draft_story_pk}/modifier/",
    "edit a published story": "/fr/gestion/recits/{published_story_pk}/modifier/",
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
    "agenda": "/fr/evenements/?kind=meetup&language=fr",
    "month calendar": "/fr/evenements/calendrier/",
    "event page": "/fr/evenements/{event}/",
    "series page": "/fr/evenements/series/{series}/",
    "my events": "/fr/evenements/mes-evenements/",
    "private feed": "/fr/evenements/mon-agenda/{feed_token}.ics",
    "create event": "/fr/evenements/nouveau/",
    "edit event": "/fr/evenements/{event}/modifier/",
    "edit series": "/fr/evenements/series/{series}/modifier/",
    "event attendees": "/fr/evenements/{event}/inscrits/",
    "attendees export": "/fr/evenements/{event}/inscrits/export.csv",
    "event check-in": "/fr/evenements/{event}/presences/",
    "message registrants": "/fr/evenements/{event}/message/",
    "event feedback results": "/fr/evenements/{event}/avis-recus/",
    "state of play": "/fr/etat-des-lieux/",
    "state of play filtered": "/fr/etat-des-lieux/?country=BE&as_of=2023-06-30",
    "open data": "/fr/etat-des-lieux/donnees-ouvertes/",
    "open data figures": "/fr/etat-des-lieux/donnees-ouvertes/chiffres.json",
    "editions": "/fr/etat-des-lieux/editions/",
    "edition": "/fr/etat-des-lieux/editions/{edition}/",
    "compare editions": "/fr/etat-des-lieux/editions/comparer/?first={edition}&second={edition}",
    "manage state of play": "/fr/gestion/etat-des-lieux/",
    "edit analysis": "/fr/gestion/etat-des-lieux/analyses/{category}/",
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
stories                | 200         | 200         | 200         | 200          | 200             | 200
story page             | 200         | 200         | 200         | 200          | 200             | 200
draft story page       | 404         | 404         | 404         | 200          | 200             | 200
story in review page   | 404         | 404         | 404         | 200          | 200             | 200
stories feed           | 200         | 200         | 200         | 200          | 200             | 200
stories to write       | login       | 403         | 403         | 200          | 200             | 200
write a story          | login       | 403         | 403         | 200          | 200             | 200
edit a draft story     | login       | 403         | 403         | 200          | 200             | 200
edit a published story | login       | 403         | 403         | 200          | 200             | 200
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
agenda                 | 200         | 200         | 200         | 200          | 200             | 200
month calendar         | 200         | 200         | 200         | 200          | 200             | 200
event page             | 200         | 200         | 200         | 200          | 200             | 200
series page            | 200         | 200         | 200         | 200          | 200             | 200
my events              | login       | 200         | 200         | 200          | 200             | 200
private feed           | 200         | 200         | 200         | 200          | 200             | 200
create event           | login       | 403         | 200         | 200          | 403             | 200
edit event             | login       | 403         | 403         | 200          | 403             | 200
edit series            | login       | 403         | 403         | 200          | 403             | 200
event attendees        | login       | 403         | 403         | 200          | 403             | 200
attendees export       | login       | 403         | 403         | 200          | 403             | 200
event check-in         | login       | 403         | 403         | 200          | 403             | 200
message registrants    | login       | 403         | 403         | 200          | 403             | 200
event feedback results | login       | 403         | 403         | 200          | 403             | 200
state of play          | 200         | 200         | 200         | 200          | 200             | 200
state of play filtered | 200         | 200         | 200         | 200          | 200             | 200
open data              | 200         | 200         | 200         | 200          | 200             | 200
open data figures      | 200         | 200         | 200         | 200          | 200             | 200
editions               | 200         | 200         | 200         | 200          | 200             | 200
edition                | 200         | 200         | 200         | 200          | 200             | 200
compare editions       | 200         | 200         | 200         | 200          | 200             | 200
manage state of play   | login       | 403         | 403         | 200          | 403             | 200
edit analysis          | login       | 403         | 403         | 200          | 403             | 200
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
    from cairn.recommendations.services.campaigns import campaign_assign, campaign_open

    owner = make_user("coordination")
    recommendation = RecommendationFactory()
    campaign = campaign_open(actor=owner, name="État des lieux")
    campaign_assign(actor=owner, campaign=campaign, recommendations=[recommendation], assignee=owner)
    # The registry's public pages: the same recommendation, its cycle, theme and a group;
    # and an internal recommendation, which answers 404 outside the coordination team.
    group = WorkingGroupFactory(theme=recommendation.theme)
    recommendation.groups.add(group)
    internal = RecommendationFactory(theme=recommendation.theme, is_internal=True)
    # Stories: a published one, a draft and one in review (404 outside the staff).
    from cairn.stories.factories import make_story

    published, draft = make_story(titles={"fr": "Publié"}, published=True), make_story(titles={"fr": "Brouillon"})
    stories = {
        "published_story": published.slug,
        "draft_story": draft.slug,
        "review_story": make_story(titles={"fr": "En relecture"}, in_review=True).slug,
        "published_story_pk": published.pk,
        "draft_story_pk": draft.pk,
    }
    # The state of play: a published edition and a broad theme to write the analysis of.
    from cairn.recommendations.factories import ThemeCategoryFactory
    from cairn.recommendations.models import ThemeCategory
    from cairn.reports.services import category_analysis_update, edition_publish

    for theme_category in ThemeCategory.objects.all():
        category_analysis_update(category=theme_category, text_fr="Analyse.", text_nl="Analyse.", text_en="", actor=owner)
    edition = edition_publish(title="État des lieux 2023", as_of=datetime.date(2023, 6, 30), actor=owner)
    category = ThemeCategoryFactory(slug="economie")
    registry = {
        "edition": edition.slug,
        "category": category.slug,
        "reference": recommendation.reference,
        "internal_reference": internal.reference,
        "cycle": recommendation.cycle.slug,
        "theme": recommendation.theme_id,
        "group": group.pk,
    }
    # Events: a series organised by a facilitator who is none of the role clients (so the
    # facilitator column is "not an organiser": 403 on organiser pages), and one occurrence.
    from cairn.events.services.series import series_create

    series = series_create(
        actor=make_user("facilitator"),
        title="Afterwork",
        kind="meetup",
        meetup_format="afterwork",
        address="Place du Marché",
        city="Liège",
        rule="FREQ=MONTHLY;BYDAY=1TH;COUNT=2",
        first_start=timezone.now() + datetime.timedelta(days=40),
        duration=datetime.timedelta(hours=2),
    )
    # A member's private feed: its secret address is the permission (a wrong or reset one
    # answers 404: cairn/events/tests/test_pages.py).
    from cairn.events.services.calendar_feeds import calendar_feed_for

    feed = calendar_feed_for(user=UserFactory())
    events = {"event": series.occurrences.first().pk, "series": series.pk, "feed_token": feed.token}
    from cairn.projects.factories import ProjectFactory

    # A project of nobody among the role clients (the department lead has no department:
    # out of scope, 404), and an internal one.
    registry["project"] = ProjectFactory().pk
    registry["internal_project"] = ProjectFactory(is_internal=True).pk
    return {
        name: url.format(campaign=campaign.pk, recommendation=recommendation.pk, **registry, **stories, **events)
        for name, url in PAGES.items()
    }


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


# --- events: who sees an online event's link -------------------------------------------

ONLINE_LINK = {"visitor": False, "member": False, "facilitator": False, "coordination": True, "department_lead": False, "admin": True}


def test_online_link_is_shown_to_registered_people_organisers_and_coordination(role_clients: dict[str, Client]) -> None:
    from cairn.events.factories import EventFactory
    from cairn.events.services.registrations import registration_register

    link = "https://visio.example.org/salle"
    event = EventFactory(attendance="online", online_url=link, address="")
    url = f"/fr/evenements/{event.pk}/"

    shown = {role: link in role_clients[role].get(url).text for role in ROLES}

    assert shown == ONLINE_LINK
    registered = UserFactory()
    registration_register(event=event, user=registered)
    client = Client()
    client.force_login(registered)
    assert link in client.get(url).text
    organiser = UserFactory()
    event.organisers.add(organiser)
    client.force_login(organiser)
    assert link in client.get(url).text
