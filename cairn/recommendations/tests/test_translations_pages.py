"""Staff write a recommendation's translations, and see per language what is still untranslated."""

from __future__ import annotations

import pytest
from django.test import Client

from cairn.accounts.tests.helpers import make_user
from cairn.events.factories import EventFactory
from cairn.experiments.factories import CallFactory
from cairn.hackathons.factories import QuestionFactory
from cairn.projects.factories import ProjectFactory
from cairn.recommendations.factories import RecommendationFactory, ThemeFactory
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

    # Signed-in staff, then: 1 the counts per language, 2 the page's total, 3 the page of
    # recommendations; then two a kind of item (its counts, its first items): categories,
    # themes, projects, events, calls, their topics, hackathon questions.
    with django_assert_num_queries(STAFF_SIGNED_IN + 3 + 2 * 7):
        response = staff.get("/fr/gestion/traductions/", {"langue": "nl"})

    assert {code: n for code, _label, n in response.context["counts"]} == {"fr": 0, "nl": count - 1, "en": count}
    assert len(response.context["page_obj"].object_list) == min(count - 1, 50)
    assert recs[0] not in response.context["page_obj"].object_list
    assert f"/fr/gestion/recommandations/{recs[1].pk}/traductions/" in response.text


def test_staff_see_per_language_the_themes_projects_events_calls_and_questions_to_translate(staff: Client) -> None:
    untranslated_theme = ThemeFactory(title="Mobilité douce", category__name_fr="Mobilité", category__name_nl="Mobiliteit")
    ThemeFactory(title="Trésorerie", title_nl="Thesaurie", category=untranslated_theme.category)
    project = ProjectFactory(title="Des abris vélos", title_nl="Fietsenstallingen", summary="Dans chaque bureau.")
    event = EventFactory(title="Atelier vélo", title_nl="Fietsatelier", description="")
    call = CallFactory(title="Essais de covoiturage", title_nl="Carpooltests", framework_nl="Kader.")
    question = QuestionFactory(
        title="Comment réparer ?", context="", recommendations=[], hackathon__event__title_nl="Hackathon", hackathon__event__description=""
    )

    dutch = staff.get("/fr/gestion/traductions/", {"langue": "nl"})

    kinds = {kind.key: kind for kind in dutch.context["kinds"]}
    # The project lacks its summary's Dutch version; the event and the call are complete in Dutch.
    assert {key: kind.counts["nl"] for key, kind in kinds.items()} == {
        "categories": 0,
        "themes": 1,
        "projects": 1,
        "events": 0,
        "calls": 0,
        "topics": 0,
        "hackathon_questions": 1,
    }
    assert kinds["themes"].items == [
        ("Mobilité douce", untranslated_theme.cycle.name, f"/fr/gestion/registre/thematiques/{untranslated_theme.pk}/")
    ]
    assert kinds["projects"].items == [("Des abris vélos", "", f"/fr/gestion/projets/{project.pk}/modifier/")]
    edit_question = f"/fr/hackathons/{question.hackathon.slug}/organisation/questions/{question.pk}/modifier/"
    assert f'href="{edit_question}"' in dutch.text
    english = staff.get("/fr/gestion/traductions/", {"langue": "en"})
    # The workshop and the hackathon's day have no English title yet.
    assert {kind.key: kind.counts["en"] for kind in english.context["kinds"]}["events"] == 2
    assert f"/fr/evenements/{event.pk}/modifier/" in english.text
    assert f"/fr/gestion/experimentations/{call.pk}/modifier/" in english.text
