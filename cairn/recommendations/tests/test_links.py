"""Links between recommendations of different cycles (same as, continues, merged into),
kept by staff on a recommendation's links page with a search picker; both
recommendations' pages show the link."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from cairn.accounts.tests.helpers import make_user
from cairn.core.models import AuditEntry
from cairn.recommendations.factories import CycleFactory, RecommendationFactory, ThemeFactory
from cairn.recommendations.models import RecommendationLink
from cairn.recommendations.services.recommendations import recommendation_link_add
from cairn.recommendations.tests.test_registry_queries import STAFF_SIGNED_IN

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client) -> Client:
    client.force_login(make_user("coordination"))
    return client


def two_cycles():
    old = RecommendationFactory(title="Une permanence juridique par bureau", theme=ThemeFactory(cycle=CycleFactory(code="L2019")))
    new = RecommendationFactory(title="Des permanences juridiques dans les bureaux", theme=ThemeFactory(cycle=CycleFactory(code="L2023")))
    return old, new


def test_staff_find_a_recommendation_of_another_cycle_link_it_and_both_pages_show_it(staff: Client) -> None:
    old, new = two_cycles()
    url = f"/fr/gestion/recommandations/{new.pk}/liens/"

    picker = staff.get(url, {"q": "permanence juridique"})
    assert picker.status_code == 200
    assert [c.pk for c in picker.context["candidates"]] == [old.pk]  # not itself, nor its own cycle

    response = staff.post(url, {"target": old.pk, "kind": "continues"})

    assert response.status_code == 302
    assert list(RecommendationLink.objects.values_list("source", "target", "kind")) == [(new.pk, old.pk, "continues")]
    assert AuditEntry.objects.filter(action="link_added", object_id=str(new.pk)).count() == 1
    new_page = staff.get(f"/fr/recommandations/{new.reference}/").text
    old_page = staff.get(f"/fr/recommandations/{old.reference}/").text
    assert f'Prolonge\n        <a href="/fr/recommandations/{old.reference}/">' in new_page
    assert f'Prolongée par\n        <a href="/fr/recommandations/{new.reference}/">' in old_page
    dutch = staff.get(f"/nl/recommandations/{old.reference}/").text
    assert "Voortgezet door" in dutch and new.reference in dutch
    # Linked once: the picker no longer offers it.
    assert staff.get(url, {"q": "permanence juridique"}).context["candidates"] == []


def test_a_merged_recommendation_shows_on_both_pages(staff: Client) -> None:
    old, new = two_cycles()
    recommendation_link_add(actor=None, source=old, target=new, kind="merged_into")

    assert "Fusionnée dans" in staff.get(f"/fr/recommandations/{old.reference}/").text
    assert "Regroupe" in staff.get(f"/fr/recommandations/{new.reference}/").text


def test_a_link_is_removed_from_either_page(staff: Client) -> None:
    old, new = two_cycles()
    link = recommendation_link_add(actor=None, source=new, target=old, kind="same_as")

    response = staff.post(f"/fr/gestion/recommandations/{old.pk}/liens/{link.pk}/supprimer/")

    assert response.status_code == 302
    assert RecommendationLink.objects.count() == 0
    assert AuditEntry.objects.filter(action="link_removed", object_id=str(new.pk)).count() == 1


def test_removing_a_link_of_another_recommendation_answers_404(staff: Client) -> None:
    old, new = two_cycles()
    link = recommendation_link_add(actor=None, source=new, target=old, kind="same_as")
    stranger = RecommendationFactory()

    assert staff.post(f"/fr/gestion/recommandations/{stranger.pk}/liens/{link.pk}/supprimer/").status_code == 404
    assert staff.get(f"/fr/gestion/recommandations/{stranger.pk}/liens/{link.pk}/supprimer/").status_code == 405
    assert RecommendationLink.objects.count() == 1


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("itself", "Une recommandation ne peut pas être liée à elle-même."),
        ("same cycle", "Un lien relie deux recommandations de cycles différents."),
        ("twice", "Ces deux recommandations sont déjà liées."),
    ],
)
def test_a_bad_link_is_refused_with_a_translated_message_and_nothing_stored(staff: Client, case: str, message: str) -> None:
    old, new = two_cycles()
    target = {"itself": new, "same cycle": RecommendationFactory(theme=new.theme), "twice": old}[case]
    if case == "twice":
        recommendation_link_add(actor=None, source=old, target=new, kind="same_as")
    before = RecommendationLink.objects.count()

    response = staff.post(f"/fr/gestion/recommandations/{new.pk}/liens/", {"target": target.pk, "kind": "same_as"})

    assert response.status_code == 400
    assert message in response.text
    assert RecommendationLink.objects.count() == before
    with translation.override("nl"), pytest.raises(ValidationError):
        recommendation_link_add(actor=None, source=new, target=target, kind="same_as")


@pytest.mark.parametrize("count", [3, 30])
def test_the_links_page_answers_in_constant_queries(staff: Client, django_assert_num_queries, count: int) -> None:
    old, new = two_cycles()
    for n in range(count):
        other = RecommendationFactory(title=f"Permanence {n}", theme=ThemeFactory(cycle=old.cycle))
        if n % 2:
            recommendation_link_add(actor=None, source=new, target=other, kind="same_as")
        else:
            recommendation_link_add(actor=None, source=other, target=new, kind="continues")

    # Signed-in staff, then: 1 the recommendation, 2 its links with both sides, 3 the
    # candidates, 4 its pending suggestions with the other recommendations.
    with django_assert_num_queries(STAFF_SIGNED_IN + 4):
        response = staff.get(f"/fr/gestion/recommandations/{new.pk}/liens/", {"q": "permanence"})

    assert len(response.context["links"]) == count
    assert [c.pk for c in response.context["candidates"]] == [old.pk]
