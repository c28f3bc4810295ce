"""factory_boy factories for the state of play."""

from __future__ import annotations

import datetime

import factory

from cairn.reports.models import CategoryAnalysis, Edition, ExportFile


class CategoryAnalysisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CategoryAnalysis

    category = factory.SubFactory("cairn.recommendations.factories.ThemeCategoryFactory")
    text_fr = "Une analyse de la grande thématique."
    updated_by = None


class EditionFactory(factory.django.DjangoModelFactory):
    """An edition's row alone; ``services.edition_publish`` freezes a real one."""

    class Meta:
        model = Edition

    title = factory.Sequence(lambda n: f"État des lieux {2020 + n}")
    slug = factory.Sequence(lambda n: f"etat-des-lieux-{2020 + n}")
    as_of = datetime.date(2024, 12, 31)
    published_at = None
    published_by = None


class ExportFileFactory(factory.django.DjangoModelFactory):
    """A row as ``services.export_request`` writes it, not built yet."""

    class Meta:
        model = ExportFile

    key = factory.Sequence(lambda n: f"{n:064d}")
    variant = factory.Sequence(lambda n: f"{n:064d}")
    filename = "recommandations.csv"
    language = "fr"
    audience = "internal"
    requested_by = None
