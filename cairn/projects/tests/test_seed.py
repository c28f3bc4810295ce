"""The demo seed of projects: every kind, linked to the registry, with timelines, follows
and notifications for the demo member."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from cairn.core.seeding import seeders
from cairn.notifications.models import Follow, Notification
from cairn.projects.models import Project, ProjectKind, ProjectStatus
from cairn.projects.seed import PROJECTS_AT_SCALE, local_title
from cairn.projects.seed_content import TOPICS

pytestmark = pytest.mark.django_db


def test_the_small_seed_has_projects_of_every_kind_with_timelines_and_notifications(client: Client) -> None:
    names = [s.name for s in seeders()]
    assert names.index("recommendations") < names.index("projects")
    call_command("seed", scale="small", seed=2015, stdout=open("/dev/null", "w"))  # noqa: SIM115

    projects = Project.objects.all()
    # 12 from the projects' seed, the 3 projects of the experiments seed's groups, and the
    # chosen answer of the hackathons' seed.
    assert projects.count() == 12 + 3 + 1
    assert set(projects.values_list("kind", flat=True)) == set(ProjectKind.values)
    assert not projects.filter(answers__isnull=True).exists()
    assert not projects.filter(updates__isnull=True).exists()
    assert all(p.stop_reason for p in projects.filter(status=ProjectStatus.STOPPED))
    member = "societaire@demo.cairn.example"
    assert Follow.objects.filter(user__email=member).count() == 6
    assert Notification.objects.filter(user__email=member).exists()
    # The demo member's pages render with the seeded data.
    from cairn.accounts.models import User

    client.force_login(User.objects.get(email=member))
    assert client.get("/fr/notifications/").status_code == 200
    assert client.get("/fr/nos-recommandations/").context["recommendations"]
    assert client.get(f"/fr/projets/{projects.filter(is_internal=False).first().pk}/").status_code == 200


def test_a_topic_seeded_again_is_another_citys_project_never_a_numbered_copy() -> None:
    titles = [
        TOPICS[n % len(TOPICS)].title
        if n < len(TOPICS)
        else local_title(TOPICS[n % len(TOPICS)].title, dutch=False, n=n // len(TOPICS) - 1)
        for n in range(PROJECTS_AT_SCALE["large"])
    ]

    assert local_title("Portail unique des sociétaires", dutch=False, n=0) == "Portail unique des sociétaires à Liège"
    assert local_title("Eén portaal voor de vennoten", dutch=True, n=1) == "Eén portaal voor de vennoten in Gent"
    assert len(set(titles)) == len(titles)
    assert not any(title.endswith(")") for title in titles)


def test_the_realistic_scale_has_a_topic_of_its_own_for_each_project() -> None:
    assert len(TOPICS) >= PROJECTS_AT_SCALE["realistic"]
    for field in ("title", "title_nl", "summary", "why", "outcome"):
        values = [getattr(t, field) for t in TOPICS]
        assert len(set(values)) == len(values), field
    steps = [step for t in TOPICS for step in t.steps]
    assert len(set(steps)) == len(steps)
