"""Who reaches the experiments' pages: their rows of the role × page matrix (the harness:
``cairn/accounts/tests/matrix.py``)."""

from __future__ import annotations

import pytest

from cairn.accounts.tests.matrix import PageMatrix
from cairn.experiments.factories import CallFactory, TopicFactory
from cairn.experiments.models import CallState

pytestmark = pytest.mark.django_db

PAGES = {
    "experiments": "/fr/experimentations/",
    "call page": "/fr/experimentations/{call}/",
    "draft call": "/fr/experimentations/{draft}/",
    "my experiments": "/fr/experimentations/mes-experimentations/",
    "express interest": "/fr/experimentations/sujets/{topic}/interet/",
    "interest of draft": "/fr/experimentations/sujets/{draft_topic}/interet/",
    "new call": "/fr/gestion/experimentations/nouvel-appel/",
    "edit call": "/fr/gestion/experimentations/{call_pk}/modifier/",
    "call topics": "/fr/gestion/experimentations/{call_pk}/sujets/",
}

MATRIX = """
page                    | visitor | registered  | member | facilitator | coordination | department_lead | admin
experiments             | 200     | 200         | 200    | 200         | 200          | 200             | 200
call page               | 200     | 200         | 200    | 200         | 200          | 200             | 200
draft call              | 404     | 404         | 404    | 404         | 200          | 404             | 200
my experiments          | login   | member-only | 200    | 200         | 200          | 200             | 200
express interest        | login   | member-only | 200    | 200         | 200          | 200             | 200
interest of draft       | login   | member-only | 404    | 404         | 200          | 404             | 200
new call                | login   | 403         | 403    | 403         | 200          | 403             | 200
edit call               | login   | 403         | 403    | 403         | 200          | 403             | 200
call topics             | login   | 403         | 403    | 403         | 200          | 403             | 200
"""


def page_objects() -> dict[str, object]:
    topic = TopicFactory()
    draft_topic = TopicFactory(call=CallFactory(state=CallState.DRAFT))
    return {
        "call": topic.call.slug,
        "call_pk": topic.call.pk,
        "draft": draft_topic.call.slug,
        "topic": topic.pk,
        "draft_topic": draft_topic.pk,
    }


PAGE_MATRIX = PageMatrix(PAGES, MATRIX, page_objects)


@pytest.mark.parametrize("page_name", PAGES)
def test_role_page_matrix(page_name: str) -> None:
    PAGE_MATRIX.check(page_name)
