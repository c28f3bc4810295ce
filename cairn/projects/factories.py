"""factory_boy factories for projects; use the services to test the write paths themselves."""

from __future__ import annotations

import factory

from cairn.projects.models import (
    Project,
    ProjectAttachment,
    ProjectKind,
    ProjectRecommendation,
    ProjectStatus,
    ProjectUpdate,
    UpdateRequest,
)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Projet {n}")
    summary = "Un projet issu des recommandations."
    kind = ProjectKind.PRIORITY
    status = ProjectStatus.IN_PROGRESS
    progress = 40


class ProjectRecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectRecommendation

    project = factory.SubFactory(ProjectFactory)
    recommendation = factory.SubFactory("cairn.recommendations.factories.RecommendationFactory")
    answer = "partly"


class ProjectUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectUpdate

    project = factory.SubFactory(ProjectFactory)
    posted_on = factory.Faker("date_this_year")
    text = "Une étape franchie."


class ProjectAttachmentFactory(factory.django.DjangoModelFactory):
    """A file attached to a project; ``services.attachment_add`` tests the checks themselves."""

    class Meta:
        model = ProjectAttachment

    project = factory.SubFactory(ProjectFactory)
    file = factory.django.FileField(filename="compte-rendu.pdf", data=b"%PDF-1.4\n")
    name = "compte-rendu.pdf"
    content_type = "application/pdf"
    size = 9
    uploaded_by = None


class UpdateRequestFactory(factory.django.DjangoModelFactory):
    """A request for news, waiting for its answer."""

    class Meta:
        model = UpdateRequest

    project = factory.SubFactory(ProjectFactory)
    recipient = factory.SubFactory("cairn.accounts.factories.UserFactory")
    requested_by = None
    message = "Où en est le projet ?"
