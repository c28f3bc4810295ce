"""The call's figures and the state of play's experiments by broad theme: one definition,
counted from the groups, places, expressions and events themselves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from cairn.accounts.factories import OfficeFactory, SectorFactory
from cairn.events.factories import EventFactory
from cairn.events.models import Registration, RegistrationStatus
from cairn.experiments.factories import CallFactory, ExpressionFactory, GroupFactory, PlacementFactory, TopicFactory
from cairn.experiments.selectors import call_figures
from cairn.experiments.state_of_play import state_of_play_experiments
from cairn.projects.factories import ProjectFactory
from cairn.recommendations.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


def test_a_calls_figures() -> None:
    call = CallFactory()
    topic = TopicFactory(call=call)
    liege, sector = OfficeFactory(city="Liège"), SectorFactory(name_fr="Arts de la scène")
    member = ExpressionFactory(topic=topic, office=liege).user
    member.profile.sector = sector
    member.profile.save()
    ExpressionFactory(topic=topic, office=liege)
    ExpressionFactory(topic=TopicFactory(call=call), user=member)
    group = GroupFactory(topic=topic, project=ProjectFactory(kind="experiment"))
    PlacementFactory(group=group, user=member)
    PlacementFactory(group=group, state="invited")
    past = timezone.now() - dt.timedelta(days=3)
    meeting = EventFactory(kind="experiment_meeting", starts_at=past, ends_at=past + dt.timedelta(hours=2))
    meetup = EventFactory(kind="meetup", meetup_format="afterwork", starts_at=past, ends_at=past + dt.timedelta(hours=2))
    EventFactory(kind="meetup", meetup_format="afterwork")  # not the group's
    for event in (meeting, meetup):
        event.projects.add(group.project)
    Registration.objects.create(event=meetup, user=member, status=RegistrationStatus.CONFIRMED, attended_at=past)

    figures = call_figures(call)

    assert (figures.interests, figures.people, figures.groups, figures.active_members) == (3, 2, 1, 1)
    assert (figures.meetings_held, figures.meetups, figures.meetup_registrations, figures.meetup_attended) == (2, 1, 1, 1)
    assert dict(figures.by_office) == {"Liège": 2, "": 1}
    assert dict(figures.by_sector)["Arts de la scène"] == 2


def test_the_state_of_play_counts_experiments_by_broad_theme(client: Client) -> None:
    recommendation = RecommendationFactory()
    hidden = RecommendationFactory(is_internal=True)
    topic = TopicFactory()
    topic.recommendations.add(recommendation, hidden)
    GroupFactory(topic=topic)
    GroupFactory(topic=topic)
    category = recommendation.theme.category
    rows = state_of_play_experiments([(category.slug, category.name)], None)
    assert rows == [{"label": category.name, "groups": 2, "recommendations": 1}]
    body = client.get("/fr/etat-des-lieux/").content.decode()
    assert "Expérimentations par grande thématique" in body
