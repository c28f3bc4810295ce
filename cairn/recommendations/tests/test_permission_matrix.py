"""Who reaches the registry's pages and its staff pages (campaigns, assessments, imports):
their rows of the role × page matrix (the harness: ``cairn/accounts/tests/matrix.py``)."""

from __future__ import annotations

import pytest

from cairn.accounts.tests.helpers import make_user
from cairn.accounts.tests.matrix import PageMatrix
from cairn.recommendations.factories import RecommendationFactory, WorkingGroupFactory
from cairn.recommendations.services.campaigns import campaign_assign, campaign_open

pytestmark = pytest.mark.django_db

PAGES = {
    "import registry": "/fr/gestion/import-registre/",
    "campaigns": "/fr/gestion/campagnes/",
    "campaign": "/fr/gestion/campagnes/{campaign}/",
    "campaign review": "/fr/gestion/campagnes/{campaign}/relecture/",
    "my to-do": "/fr/gestion/campagnes/a-faire/",
    "campaign proposal": "/fr/gestion/campagnes/{campaign}/recommandations/{recommendation}/",
    "assess recommendation": "/fr/gestion/recommandations/{recommendation}/evaluer/",
    "edit recommendation": "/fr/gestion/recommandations/{recommendation}/modifier/",
    "recommendation history": "/fr/gestion/recommandations/{recommendation}/historique/",
    "recommendation links": "/fr/gestion/recommandations/{recommendation}/liens/",
    "recommendation translations": "/fr/gestion/recommandations/{recommendation}/traductions/",
    "untranslated": "/fr/gestion/traductions/",
    "registry structure": "/fr/gestion/registre/",
    "new cycle": "/fr/gestion/registre/cycles/nouveau/",
    "edit cycle": "/fr/gestion/registre/cycles/{cycle_pk}/",
    "new category": "/fr/gestion/registre/categories/nouvelle/",
    "new theme": "/fr/gestion/registre/cycles/{cycle_pk}/thematiques/nouvelle/",
    "edit theme": "/fr/gestion/registre/thematiques/{theme}/",
    "new group": "/fr/gestion/registre/thematiques/{theme}/groupes/nouveau/",
    "edit group": "/fr/gestion/registre/groupes/{group}/",
    "registry": "/fr/recommandations/",
    "registry searched": "/fr/recommandations/?q=recommandation&status=not_assessed",
    "recommendation page": "/fr/recommandations/{reference}/",
    "hidden recommendation": "/fr/recommandations/{internal_reference}/",
    "cycle page": "/fr/cycles/{cycle}/",
    "theme page": "/fr/thematiques/{theme}/",
    "working group page": "/fr/groupes/{group}/",
    # The API answers a browser's session with the pages' rules (tokens: cairn/tests/test_api.py).
    "api recommendations": "/api/v1/registry/recommendations/",
    "api recommendation": "/api/v1/registry/recommendations/{reference}",
    "api hidden recommendation": "/api/v1/registry/recommendations/{internal_reference}",
    "api cycle": "/api/v1/registry/cycles/{cycle}",
    "api theme": "/api/v1/registry/themes/{theme}",
    "api group": "/api/v1/registry/groups/{group}",
    "api cycles": "/api/v1/registry/cycles/",
    "api categories": "/api/v1/registry/categories/",
    "api themes": "/api/v1/registry/themes/",
    "api groups": "/api/v1/registry/groups/",
}

