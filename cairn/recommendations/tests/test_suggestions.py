"""Cairn suggests links between recommendations of different cycles (TF-IDF on lemmas and
character n-grams, offline); staff confirm or dismiss them, and a dismissed one never
comes back."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.test import Client

from cairn.accounts.tests.helpers import make_user
from cairn.recommendations.factories import CycleFactory, RecommendationFactory, ThemeFactory
from cairn.recommendations.imports.reading import read_registry_file
from cairn.recommendations.models import LinkSuggestion, RecommendationLink, SuggestionState
from cairn.recommendations.services.imports import registry_import
from cairn.recommendations.services.recommendations import recommendation_translate
from cairn.recommendations.services.suggestions import suggestions_refresh
from cairn.recommendations.similarity import SimilarityIndex, Text, resembling
from cairn.recommendations.tests.registry_fixtures import build_registry

DATA = Path(__file__).parent / "data"


def test_the_same_demand_in_another_cycle_is_found_and_the_same_cycle_never() -> None:
    index = SimilarityIndex(
        [
            Text(1, 2019, (("fr", "Une permanence juridique dans chaque bureau pour les sociétaires"),)),
            Text(2, 2023, (("fr", "Des permanences juridiques dans les bureaux"),)),
            Text(3, 2023, (("fr", "Rembourser les abonnements de transport en commun"),)),
            Text(4, 2019, (("fr", "Une permanence juridique mensuelle"),)),
            Text(5, 2021, (("nl", "Een juridische permanentie in elk kantoor"),)),
        ]
    )

    found = index.neighbours([1])[1]
    everything = dict(index.neighbours([1], threshold=0.0)[1])

    # Lemmas make « permanences juridiques » the same words as « permanence juridique ».
    assert [key for key, _score in found] == [2]
    # A Dutch text without a translation shares only cognates' letters: a weak signal,
    # below the threshold (decision 0030) but above an unrelated French text's.
    assert everything[5] > everything[3]
    assert 4 not in everything  # the same cycle, never


def test_texts_are_compared_a_block_at_a_time_with_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    """An import of 20,000 recommendations is compared ``BLOCK`` texts at a time, so its
    scores never fill gigabytes: cutting into blocks changes no suggestion, nor their order
    (of equal scores, the later text first), and an import's new texts are never suggested
    to one another."""
    from cairn.recommendations import similarity

    subjects = ["permanence juridique", "abonnement de transport", "accueil des nouveaux", "juridische permanentie"]
    texts = [Text(n, n % 3, (("nl" if n % 4 == 3 else "fr", f"{subjects[n % 4]} bureau {n % 5}"),)) for n in range(40)]
    new = [Text(-n, 9, (("fr", f"{subjects[n % 4]} dans chaque bureau"),)) for n in range(1, 6)]
    whole = SimilarityIndex(texts).neighbours(range(40), limit=7), resembling(texts, new, limit=4)
    monkeypatch.setattr(similarity, "BLOCK", 3)
    blocks = SimilarityIndex(texts).neighbours(range(40), limit=7), resembling(texts, new, limit=4)

    assert blocks == whole
    neighbours, resembles = blocks
    # The first subject in other cycles: the same text first, then the others of its
    # subject, which tie, the later first; the first text's own cycle never comes.
    assert [key for key, _score in neighbours[0][:6]] == [20, 32, 28, 16, 8, 4]
    assert neighbours[0][0][1] == 1.0 and len({score for _key, score in neighbours[0][1:6]}) == 1
    assert all(found == sorted(found, key=lambda pair: -pair[1]) for found in neighbours.values())
    assert all(found and all(key >= 0 for key, _score in found) for found in resembles)


@pytest.mark.django_db
def test_suggestions_are_made_then_confirmed_or_dismissed_for_good(client: Client) -> None:
    old_cycle = CycleFactory(code="S2019", starts_on=datetime.date(2019, 6, 1))
    new_cycle = CycleFactory(code="S2023", starts_on=datetime.date(2023, 6, 1))
    old = RecommendationFactory(title="Une permanence juridique par bureau", theme=ThemeFactory(cycle=old_cycle))
    new = RecommendationFactory(title="Des permanences juridiques dans tous les bureaux", theme=ThemeFactory(cycle=new_cycle))
    other = RecommendationFactory(title="Une permanence juridique le samedi", theme=ThemeFactory(cycle=CycleFactory(code="S2021")))
    RecommendationFactory(title="Rembourser les abonnements de transport", theme=ThemeFactory(cycle=new_cycle))

    assert suggestions_refresh() == 3
    pairs = set(LinkSuggestion.objects.values_list("first", "second"))
    assert pairs == {(old.pk, new.pk), (old.pk, other.pk), (new.pk, other.pk)}

    client.force_login(make_user("coordination"))
    url = f"/fr/gestion/recommandations/{new.pk}/liens/"
    page = client.get(url)
    assert [o.pk for _s, o in page.context["suggestions"]] == [old.pk, other.pk]
    to_old = LinkSuggestion.objects.get(first=old, second=new)
    to_other = LinkSuggestion.objects.get(first=new, second=other)

    client.post(f"/fr/gestion/recommandations/{new.pk}/suggestions/{to_old.pk}/", {"decision": "confirm", "kind": "continues"})
    client.post(f"/fr/gestion/recommandations/{new.pk}/suggestions/{to_other.pk}/", {"decision": "dismiss"})

    assert list(RecommendationLink.objects.values_list("source", "target", "kind")) == [(new.pk, old.pk, "continues")]
    assert dict(LinkSuggestion.objects.values_list("pk", "state"))[to_other.pk] == SuggestionState.DISMISSED
    assert "Prolongée par" in client.get(f"/fr/recommandations/{old.reference}/").text
    # Computed again: neither the confirmed nor the dismissed pair comes back.
    suggestions_refresh()
    assert client.get(url).context["suggestions"] == []
    assert LinkSuggestion.objects.filter(state=SuggestionState.PENDING).count() == 1  # old ~ other, still to decide


@pytest.mark.django_db
def test_a_french_recommendation_and_a_dutch_one_meet_through_a_translation() -> None:
    fr = RecommendationFactory(title="Des abris vélos sécurisés", theme=ThemeFactory(cycle=CycleFactory(code="T2019")))
    nl = RecommendationFactory(
        title="Beveiligde fietsenstallingen in elk kantoor", language="nl", theme=ThemeFactory(cycle=CycleFactory(code="T2023"))
    )
    assert suggestions_refresh() == 0
    recommendation_translate(actor=None, recommendation=fr, language="nl", title="Beveiligde fietsenstallingen")

    assert suggestions_refresh(recommendation_ids=[fr.pk]) == 1
    assert list(LinkSuggestion.objects.values_list("first", "second")) == [(fr.pk, nl.pk)]


@pytest.mark.django_db
def test_an_import_queues_suggestions_for_what_it_created(django_capture_on_commit_callbacks) -> None:
    old = RecommendationFactory(title="Une permanence juridique par bureau", theme=ThemeFactory(cycle=CycleFactory(code="U2019")))
    cycle = CycleFactory(code="U2024")

    with django_capture_on_commit_callbacks(execute=True):
        registry_import(plan=read_registry_file((DATA / "pad_headings_plaidoyer.md").read_bytes(), "p.md", cycle=cycle), actor=None)

    suggested = LinkSuggestion.objects.get()
    assert old.pk in (suggested.first_id, suggested.second_id)
    assert {suggested.first.title, suggested.second.title} == {"Une permanence juridique par bureau"}


@pytest.mark.django_db
def test_the_import_preview_flags_a_new_recommendation_resembling_an_existing_one(client: Client) -> None:
    build_registry()  # a registry of some size: words every recommendation uses weigh little
    old = RecommendationFactory(title="Une permanence juridique par bureau", theme=ThemeFactory(cycle=CycleFactory(code="V2019")))
    cycle = CycleFactory(code="V2024")
    client.force_login(make_user("coordination"))
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/fr/gestion/import-registre/",
        {"file": SimpleUploadedFile("p.md", (DATA / "pad_headings_plaidoyer.md").read_bytes()), "cycle": cycle.pk},
    )
    preview = client.get(response["Location"]).text

    flagged = re.findall(r"<td>([^<]*)<br><span class=\"muted resembles\">Ressemble à (\S+) « ([^»]*) »", preview)
    # The same demand made again, and a training of delegates like the earlier training of coaches.
    assert flagged == [
        ("Une permanence juridique par bureau", old.reference, "Une permanence juridique par bureau"),
        ("Former les délégués", "2019-20/ACC/02", "Former les accompagnateurs"),
    ]
    assert f"Ressemble à {old.reference} « Une permanence juridique par bureau » : un lien à confirmer après l’import ?" in preview


@pytest.mark.django_db
def test_a_large_import_preview_compares_its_first_new_recommendations_and_says_how_many_it_left(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Comparing 20,000 new recommendations with the registry takes minutes: the preview
    compares the first ``RESEMBLANCES_COMPARED`` (a few here) and says how many are left to
    the suggestions computed after the import."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cairn.recommendations.selectors import suggestions

    monkeypatch.setattr(suggestions, "RESEMBLANCES_COMPARED", 2)
    monkeypatch.setattr("cairn.recommendations.views.imports.RESEMBLANCES_COMPARED", 2)
    old = RecommendationFactory(title="Une permanence juridique par bureau", theme=ThemeFactory(cycle=CycleFactory(code="W2019")))
    RecommendationFactory(title="Rembourser les abonnements de transport", theme=old.theme)
    cycle = CycleFactory(code="W2024")
    rows = ["thème;numéro;titre", *(f"Droits;{n};Une permanence juridique par bureau {n}" for n in range(1, 6))]
    client.force_login(make_user("coordination"))
    response = client.post(
        "/fr/gestion/import-registre/",
        {"file": SimpleUploadedFile("registre.csv", "\n".join(rows).encode()), "cycle": cycle.pk},
    )
    preview = client.get(response["Location"]).text

    flagged = re.findall(r"<td>([^<]*)<br><span class=\"muted resembles\">Ressemble à (\S+) ", preview)
    assert flagged == [
        ("Une permanence juridique par bureau 1", old.reference),
        ("Une permanence juridique par bureau 2", old.reference),
    ]
    assert (
        "Les ressemblances avec le registre sont cherchées ici pour les 2 premières ; "
        "les 3 suivantes seront comparées après l’import, dans les suggestions de liens."
    ) in preview.replace("\n", " ")
