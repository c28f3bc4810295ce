"""factory_boy factories for events."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from cairn.events.models import Attendance, Event, Kind, Scope


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
