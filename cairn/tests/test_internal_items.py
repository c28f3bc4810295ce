"""Nothing of an internal theme or an internal cycle reaches a member.

A recommendation is public unless it, its theme or its cycle is internal — the one rule of
``cairn/recommendations/models/registry.py``. The recommendations below are public
themselves, but one sits in an internal theme and one in an internal cycle: every page,
feed, e-mail, export and command that can mention a recommendation must leave them out,
for a visitor and for a member, while it shows the public one beside them (so that each
check below would see a leak). The coordination team sees everything.
"""

from __future__ import annotations

import datetime
import io
import json
from dataclasses import dataclass

import openpyxl
import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cairn.accounts.tests.helpers import make_user
from cairn.events.factories import EventFactory
from cairn.notifications import services as notifications
from cairn.notifications.models import Event as NotificationEvent
from cairn.notifications.models import Frequency
from cairn.projects.factories import ProjectFactory
from cairn.projects.models import Answer
from cairn.projects.services import project_link_recommendation, project_post_update
from cairn.recommendations.factories import CycleFactory, RecommendationFactory, ThemeCategoryFactory, ThemeFactory, WorkingGroupFactory
from cairn.recommendations.models import GroupPerson, GroupRole, Recommendation
from cairn.recommendations.services.assessments import assessment_record
from cairn.reports.selectors import pdf_context
from cairn.reports.services import category_analysis_update, edition_publish
from cairn.stories.factories import make_story

pytestmark = pytest.mark.django_db

PUBLIC = "Une permanence juridique par bureau"
IN_INTERNAL_THEME = "Réorganiser la direction financière"
IN_INTERNAL_CYCLE = "Préparer le prochain cycle en secret"
INTERNAL_THEME = "Gouvernance interne"
INTERNAL_CYCLE = "2031-2032 (préparation)"
#: What must never reach a member: the two recommendations and what holds them.
HIDDEN = (IN_INTERNAL_THEME, IN_INTERNAL_CYCLE, INTERNAL_THEME, INTERNAL_CYCLE)


@dataclass
class World:
    public: Recommendation
    in_internal_theme: Recommendation
    in_internal_cycle: Recommendation
    member: object
    coordinator: object

    @property
    def hidden(self) -> list[Recommendation]:
        return [self.in_internal_theme, self.in_internal_cycle]

    def hidden_texts(self) -> tuple[str, ...]:
        return (*HIDDEN, *(r.reference for r in self.hidden))


def assert_nothing_hidden(text: str, world: World, *, shows_public: bool = True) -> None:
    leaked = [item for item in world.hidden_texts() if item in text]
    assert leaked == []
    if shows_public:
        assert PUBLIC in text or world.public.reference in text


@pytest.fixture
def world() -> World:
    category = ThemeCategoryFactory(slug="vie-cooperative", name_fr="Vie coopérative")
    cycle = CycleFactory(name="2019-2020", slug="2019-2020-be", code="2019-20", starts_on=datetime.date(2019, 6, 1))
    secret_cycle = CycleFactory(
        name=INTERNAL_CYCLE, slug="2031-prep", code="2031-32", starts_on=datetime.date(2020, 1, 1), is_internal=True
    )
    public_theme = ThemeFactory(cycle=cycle, title="Accompagnement", code="ACC", category=category)
    secret_theme = ThemeFactory(cycle=cycle, title=INTERNAL_THEME, code="GOV", category=category, is_internal=True)
    theme_in_secret_cycle = ThemeFactory(cycle=secret_cycle, title="Calendrier", code="CAL", category=category)
    groups = [
        WorkingGroupFactory(theme=theme, name=f"Bruxelles {theme.code}") for theme in (public_theme, secret_theme, theme_in_secret_cycle)
    ]
    public = RecommendationFactory(theme=public_theme, title=PUBLIC, groups=[groups[0]])
    in_theme = RecommendationFactory(theme=secret_theme, title=IN_INTERNAL_THEME, groups=[groups[1]])
    in_cycle = RecommendationFactory(theme=theme_in_secret_cycle, title=IN_INTERNAL_CYCLE, groups=[groups[2]])
    member = make_user("member")
    # The member took part in all three groups (so "our recommendations" would list them).
    for group in groups:
        GroupPerson.objects.create(group=group, role=GroupRole.PARTICIPANT, user=member)
    coordinator = make_user("coordination")
    for recommendation in (public, in_theme, in_cycle):
        assessment_record(
            actor=coordinator,
            recommendation=recommendation,
            status="in_progress",
            effective_date=datetime.date(2023, 3, 1),
            public_comment="Suivi par la direction.",
        )
    category_analysis_update(category=category, text_fr="Analyse.", text_nl="Analyse.", text_en="", actor=None)
    return World(public, in_theme, in_cycle, member, coordinator)


