"""factory_boy factories for notifications; ``services`` is the way to test the write
paths themselves (following, fan-out, e-mails)."""

from __future__ import annotations

import factory

from cairn.notifications.models import Event, Follow, Frequency, Notification, Preference


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Follow

    user = factory.SubFactory("cairn.accounts.factories.UserFactory")
    target_kind = "project"
    target_id = factory.Sequence(lambda n: n + 1)


class EventFactory(factory.django.DjangoModelFactory):
    """Something that happened to an item (a project update, by default)."""

    class Meta:
        model = Event

    kind = "project_update"
    subject_kind = "project"
    subject_id = factory.Sequence(lambda n: n + 1)
    targets = factory.LazyAttribute(lambda o: [[o.subject_kind, o.subject_id]])
    url_name = "projects:detail"
    url_args = factory.LazyAttribute(lambda o: [o.subject_id])
    actor = None


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory("cairn.accounts.factories.UserFactory")
    event = factory.SubFactory(EventFactory)


class PreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preference
        django_get_or_create = ("user",)

    user = factory.SubFactory("cairn.accounts.factories.UserFactory")
    frequency = Frequency.DAILY
