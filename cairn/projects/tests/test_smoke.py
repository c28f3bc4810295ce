import pytest

from cairn.accounts.tests.helpers import make_user
from cairn.projects.factories import ProjectRecommendationFactory, ProjectUpdateFactory

pytestmark = pytest.mark.django_db


def test_smoke(client):
    link = ProjectRecommendationFactory()
    ProjectUpdateFactory(project=link.project)
    p = link.project
    for url in [
        "/fr/projets/",
        f"/fr/projets/{p.pk}/",
        "/fr/projets/a-realiser/",
        f"/fr/recommandations/{link.recommendation.reference}/",
        "/fr/projets/?kind=zzz&department=abc",
    ]:
        r = client.get(url)
        assert r.status_code == 200, url
    assert p.title in client.get(f"/fr/recommandations/{link.recommendation.reference}/").text
    coord = make_user("coordination")
    client.force_login(coord)
    for url in [
        "/fr/notifications/",
        "/fr/notifications/suivis/",
        "/fr/gestion/projets/nouveau/",
        f"/fr/gestion/projets/{p.pk}/modifier/",
        f"/fr/gestion/projets/{p.pk}/recommandations/",
        f"/fr/gestion/projets/{p.pk}/pieces-jointes/",
        f"/fr/projets/{p.pk}/actualites/nouvelle/",
        f"/fr/gestion/projets/{p.pk}/evaluer/",
        f"/fr/gestion/projets/{p.pk}/evaluer/{link.recommendation.pk}/",
        f"/fr/gestion/projets/{p.pk}/demander-une-actualite/",
        "/fr/gestion/projets/demandes-d-actualite/",
        f"/fr/projets/{p.pk}/",
    ]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