MATRIX = """
page                   | visitor | registered | member | facilitator | coordination | department_lead | admin
import registry        | login   | 403        | 403    | 403         | 200          | 403             | 200
campaigns              | login   | 403        | 403    | 403         | 200          | 403             | 200
campaign               | login   | 403        | 403    | 403         | 200          | 403             | 200
campaign review        | login   | 403        | 403    | 403         | 200          | 403             | 200
my to-do               | login   | 403        | 403    | 200         | 200          | 200             | 200
campaign proposal      | login   | 403        | 403    | 404         | 200          | 404             | 200
assess recommendation  | login   | 403        | 403    | 403         | 200          | 403             | 200
edit recommendation    | login   | 403        | 403    | 403         | 200          | 403             | 200
recommendation history | login   | 403        | 403    | 403         | 200          | 403             | 200
recommendation links   | login   | 403        | 403    | 403         | 200          | 403             | 200
recommendation translations | login | 403     | 403    | 403         | 200          | 403             | 200
untranslated           | login   | 403        | 403    | 403         | 200          | 403             | 200
registry structure     | login   | 403        | 403    | 403         | 200          | 403             | 200
new cycle              | login   | 403        | 403    | 403         | 200          | 403             | 200
edit cycle             | login   | 403        | 403    | 403         | 200          | 403             | 200
new category           | login   | 403        | 403    | 403         | 200          | 403             | 200
new theme              | login   | 403        | 403    | 403         | 200          | 403             | 200
edit theme             | login   | 403        | 403    | 403         | 200          | 403             | 200
new group              | login   | 403        | 403    | 403         | 200          | 403             | 200
edit group             | login   | 403        | 403    | 403         | 200          | 403             | 200
registry               | 200     | 200        | 200    | 200         | 200          | 200             | 200
registry searched      | 200     | 200        | 200    | 200         | 200          | 200             | 200
recommendation page    | 200     | 200        | 200    | 200         | 200          | 200             | 200
hidden recommendation  | 404     | 404        | 404    | 404         | 200          | 404             | 200
cycle page             | 200     | 200        | 200    | 200         | 200          | 200             | 200
theme page             | 200     | 200        | 200    | 200         | 200          | 200             | 200
working group page     | 200     | 200        | 200    | 200         | 200          | 200             | 200
api recommendations    | 200     | 200        | 200    | 200         | 200          | 200             | 200
api recommendation     | 200     | 200        | 200    | 200         | 200          | 200             | 200
api hidden recommendation | 404  | 404        | 404    | 404         | 200          | 404             | 200
api cycle              | 200     | 200        | 200    | 200         | 200          | 200             | 200
api theme              | 200     | 200        | 200    | 200         | 200          | 200             | 200
api group              | 200     | 200        | 200    | 200         | 200          | 200             | 200
api cycles             | 200     | 200        | 200    | 200         | 200          | 200             | 200
api categories         | 200     | 200        | 200    | 200         | 200          | 200             | 200
api themes             | 200     | 200        | 200    | 200         | 200          | 200             | 200
api groups             | 200     | 200        | 200    | 200         | 200          | 200             | 200
"""


def page_objects() -> dict[str, object]:
    """An open campaign and a recommendation assigned in it to a coordinator who is none of
    the role clients (so the facilitator and the department lead, without a department, are
    out of its scope: 404); the same recommendation's cycle, theme and a group; and an
    internal recommendation, which answers 404 outside the coordination team."""
    owner = make_user("coordination")
    recommendation = RecommendationFactory()
    campaign = campaign_open(actor=owner, name="État des lieux")
    campaign_assign(actor=owner, campaign=campaign, recommendations=[recommendation], assignee=owner)
    group = WorkingGroupFactory(theme=recommendation.theme)
    recommendation.groups.add(group)
    internal = RecommendationFactory(theme=recommendation.theme, is_internal=True)
    return {
        "campaign": campaign.pk,
        "recommendation": recommendation.pk,
        "reference": recommendation.reference,
        "internal_reference": internal.reference,
        "cycle": recommendation.cycle.slug,
        "cycle_pk": recommendation.cycle_id,
        "theme": recommendation.theme_id,
        "group": group.pk,
    }


PAGE_MATRIX = PageMatrix(PAGES, MATRIX, page_objects)


@pytest.mark.parametrize("page_name", PAGES)
def test_role_page_matrix(page_name: str) -> None:
    PAGE_MATRIX.check(page_name)
