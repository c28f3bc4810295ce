"""The demo's state of play: every broad theme has its analysis in French and Dutch, and
"État des lieux 2023" is published, frozen at the end of the 2022–2023 interviews."""

from __future__ import annotations

import random

import pytest
from django.contrib.auth.models import AnonymousUser

from cairn.accounts.seed import seed_accounts
from cairn.core.seeding import SeedContext
from cairn.recommendations.seed import seed_recommendations
from cairn.recommendations.selectors.registry import RegistryFilters
from cairn.reports.figures import figures
from cairn.reports.models import CategoryAnalysis, Edition
from cairn.reports.seed import EDITION_AS_OF, EDITION_TITLE, seed_reports
from cairn.reports.services import missing_analyses

pytestmark = pytest.mark.django_db


def test_the_small_seed_publishes_the_2023_edition_with_its_analyses() -> None:
    logged: list[str] = []
    context = SeedContext(scale="small", rng=random.Random(2015), log=logged.append)
    seed_accounts(context)
    seed_recommendations(context)
    seed_reports(context)

    assert CategoryAnalysis.objects.count() == 6
    assert missing_analyses() == []
    edition = Edition.objects.get()
    assert (edition.title, edition.as_of, edition.published_by is not None) == (EDITION_TITLE, EDITION_AS_OF, True)
    # Frozen with the same figures the live module gives for that date.
    assert (
        edition.figures["fr"]["by_status"]
        == figures(viewer=AnonymousUser(), filters=RegistryFilters(as_of=EDITION_AS_OF)).as_dict()["by_status"]
    )
    assert edition.recommendations.count() == edition.figures["fr"]["total"]
    assert edition.figures["fr"]["done"] > 0
    seed_reports(context)  # a second run adds nothing
    assert Edition.objects.count() == 1
    assert logged[-1].startswith("State of play: 6 analyses")
