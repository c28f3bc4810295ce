"""factory_boy factories for events."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from cairn.events.models import (
    Attendance,
    CalendarFeed,
    Event,
    EventMessage,
    Feedback,
    Kind,
    Registration,
    RegistrationStatus,
    Scope,
    Series,
)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Atelier {n}")
    description = "Un atelier pour **discuter** de l’état des lieux."
    kind = Kind.WORKSHOP
    scope = Scope.COOPERATIVE
    attendance = Attendance.IN_PERSON
    address = "Rue Coenraets 72, 1060 Bruxelles"
    city = "Bruxelles"
    languages = "fr"
    starts_at = factory.LazyFunction(lambda: (timezone.now() + dt.timedelta(days=10)).replace(microsecond=0))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))


class SeriesFactory(factory.django.DjangoModelFactory):
    """A series' row alone, without its dates: ``services.series.series_create`` makes
    them (``series_materialise``)."""

    class Meta:
        model = Series

    title = factory.Sequence(lambda n: f"Permanence {n}")
    kind = Kind.WORKSHOP
    scope = Scope.COOPERATIVE
    attendance = Attendance.ONLINE
    online_url = "https://visio.example.org/permanence"
    languages = "fr"
    rule = "FREQ=MONTHLY;BYDAY=1TH"
    first_start = factory.LazyFunction(lambda: (timezone.now() + dt.timedelta(days=10)).replace(microsecond=0))
    duration = dt.timedelta(hours=1)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration's row; ``services.registrations`` moves seats and queues."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory("cairn.accounts.factories.UserFactory")
    status = RegistrationStatus.CONFIRMED


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory("cairn.accounts.factories.UserFactory")
    rating = 4
    comment = "Très utile."


class CalendarFeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarFeed
        django_get_or_create = ("user",)

    user = factory.SubFactory("cairn.accounts.factories.UserFactory")


class EventMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventMessage

    event = factory.SubFactory(EventFactory)
    sent_by = None
    subject = "Changement de salle"
    body = "Nous serons en salle 2."