@pytest.fixture
def linked(world: World) -> dict[str, object]:
    """A public project, story and event about all three recommendations."""
    project = ProjectFactory(title="Permanences juridiques")
    for recommendation in (world.public, *world.hidden):
        project_link_recommendation(actor=world.coordinator, project=project, recommendation=recommendation, answer=Answer.PARTLY)
    story = make_story(
        titles={"fr": "Un an de permanences"}, recommendations=[world.public, *world.hidden], projects=[project], published=True
    )
    event = EventFactory(title="Atelier permanences")
    event.recommendations.set([world.public, *world.hidden])
    return {"project": project, "story": story, "event": event}


def clients(world: World) -> dict[str, Client]:
    visitor, member = Client(), Client()
    member.force_login(world.member)  # type: ignore[arg-type]
    return {"visitor": visitor, "member": member}


# --- Pages ------------------------------------------------------------------------------


REGISTRY_PAGES = [
    "/fr/recommandations/",
    "/fr/recommandations/?q=direction",  # only the hidden ones say it: nothing is listed
    "/fr/recommandations/?q=permanence",
    "/fr/recommandations/?status=in_progress&sort=recent",
    "/fr/cycles/2019-2020-be/",
    "/fr/nos-recommandations/",
    "/fr/projets/a-realiser/",
    "/fr/etat-des-lieux/",
    "/nl/etat-des-lieux/?as_of=2024-01-01",
]


@pytest.mark.parametrize("path", REGISTRY_PAGES)
def test_registry_pages_and_the_state_of_play_leave_them_out(world: World, path: str) -> None:
    for who, client in clients(world).items():
        response = client.get(path)
        if path == "/fr/nos-recommandations/" and who == "visitor":
            assert response.status_code == 302  # members only
            continue
        assert response.status_code == 200, who
        # The state of play counts (it has no titles): its public figures mention neither
        # the internal theme nor the internal cycle.
        assert_nothing_hidden(response.text, world, shows_public="etat-des-lieux" not in path and "direction" not in path)


def test_their_own_pages_answer_404_like_missing_ones(world: World) -> None:
    in_theme, in_cycle = world.hidden
    paths = [
        f"/fr/recommandations/{in_theme.reference}/",
        f"/fr/recommandations/{in_cycle.reference}/",
        f"/fr/thematiques/{in_theme.theme_id}/",
        f"/fr/cycles/{in_cycle.cycle.slug}/",
        *(f"/fr/groupes/{group.pk}/" for r in world.hidden for group in r.groups.all()),
    ]
    for who, client in clients(world).items():
        assert [client.get(path).status_code for path in paths] == [404] * len(paths), who
    coordination = Client()
    coordination.force_login(world.coordinator)  # type: ignore[arg-type]
    assert [coordination.get(path).status_code for path in paths] == [200] * len(paths)


def test_pages_of_what_followed_list_only_the_public_one(world: World, linked: dict) -> None:
    paths = [
        f"/fr/projets/{linked['project'].pk}/",
        f"/fr/recits/{linked['story'].slug}/",
        f"/fr/evenements/{linked['event'].pk}/",
    ]
    for who, client in clients(world).items():
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (who, path)
            assert_nothing_hidden(response.text, world)


# --- Exports, PDF, command line -------------------------------------------------------------


