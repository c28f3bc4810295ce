"""The demo's events (issue 6, "Demo seed")."""

from __future__ import annotations

import random

import pytest
from django.db.models import F

from cairn.accounts.seed import seed_accounts
from cairn.core.seeding import SeedContext
from cairn.events.models import Event, Feedback, Registration, RegistrationStatus, Series
from cairn.events.seed import DEMO_MEMBER, seed_events
from cairn.recommendations.seed import seed_recommendations

pytestmark = pytest.mark.django_db


def test_the_small_seed_has_every_kind_of_event() -> None:
    context = SeedContext(scale="small", rng=random.Random(2015), log=lambda text: None)
    seed_accounts(context)
    seed_recommendations(context)

    seed_events(context)

    afterworks = Series.objects.filter(meetup_format="afterwork")
    assert sorted(afterworks.values_list("city", flat=True)) == ["Bruxelles", "Liège", "Lyon"]
    assert Series.objects.filter(meetup_format="meet_connect", scope="sector", sector__isnull=False).count() == 1
    assert Event.objects.filter(meetup_format="breakfast").exists()
    assert Event.objects.filter(kind="workshop").values("city").distinct().count() == 6
    # Never over capacity, and the counters match the rows.
    assert not Event.objects.filter(capacity__isnull=False, confirmed_count__gt=F("capacity")).exists()
    for event in Event.objects.all():
        assert event.confirmed_count == event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    full = Event.objects.filter(capacity__isnull=False, confirmed_count=F("capacity"))
    assert full.count() >= 3
    assert Registration.objects.filter(event__in=full, status=RegistrationStatus.WAITLISTED).exists()
    assert Registration.objects.filter(attended_at__isnull=False).exists()
    assert Feedback.objects.exists()
    assert Event.objects.exclude(recommendations=None).exists()
    demo = set(Registration.objects.filter(user__email=DEMO_MEMBER).values_list("status", flat=True))
    assert demo == {RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED}


def test_seeded_events_link_to_fitting_public_projects() -> None:
    from cairn.projects.models import Project, ProjectRecommendation
    from cairn.projects.seed import seed_projects

    context = SeedContext(scale="small", rng=random.Random(2015), log=lambda text: None)
    seed_accounts(context)
    seed_recommendations(context)
    seed_projects(context)

    seed_events(context)

    afterwork_project = Project.objects.get(title="Afterworks des sociétaires")
    afterworks = Event.objects.filter(meetup_format="afterwork")
    assert afterworks.count() > 3
    assert all(list(e.projects.all()) == [afterwork_project] for e in afterworks)
    assert list(Series.objects.get(title="Afterwork des sociétaires — Lyon").projects.all()) == [afterwork_project]
    meetings = Event.objects.filter(kind="experiment_meeting")
    assert meetings.count() >= 4
    assert set(meetings.values_list("projects__title", flat=True)) == {"Cercles d’entraide"}
    # A state-of-play workshop is about the projects answering its recommendations.
    workshops = list(Event.objects.filter(kind="workshop").prefetch_related("projects", "recommendations"))
    assert sum(1 for w in workshops if w.projects.all()) >= len(workshops) // 2
    for workshop in workshops:
        answering = set(
            ProjectRecommendation.objects.filter(recommendation__in=workshop.recommendations.all()).values_list("project_id", flat=True)
        )
        assert {p.pk for p in workshop.projects.all()} <= answering
    assert not Event.objects.filter(projects__is_internal=True).exists()
