"""factory_boy factories for the registry."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import factory

from cairn.recommendations.models import (
    Assessment,
    Campaign,
    CampaignAssignment,
    Cycle,
    CycleCountry,
    GroupPerson,
    GroupRole,
    Recommendation,
    RegistryImport,
    Status,
    Theme,
    ThemeCategory,
    WorkingGroup,
)
from cairn.recommendations.services.recommendations import (
    number_position,
    recommendation_reference,
    recommendation_refresh_search,
    recommendation_search_text,
)


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"{2015 + n}-{2016 + n}")
    slug = factory.Sequence(lambda n: f"cycle-{n}")
    code = factory.Sequence(lambda n: f"{2015 + n}-{(16 + n) % 100:02d}")
    country = CycleCountry.BE
    starts_on = factory.Sequence(lambda n: datetime.date(2015 + n, 6, 1))


class ThemeCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThemeCategory
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"categorie-{n}")
    name_fr = factory.Sequence(lambda n: f"Catégorie {n}")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    cycle = factory.SubFactory(CycleFactory)
    title = factory.Sequence(lambda n: f"Thématique {n}")
    code = factory.Sequence(lambda n: f"T{n}")
    category = factory.SubFactory(ThemeCategoryFactory)


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    theme = factory.SubFactory(ThemeFactory)
    name = factory.Sequence(lambda n: f"Groupe {n}")
    cities = "Bruxelles"
    languages = factory.LazyFunction(lambda: ["fr"])


class RecommendationFactory(factory.django.DjangoModelFactory):
    """A recommendation; use ``services.recommendation_create`` to test the write path itself."""

    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    theme = factory.SubFactory(ThemeFactory)
    cycle = factory.SelfAttribute("theme.cycle")
    number = factory.Sequence(lambda n: str(n + 1))
    position = factory.LazyAttribute(lambda o: number_position(o.number))
    reference = factory.LazyAttribute(
        lambda o: recommendation_reference(cycle_code=o.theme.cycle.code, theme_code=o.theme.code, number=o.number)
    )
    title = factory.Sequence(lambda n: f"Recommandation {n}")
    text = "Un texte de recommandation."
    section = ""
    search_text = factory.LazyAttribute(lambda o: recommendation_search_text(o, group_names=()))

    @factory.post_generation
    def groups(self, create: bool, extracted: Iterable[WorkingGroup] | None, **kwargs: object) -> None:
        """``RecommendationFactory(groups=[g1, g2])`` sets its groups (and their names in
        ``search_text``, as ``recommendation_create`` does)."""
        if create and extracted:
            self.groups.set(list(extracted))  # type: ignore[attr-defined]
            recommendation_refresh_search(recommendations=[self])  # type: ignore[list-item]


class GroupPersonFactory(factory.django.DjangoModelFactory):
    """Someone in a working group: a member account (``user=``) or only a name."""

    class Meta:
        model = GroupPerson

    group = factory.SubFactory(WorkingGroupFactory)
    role = GroupRole.PARTICIPANT
    user = None
    name = factory.LazyAttribute(lambda o: "" if o.user else "Marie Dupont")


class AssessmentFactory(factory.django.DjangoModelFactory):
    """An assessment; ``services.assessments.assessment_record`` tests the write path itself."""

    class Meta:
        model = Assessment

    recommendation = factory.SubFactory(RecommendationFactory)
    status = Status.IN_PROGRESS
    effective_date = factory.LazyFunction(datetime.date.today)
    assessed_by = None
    published_by = None

    @classmethod
    def _create(cls, model_class: type[Assessment], *args: Any, **kwargs: Any) -> Assessment:
        """Saved directly, then the recommendation's stored current status refreshed as the
        services keep it."""
        from cairn.recommendations.services.assessments import recommendation_status_refresh

        assessment = super()._create(model_class, *args, **kwargs)
        recommendation_status_refresh(recommendation_ids=[assessment.recommendation_id])
        return assessment


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Campagne {n}")
    opened_by = None


class CampaignAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignAssignment

    campaign = factory.SubFactory(CampaignFactory)
    recommendation = factory.SubFactory(RecommendationFactory)
    assignee = factory.SubFactory("cairn.accounts.factories.UserFactory")


class RegistryImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistryImport

    created_by = None
    filename = "registre.csv"
    content = b"reference;title\n"
    sha256 = "0" * 64
    size = 16
