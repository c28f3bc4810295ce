"""Who reaches the state of play's pages and their staff pages: their rows of the role ×
page matrix (the harness: ``cairn/accounts/tests/matrix.py``)."""

from __future__ import annotations

import datetime

import pytest

from cairn.accounts.tests.helpers import make_user
from cairn.accounts.tests.matrix import PageMatrix
from cairn.recommendations.factories import RecommendationFactory, ThemeCategoryFactory
from cairn.recommendations.models import ThemeCategory
from cairn.reports.services import category_analysis_update, edition_publish

pytestmark = pytest.mark.django_db

PAGES = {
    "state of play": "/fr/etat-des-lieux/",
    "state of play filtered": "/fr/etat-des-lieux/?country=BE&as_of=2023-06-30",
    "open data": "/fr/etat-des-lieux/donnees-ouvertes/",
    "open data figures": "/fr/etat-des-lieux/donnees-ouvertes/chiffres.json",
    "editions": "/fr/etat-des-lieux/editions/",
    "edition": "/fr/etat-des-lieux/editions/{edition}/",
    "compare editions": "/fr/etat-des-lieux/editions/comparer/?first={edition}&second={edition}",
    "manage state of play": "/fr/gestion/etat-des-lieux/",
    "edit analysis": "/fr/gestion/etat-des-lieux/analyses/{category}/",
    "api figures": "/api/v1/state-of-play/figures?country=BE",
    "api editions": "/api/v1/state-of-play/editions/",
    "api edition": "/api/v1/state-of-play/editions/{edition}",
    "api compare editions": "/api/v1/state-of-play/editions/{edition}/compare/{edition}",
}

MATRIX = """
page                   | visitor | registered | member | facilitator | coordination | department_lead | admin
state of play          | 200     | 200        | 200    | 200         | 200          | 200             | 200
state of play filtered | 200     | 200        | 200    | 200         | 200          | 200             | 200
open data              | 200     | 200        | 200    | 200         | 200          | 200             | 200
open data figures      | 200     | 200        | 200    | 200         | 200          | 200             | 200
editions               | 200     | 200        | 200    | 200         | 200          | 200             | 200
edition                | 200     | 200        | 200    | 200         | 200          | 200             | 200
compare editions       | 200     | 200        | 200    | 200         | 200          | 200             | 200
manage state of play   | login   | 403        | 403    | 403         | 200          | 403             | 200
edit analysis          | login   | 403        | 403    | 403         | 200          | 403             | 200
api figures            | 200     | 200        | 200    | 200         | 200          | 200             | 200
api editions           | 200     | 200        | 200    | 200         | 200          | 200             | 200
api edition            | 200     | 200        | 200    | 200         | 200          | 200             | 200
api compare editions   | 200     | 200        | 200    | 200         | 200          | 200             | 200
"""


def page_objects() -> dict[str, object]:
    """A recommendation whose broad theme has its analysis written, an edition published by
    a coordinator who is none of the role clients, and a broad theme to write the analysis
    of."""
    owner = make_user("coordination")
    RecommendationFactory()
    for theme_category in ThemeCategory.objects.all():
        category_analysis_update(category=theme_category, text_fr="Analyse.", text_nl="Analyse.", text_en="", actor=owner)
    edition = edition_publish(title="État des lieux 2023", as_of=datetime.date(2023, 6, 30), actor=owner)
    return {"edition": edition.slug, "category": ThemeCategoryFactory(slug="economie").slug}


PAGE_MATRIX = PageMatrix(PAGES, MATRIX, page_objects)


@pytest.mark.parametrize("page_name", PAGES)
def test_role_page_matrix(page_name: str) -> None:
    PAGE_MATRIX.check(page_name)
