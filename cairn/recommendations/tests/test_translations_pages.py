"""Staff write a recommendation's translations, and see per language what is still untranslated."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.tests.helpers import make_user
from cairn.recommendations.factories import RecommendationFactory
from cairn.recommendations.models import RecommendationTranslation
from cairn.recommendations.services.recommendations import recommendation_translate
from cairn.recommendations.tests.test_registry_queries import STAFF_SIGNED_IN

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(make_user("coordination"))
    return client


def test_staff_write_the_dutch_and_english_versions_and_readers_see_them(staff: Client) -> None:
    rec = RecommendationFactory(title="Des abris vélos sécurisés", language="fr")
    url = f"/fr/gestion/recommandations/{rec.pk}/traductions/"
    assert staff.get(url).status_code == 200

    response = staff.post(url, {"nl-title": "Beveiligde fietsenstallingen", "nl-text": "In elk kantoor.", "en-title": ""})

    assert response.status_code == 302
    assert list(RecommendationTranslation.objects.values_list("language", "title", "text")) == [
        ("nl", "Beveiligde fietsenstallingen", "In elk kantoor.")
    ]
    assert "<h1>Beveiligde fietsenstallingen</h1>" in staff.get(f"/nl/recommandations/{rec.reference}/").text


def test_a_translation_longer_than_the_field_is_refused_and_nothing_stored(staff: Client) -> None:
    rec = RecommendationFactory(language="fr")

    response = staff.post(f"/fr/gestion/recommandations/{rec.pk}/traductions/", {"nl-title": "x" * 301})

    assert response.status_code == 400
    assert "Assurez-vous que cette valeur comporte au plus 300 caractères (actuellement 301)." in response.text
    assert RecommendationTranslation.objects.count() == 0


@pytest.mark.parametrize("count", [3, 30])
def test_what_is_still_untranslated_per_language_in_constant_queries(staff: Client, django_assert_num_queries, count: int) -> None:
    recs = RecommendationFactory.create_batch(count, language="fr")
    recommendation_translate(actor=None, recommendation=recs[0], language="nl", title="Vertaald")

    # Signed-in staff, then: 1 the counts per language, 2 the page's total, 3 the page of recommendations.
    with django_assert_num_queries(STAFF_SIGNED_IN + 3):
        response = staff.get("/fr/gestion/traductions/", {"langue": "nl"})

    assert {code: n for code, _label, n in response.context["counts"]} == {"fr": 0, "nl": count - 1, "en": count}
    assert len(response.context["page_obj"].object_list) == min(count - 1, 50)
    assert recs[0] not in response.context["page_obj"].object_list
    assert f"/fr/gestion/recommandations/{recs[1].pk}/traductions/" in response.text
