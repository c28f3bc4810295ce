"""Who reaches the projects' pages and their staff pages: their rows of the role × page
matrix (the harness: ``cairn/accounts/tests/matrix.py``)."""

from __future__ import annotations

import pytest

from cairn.accounts.tests.matrix import PageMatrix
from cairn.projects.factories import ProjectFactory
from cairn.recommendations.factories import RecommendationFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "projects": "/fr/projets/",
    "projects filtered": "/fr/projets/?kind=priority&status=nope",
    "project page": "/fr/projets/{project}/",
    "hidden project": "/fr/projets/{internal_project}/",
    "still to carry out": "/fr/projets/a-realiser/",
    "new project": "/fr/gestion/projets/nouveau/",
    "edit project": "/fr/gestion/projets/{project}/modifier/",
    "project attachments": "/fr/gestion/projets/{project}/pieces-jointes/",
    "link recommendations": "/fr/gestion/projets/{project}/recommandations/",
    "post project update": "/fr/projets/{project}/actualites/nouvelle/",
    "request project update": "/fr/gestion/projets/{project}/demander-une-actualite/",
    "update requests": "/fr/gestion/projets/demandes-d-actualite/",
    "assess from project": "/fr/gestion/projets/{project}/evaluer/",
    "our recommendations": "/fr/nos-recommandations/",
    "api projects": "/api/v1/projects/",
    "api project": "/api/v1/projects/{project}",
    "api hidden project": "/api/v1/projects/{internal_project}",
}

MATRIX = """
page                   | visitor | registered  | member | facilitator | coordination | department_lead | admin
projects               | 200     | 200         | 200    | 200         | 200          | 200             | 200
projects filtered      | 200     | 200         | 200    | 200         | 200          | 200             | 200
project page           | 200     | 200         | 200    | 200         | 200          | 200             | 200
hidden project         | 404     | 404         | 404    | 404         | 200          | 404             | 200
still to carry out     | 200     | 200         | 200    | 200         | 200          | 200             | 200
new project            | login   | 403         | 403    | 403         | 200          | 403             | 200
edit project           | login   | 404         | 404    | 404         | 200          | 404             | 200
project attachments    | login   | 404         | 404    | 404         | 200          | 404             | 200
link recommendations   | login   | 403         | 403    | 403         | 200          | 403             | 200
post project update    | login   | 404         | 404    | 404         | 200          | 404             | 200
request project update | login   | 403         | 403    | 403         | 200          | 403             | 200
update requests        | login   | 403         | 403    | 403         | 200          | 403             | 200
assess from project    | login   | 403         | 403    | 403         | 200          | 403             | 200
our recommendations    | login   | member-only | 200    | 200         | 200          | 200             | 200
api projects           | 200     | 200         | 200    | 200         | 200          | 200             | 200
api project            | 200     | 200         | 200    | 200         | 200          | 200             | 200
api hidden project     | 404     | 404         | 404    | 404         | 200          | 404             | 200
"""


def page_objects() -> dict[str, object]:
    """A project of nobody among the role clients (the department lead has no department:
    out of scope, 404), an internal one, and a public and an internal recommendation for
    "still to carry out" to list or hide."""
    recommendation = RecommendationFactory()
    RecommendationFactory(theme=recommendation.theme, is_internal=True)
    return {"project": ProjectFactory().pk, "internal_project": ProjectFactory(is_internal=True).pk}


PAGE_MATRIX = PageMatrix(PAGES, MATRIX, page_objects)


@pytest.mark.parametrize("page_name", PAGES)
def test_role_page_matrix(page_name: str) -> None:
    PAGE_MATRIX.check(page_name)