def test_open_data_files_leave_them_out(world: World) -> None:
    client = Client()
    for name in ("chiffres.json", "chiffres.csv", "recommandations.csv"):
        response = client.get(f"/fr/etat-des-lieux/donnees-ouvertes/{name}")
        assert response.status_code == 200
        assert_nothing_hidden(response.content.decode(), world, shows_public=name == "recommandations.csv")
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/fr/etat-des-lieux/donnees-ouvertes/chiffres.xlsx").content))
    cells = " ".join(str(cell.value) for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row)
    assert_nothing_hidden(cells, world, shows_public=False)
    figures = json.loads(client.get("/fr/etat-des-lieux/donnees-ouvertes/chiffres.json").content)
    assert figures["total"] == 1


def test_the_live_pdf_and_a_published_edition_leave_them_out(world: World, client: Client) -> None:
    context = pdf_context()
    assert [row.reference for row in context["rows"]] == [world.public.reference]
    assert context["figures"].total == 1

    edition = edition_publish(title="État des lieux 2024", as_of=timezone.localdate(), actor=world.coordinator)
    assert list(edition.recommendations.values_list("reference", flat=True)) == [world.public.reference]
    assert_nothing_hidden(client.get(f"/fr/etat-des-lieux/editions/{edition.slug}/").text, world)


def test_the_figures_command_leaves_them_out(world: World) -> None:
    out = io.StringIO()
    call_command("report_figures", format="json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["total"] == 1
    assert_nothing_hidden(out.getvalue(), world, shows_public=False)


# --- Notifications and e-mails ------------------------------------------------------------


@pytest.fixture
def followers(world: World) -> object:
    """A member who hears everything at once, and follows all three (they were public when
    they followed them)."""
    follower = make_user("member")
    notifications.preference_set(user=follower, frequency=Frequency.IMMEDIATELY)
    for recommendation in (world.public, *world.hidden):
        notifications.follow(user=follower, kind="recommendation", target_id=recommendation.pk)
    return follower


def test_no_event_about_them_reaches_their_followers(world: World, followers: object, django_capture_on_commit_callbacks) -> None:
    mail.outbox.clear()
    NotificationEvent.objects.all().delete()
    project = ProjectFactory(title="Permanences juridiques")
    with django_capture_on_commit_callbacks(execute=True):
        for recommendation in (world.public, *world.hidden):
            assessment_record(
                actor=world.coordinator,
                recommendation=recommendation,
                status="done",
                effective_date=timezone.localdate(),
                public_comment="Réalisée.",
            )
            project_link_recommendation(actor=world.coordinator, project=project, recommendation=recommendation, answer=Answer.FULLY)
        project_post_update(actor=world.coordinator, project=project, posted_on=timezone.localdate(), text="Ouverture à Liège.")
        make_story(titles={"fr": "Les permanences ouvrent"}, recommendations=[world.public, *world.hidden], published=True)

    # Every event of the three kinds was raised for the public one only.
    targets = {(kind, target_id) for event in NotificationEvent.objects.all() for kind, target_id in event.targets}
    assert {target for target in targets if target[0] == "recommendation"} == {("recommendation", world.public.pk)}
    assert sorted(NotificationEvent.objects.values_list("kind", flat=True).distinct()) == [
        "assessment_published",
        "project_linked",
        "project_update",
        "story_published",
    ]
    subjects = set(NotificationEvent.objects.filter(subject_kind="recommendation").values_list("subject_id", flat=True))
    assert subjects == {world.public.pk}
    bodies = " ".join(f"{message.subject} {message.body}" for message in mail.outbox)
    assert mail.outbox, "the public recommendation's events send e-mails"
    assert_nothing_hidden(bodies, world)


def test_the_follows_page_and_the_notification_centre_leave_them_out(world: World, followers: object, client: Client) -> None:
    client.force_login(followers)  # type: ignore[arg-type]
    assert_nothing_hidden(client.get("/fr/notifications/suivis/").text, world)
    assert_nothing_hidden(client.get("/fr/notifications/").text, world, shows_public=False)
