"""factory_boy factories for the registry."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import factory

from cairn.recommendations.models import Cycle, CycleCountry, Recommendation, Theme, ThemeCategory, WorkingGroup
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
