"""factory_boy factories for projects; use the services to test the write paths themselves."""

from __future__ import annotations

import factory

from cairn.projects.models import Project, ProjectKind, ProjectRecommendation, ProjectStatus, ProjectUpdate


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
