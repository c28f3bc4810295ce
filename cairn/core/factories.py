"""factory_boy factories for core's own tables."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from cairn.core.models import AuditEntry


class AuditEntryFactory(factory.django.DjangoModelFactory):
    """An audit entry as ``core.audit.record_change`` writes it (about a role, by default)."""

    class Meta:
        model = AuditEntry

    content_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Group))
    object_id = "1"
    actor = None
    action = "update"
    changes = factory.LazyFunction(lambda: {"name": {"before": "a", "after": "b"}})
