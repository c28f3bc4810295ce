"""factory_boy factories for experiments; the tests of the write paths go through the services."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from cairn.experiments.models import Action, Call, CallState, Expression, Group, LogEntry, Placement, PlacementState, Rhythm, Topic


class CallFactory(factory.django.DjangoModelFactory):
    """An open call whose deadline is a fortnight away."""

    class Meta:
        model = Call

    slug = factory.Sequence(lambda n: f"appel-{n}")
    title = factory.Sequence(lambda n: f"Appel à expérimentations {n}")
    framework = "Une expérimentation est un essai mené par un groupe de sociétaires."
    state = CallState.OPEN
    interest_deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    call = factory.SubFactory(CallFactory)
    title = factory.Sequence(lambda n: f"Rencontres locales {n}")


class ExpressionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expression

    topic = factory.SubFactory(TopicFactory)
    user = factory.SubFactory("cairn.accounts.factories.UserFactory")
    motivation = "Renouer avec les autres sociétaires."
    rhythm = Rhythm.MONTHLY
    moments = "evening"
    online = True
    languages = "fr"


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    topic = factory.SubFactory(TopicFactory)
    call = factory.SelfAttribute("topic.call")
    name = factory.Sequence(lambda n: f"Groupe {n}")


class PlacementFactory(factory.django.DjangoModelFactory):
    """An accepted place in a group."""

    class Meta:
        model = Placement

    group = factory.SubFactory(GroupFactory)
    topic = factory.SelfAttribute("group.topic")
    user = factory.SubFactory("cairn.accounts.factories.UserFactory")
    state = PlacementState.ACCEPTED


class LogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LogEntry

    group = factory.SubFactory(GroupFactory)
    posted_on = factory.LazyFunction(timezone.localdate)
    text = "Premier afterwork : douze personnes."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    group = factory.SubFactory(GroupFactory)
    title = "Réserver la salle"
