"""The corpus of real-shaped pads in ``data/``: each structure the importer supports, read
to the exact recommendations it must give, then imported twice into the registry.

Add a pad here when a group writes its document in a way the corpus does not show yet.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from cairn.recommendations.factories import CycleFactory
from cairn.recommendations.imports.pad_markdown import PadDocument, Structure
from cairn.recommendations.imports.pads import parse_pad
from cairn.recommendations.imports.reading import read_registry_file
from cairn.recommendations.models import Recommendation
from cairn.recommendations.services.imports import registry_import

DATA = Path(__file__).parent / "data"


def read(name: str) -> PadDocument:
    document = parse_pad((DATA / name).read_text())
    assert document.errors == []
    return document


def items(document: PadDocument) -> list[tuple[str, str | None, str, str]]:
    return [(i.number, i.parent_number, i.section, i.title) for i in document.items]


# --- each structure, read exactly ---------------------------------------------------------


def test_numbered_headings_with_constat_and_recommandation_paragraphs() -> None:
    document = read("pad_headings_plaidoyer.md")

    assert document.structure == Structure.HEADINGS
    assert document.title == "Défense des droits des sociétaires"
    assert document.groups == ["Liège", "Namur"]
    # « ### 1. », « ### 2) », « ### 5- », a gap (no 3), a deeper « #### 4.1 » heading and a
    # numbered list under « #### Recommandation » as sub-items.
    assert items(document) == [
        ("1", None, "Plaidoyer", "Une permanence juridique par bureau"),
        ("2", None, "Plaidoyer", "Un guide des droits en trois langues"),
        ("4", None, "Médiation", "Un médiateur indépendant"),
        ("4.1", "4", "Médiation", "Publier ses avis chaque année"),
        ("5", None, "Médiation", "Former les délégués"),
        ("5.1", "5", "Médiation", "une formation de base à l'entrée en fonction ;"),
        ("5.2", "5", "Médiation", "un suivi après six mois."),
    ]
    texts = {i.number: i.text for i in document.items}
    assert texts["1"] == (
        "Constat : les sociétaires ne savent pas à qui s'adresser quand un litige survient.\n\n"
        "Recommandation : ouvrir une permanence d'une demi-journée par mois dans chaque bureau."
    )
    assert texts["2"] == (
        "Constat : le règlement d'ordre intérieur n'existe qu'en français.\n\n"
        "Recommandation : publier un guide court en français, en néerlandais et en anglais :\n\n"
        "- les droits de vote ;\n- les recours possibles."
    )
    assert texts["5"] == "**Constat**\n\nLes délégués découvrent leur rôle le jour de leur élection.\n\n**Recommandation**"
    # The table of contents in :::info and the front matter are set aside, not read twice.
    assert [(s.line, s.reason) for s in document.ignored] == [
        (1, "En-tête du pad (métadonnées YAML) lu pour son cycle, le reste ignoré."),
        (8, "Bloc « :::info » du pad ignoré."),
    ]
    assert document.unplaced == []


def test_a_document_mixing_numbered_headings_and_numbered_items() -> None:
    document = read("pad_mixed_structures.md")

    assert document.structure == Structure.MIXED
    # « ## 1. Matériel » holds numbered headings: a section, its number dropped.
    assert items(document) == [
        ("1.1", None, "Matériel", "Reconditionner les ordinateurs portables"),
        ("1.3", None, "Matériel", "Allonger la garantie des téléphones"),
        ("4", None, "Logiciels", "Passer la messagerie à un logiciel libre."),
        ("5", None, "Logiciels", "Former les équipes"),
    ]
    assert document.items[3].text == "une demi-journée par service.\n\n- avec des supports imprimés."
    assert [(s.line, s.reason) for s in document.unplaced] == [
        (19, "Texte dans la section « Logiciels » avant sa première recommandation numérotée : non importé.")
    ]


def test_numbered_items_only() -> None:
    document = read("pad_fr_cooperation.md")

    assert document.structure == Structure.LIST


def test_a_table_of_contents_outside_a_pad_block_is_not_read_twice() -> None:
    source = (
        "# Logement\n\n"
        "## Sommaire\n\n1. Un fonds de garantie\n2. Des colocations\n\n"
        "## Accès\n\n"
        "- [1. Un fonds de garantie](#1-un-fonds-de-garantie)\n\n"
        "### 1. Un fonds de garantie\n\nRecommandation : couvrir la caution.\n\n"
        "### 2. Des colocations\n\nRecommandation : un bail par personne.\n"
    )

    document = parse_pad(source)

    assert document.errors == []
    assert document.structure == Structure.HEADINGS
    assert items(document) == [("1", None, "Accès", "Un fonds de garantie"), ("2", None, "Accès", "Des colocations")]
    assert [(s.line, s.reason) for s in document.ignored] == [
        (3, "Table des matières du pad ignorée."),
        (5, "Table des matières du pad ignorée."),
        (6, "Table des matières du pad ignorée."),
        (10, "Table des matières du pad ignorée."),
    ]


def test_a_table_of_contents_repeating_titles_before_the_first_section() -> None:
    source = (
        "# Logement\n\n1. Un fonds de garantie\n2. Des colocations\n\n"
        "## Accès\n\n### 1. Un fonds de garantie\n\nCouvrir la caution.\n\n### 2. Des colocations\n\nUn bail par personne.\n"
    )

    document = parse_pad(source)

    assert document.errors == []
    assert [(i.number, i.text) for i in document.items] == [("1", "Couvrir la caution."), ("2", "Un bail par personne.")]


def test_a_duplicated_number_in_a_heading_numbered_pad_is_an_error() -> None:
    document = parse_pad("# Logement\n\n## A\n\n### 1. Un fonds\n\nTexte.\n\n### 1. Un autre fonds\n\nTexte.\n")

    assert [(e.line, e.reason) for e in document.errors] == [
        (9, "Le numéro 1 est déjà utilisé à la ligne 5 : chaque numéro doit être unique dans la thématique.")
    ]


def test_a_pad_with_no_recognisable_recommendation_is_refused() -> None:
    document = parse_pad("# Logement\n\n## Constat\n\nLes loyers augmentent.\n")

    assert [e.reason for e in document.errors] == [
        "Aucune recommandation trouvée dans le document : ni titre ou élément numéroté, ni liste à puces dans une section."
    ]


# --- every pad of the corpus, imported twice ------------------------------------------------

CORPUS = sorted(path.name for path in DATA.glob("pad_*.md"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", CORPUS)
def test_every_pad_imports_then_changes_nothing_the_second_time(name: str) -> None:
    cycle = CycleFactory()
    data = (DATA / name).read_bytes()

    first = read_registry_file(data, name, cycle=cycle)
    assert first.errors == []
    planned = len(first.to_create)
    registry_import(plan=first, actor=None)
    stored = sorted(Recommendation.objects.values_list("number", "title", "text", "section", "parent__number"))
    second = read_registry_file(data, name, cycle=cycle)

    assert planned == len(stored) > 0
    assert second.summary()["created"] == second.summary()["updated"] == 0
    assert second.unchanged == len(stored)
    assert second.change_count == 0
    registry_import(plan=second, actor=None)
    assert sorted(Recommendation.objects.values_list("number", "title", "text", "section", "parent__number")) == stored


# --- documents without numbers ---------------------------------------------------------------


def test_an_unnumbered_pad_gives_its_section_bullets_without_numbers() -> None:
    document = read("pad_unnumbered_first_cycle.md")

    assert document.structure == Structure.UNNUMBERED
    assert [(i.number, i.kind, i.section, i.title) for i in document.items] == [
        ("", "recommendation", "Premiers pas", "Un parrainage pour chaque nouveau sociétaire"),
        ("", "recommendation", "Premiers pas", "Une journée d'accueil par an, dans chaque région."),
        ("", "recommendation", "Outils", "Un livret d'accueil en français et en néerlandais."),
        ("P1", "line_of_thought", "Pistes de réflexion", "Un réseau de sociétaires accueillants."),
    ]
    assert document.items[1].text == (
        "Une journée d'accueil par an, dans chaque région.\n- avec une visite des bureaux ;\n- et un repas partagé."
    )


@pytest.mark.django_db
def test_cairn_numbers_unnumbered_items_and_finds_them_again_by_title() -> None:
    cycle = CycleFactory(code="2015-16")
    data = (DATA / "pad_unnumbered_first_cycle.md").read_bytes()

    plan = read_registry_file(data, "accueil.md", cycle=cycle)
    assert [(r.number, r.number_assigned, r.reference) for r in plan.to_create] == [
        ("C1", True, "2015-16/ACC/C1"),
        ("C2", True, "2015-16/ACC/C2"),
        ("C3", True, "2015-16/ACC/C3"),
        ("P1", False, "2015-16/ACC/P1"),
    ]
    registry_import(plan=plan, actor=None)

    stored = dict(Recommendation.objects.values_list("number", "number_assigned"))
    assert stored == {"C1": True, "C2": True, "C3": True, "P1": False}
    theme = Recommendation.objects.get(number="C1").theme
    assert theme.last_assigned_number == 3

    # The groups add an item at the top: the others keep their numbers, the new one gets C4.
    changed = data.replace(b"## Premiers pas\n\n", "## Premiers pas\n\n- Un café d'accueil chaque mois.\n".encode())
    again = read_registry_file(changed, "accueil.md", cycle=cycle)
    assert [(r.number, r.title, r.action) for r in again.recommendations] == [
        ("C4", "Un café d'accueil chaque mois.", "create"),
        ("C1", "Un parrainage pour chaque nouveau sociétaire", "unchanged"),
        ("C2", "Une journée d'accueil par an, dans chaque région.", "unchanged"),
        ("C3", "Un livret d'accueil en français et en néerlandais.", "unchanged"),
        ("P1", "Un réseau de sociétaires accueillants.", "unchanged"),
    ]


@pytest.mark.django_db
def test_a_number_cairn_gave_is_never_given_again() -> None:
    cycle = CycleFactory()
    source = "# Accueil\n\n## Premiers pas\n\n- Un parrainage.\n- Une journée d'accueil.\n"
    registry_import(plan=read_registry_file(source.encode(), "a.md", cycle=cycle), actor=None)
    Recommendation.objects.filter(number="C2").delete()

    plan = read_registry_file((source + "- Un livret d'accueil en trois langues.\n").encode(), "a.md", cycle=cycle)

    assert [(r.number, r.title) for r in plan.to_create] == [
        ("C3", "Une journée d'accueil."),
        ("C4", "Un livret d'accueil en trois langues."),
    ]


@pytest.mark.django_db
def test_an_unnumbered_row_whose_title_changed_is_refused_and_nothing_is_stored() -> None:
    cycle = CycleFactory(name="2015-2016", slug="2015-2016")
    table = "cycle;thème;titre\n2015-2016;Accueil;Un parrainage pour chaque nouveau sociétaire\n2015-2016;Accueil;Une journée d'accueil\n"
    registry_import(plan=read_registry_file(table.encode(), "registre.csv"), actor=None)
    assert sorted(Recommendation.objects.values_list("number", "title")) == [
        ("C1", "Un parrainage pour chaque nouveau sociétaire"),
        ("C2", "Une journée d'accueil"),
    ]

    renamed = table.replace("Un parrainage pour chaque nouveau sociétaire", "Un parrainage pour chaque nouvelle sociétaire")
    plan = read_registry_file(renamed.encode(), "registre.csv", cycle=cycle)

    assert [(e.line, e.column, e.message) for e in plan.errors] == [
        (
            2,
            "title",
            "Cette recommandation sans numéro ressemble à C1 « Un parrainage pour chaque nouveau sociétaire », dont le titre "
            "aurait changé : écrivez son numéro C1 pour la mettre à jour, ou un titre bien distinct pour en créer une nouvelle.",
        )
    ]
    # Written with the number Cairn gave, the same row renames it.
    numbered = renamed.replace("cycle;thème;titre", "cycle;thème;titre;numéro").replace("sociétaire\n", "sociétaire;C1\n", 1)
    plan = read_registry_file(numbered.replace("d'accueil\n", "d'accueil;\n").encode(), "registre.csv")
    assert plan.errors == []
    assert [(r.number, r.action) for r in plan.recommendations] == [("C1", "update"), ("C2", "unchanged")]


@pytest.mark.django_db
def test_two_unnumbered_rows_of_the_same_title_in_a_theme_are_refused() -> None:
    CycleFactory(name="2015-2016", slug="2015-2016")
    table = "cycle;thème;titre\n2015-2016;Accueil;Un parrainage\n2015-2016;Accueil;Un  parrainage\n"

    plan = read_registry_file(table.encode(), "registre.csv")

    assert [(e.line, e.message) for e in plan.errors] == [(3, "Une recommandation sans numéro du même titre figure déjà à la ligne 2.")]


@pytest.mark.django_db
def test_the_recommendation_page_says_cairn_gave_the_number(client) -> None:
    cycle = CycleFactory(code="2015-16")
    registry_import(plan=read_registry_file(b"# Accueil\n\n## Premiers pas\n\n- Un parrainage.\n", "a.md", cycle=cycle), actor=None)

    french = client.get("/fr/recommandations/2015-16/ACC/C1/")
    dutch = client.get("/nl/recommandations/2015-16/ACC/C1/")

    assert 'C1 <span class="muted">(attribué par Cairn : le document n’en donnait pas)</span>' in french.text
    assert "(toegekend door Cairn: het document gaf er geen)" in dutch.text


# --- the cycle a pad names ----------------------------------------------------------------


def test_the_front_matter_or_the_title_names_the_cycle() -> None:
    front = parse_pad("---\ntitle: Logement\ncycle: 2022-2023\npays: BE\n---\n\n# Logement\n\n## A\n\n1. Un fonds.\n")
    titled = parse_pad("# Logement — cycle 2022-23\n\n## A\n\n1. Un fonds.\n")
    plain_title = parse_pad("# GT 2021-2022 : Mobilité douce\n\n## A\n\n1. Un fonds.\n")
    none = parse_pad("# Logement\n\n## A\n\n1. Un fonds.\n")

    assert (front.title, front.cycle_name, front.cycle_country) == ("Logement", "2022-2023", "BE")
    assert (titled.title, titled.cycle_name) == ("Logement", "2022-2023")
    assert (plain_title.title, plain_title.cycle_name) == ("Mobilité douce", "2021-2022")
    assert (none.title, none.cycle_name) == ("Logement", "")


@pytest.mark.django_db
def test_a_pad_naming_its_cycle_imports_without_being_told() -> None:
    cycle = CycleFactory(name="2022-2023", code="2022-23", slug="2022-2023-be", country="BE")

    plan = read_registry_file("# Logement — cycle 2022-2023\n\n## A\n\n1. Un fonds.\n".encode(), "logement.md")

    assert plan.errors == []
    assert [(c.instance, c.label) for c in plan.cycles] == [(cycle, str(cycle))]
    assert [r.reference for r in plan.to_create] == ["2022-23/LOG/01"]


@pytest.mark.django_db
def test_a_pad_naming_a_new_cycle_and_its_country_creates_it_in_the_same_import() -> None:
    source = "---\ncycle: 2025-2026\npays: FR\n---\n# Logement\n\n## A\n\n1. Un fonds.\n"

    plan = read_registry_file(source.encode(), "logement.md")

    assert [(c.name, c.code, c.country, c.starts_on.isoformat()) for c in plan.new_cycles] == [("2025-2026", "2025-26", "FR", "2025-06-01")]
    registry_import(plan=plan, actor=None)
    assert Recommendation.objects.get().cycle.name == "2025-2026"
    assert read_registry_file(source.encode(), "logement.md").change_count == 0


@pytest.mark.django_db
def test_a_pad_naming_an_unknown_cycle_without_its_country_is_refused() -> None:
    plan = read_registry_file(b"# Logement (2025-2026)\n\n## A\n\n1. Un fonds.\n", "logement.md")

    assert [(e.line, e.column, e.message) for e in plan.errors] == [
        (
            1,
            "country",
            "Cycle inconnu « 2025-2026 » : pour le créer, donnez un nom avec ses années (« 2019-2020 ») et le pays (colonne country d’un tableau, « pays : » dans l’en-tête d’un pad, ou le formulaire).",
        )
    ]


# --- bilingual pads ------------------------------------------------------------------------


def test_a_bilingual_pad_gives_each_recommendation_once_with_its_dutch_version() -> None:
    document = read("pad_bilingual_fr_nl.md")

    assert document.structure == Structure.HEADINGS
    assert [(i.number, i.parent_number, i.language, i.section, i.title) for i in document.items] == [
        ("1", None, "fr", "Se déplacer", "Rembourser les abonnements de transport en commun"),
        ("2", None, "fr", "Se déplacer", "Des abris vélos sécurisés"),
        ("2.1", "2", "fr", "Se déplacer", "Des bornes de recharge"),
    ]
    assert [(i.number, {lang: (t.title, t.text) for lang, t in i.translations.items()}) for i in document.items] == [
        (
            "1",
            {
                "nl": (
                    "Abonnementen voor het openbaar vervoer terugbetalen",
                    "Aanbeveling: de coöperatie betaalt het volledige abonnement terug.",
                )
            },
        ),
        ("2", {"nl": ("Beveiligde fietsenstallingen", "Aanbeveling: een gesloten stalling in elk kantoor met meer dan twintig mensen.")}),
        ("2.1", {"nl": ("Laadpalen", "Voor elektrische fietsen.")}),
    ]


def test_halves_without_language_headings_are_told_apart_by_their_words() -> None:
    source = (
        "# Logement\n\n## Accès\n\n"
        "1. **Un fonds de garantie** : la coopérative couvre la caution pour les nouveaux sociétaires.\n\n"
        "## Toegang\n\n"
        "1. **Een waarborgfonds** : de coöperatie betaalt de waarborg voor de nieuwe leden.\n"
    )

    document = parse_pad(source)

    assert document.errors == []
    assert [(i.number, i.language, i.title, sorted(i.translations)) for i in document.items] == [
        ("1", "fr", "Un fonds de garantie", ["nl"])
    ]
    assert document.items[0].translations["nl"].title == "Een waarborgfonds"


def test_a_number_used_twice_in_the_same_language_stays_an_error() -> None:
    document = parse_pad("# Logement\n\n## A\n\n1. Un fonds pour les sociétaires.\n\n## B\n\n1. Une caution pour les nouveaux.\n")

    assert [(e.line, e.reason) for e in document.errors] == [
        (9, "Le numéro 1 est déjà utilisé à la ligne 5 : chaque numéro doit être unique dans la thématique.")
    ]


@pytest.mark.django_db
def test_a_bilingual_pad_imports_the_dutch_half_as_translations_shown_to_dutch_readers(client) -> None:
    cycle = CycleFactory(code="2023-24")
    data = (DATA / "pad_bilingual_fr_nl.md").read_bytes()

    plan = read_registry_file(data, "mobilite.md", cycle=cycle)
    assert [(r.number, r.translation_languages) for r in plan.to_create] == [("1", "nl"), ("2", "nl"), ("2.1", "nl")]
    registry_import(plan=plan, actor=None)

    rec = Recommendation.objects.get(number="2")
    assert (rec.language, rec.title) == ("fr", "Des abris vélos sécurisés")
    assert list(rec.translations.values_list("language", "title")) == [("nl", "Beveiligde fietsenstallingen")]
    url = f"/{{}}/recommandations/{rec.reference}/"
    dutch = client.get(url.format("nl")).text
    french = client.get(url.format("fr")).text
    english = client.get(url.format("en")).text
    assert "<h1>Beveiligde fietsenstallingen</h1>" in dutch
    assert 'Vertaling — het origineel is in het Français: <span lang="fr">Des abris vélos sécurisés</span>' in dutch
    assert "<h1>Des abris vélos sécurisés</h1>" in french and "Beveiligde" not in french
    assert '<h1 lang="fr">Des abris vélos sécurisés</h1>' in english
    assert "Not translated yet: this is the original, in Français." in english

    # Imported again: nothing changes; a changed Dutch title is an update of the translation.
    assert read_registry_file(data, "mobilite.md", cycle=cycle).change_count == 0
    changed = read_registry_file(
        data.replace(b"#### 2. Beveiligde fietsenstallingen", b"#### 2. Veilige fietsenstallingen"), "m.md", cycle=cycle
    )
    with translation.override("fr"):
        rows = [(r.number, r.action, r.change_rows) for r in changed.to_update]
    assert rows == [("2", "update", [("traduction (nl)", "", "Veilige fietsenstallingen")])]
    registry_import(plan=changed, actor=None)
    assert list(rec.translations.values_list("title", flat=True)) == ["Veilige fietsenstallingen"]


@pytest.mark.django_db
def test_a_translation_longer_than_its_field_or_in_the_original_language_is_refused() -> None:
    from django.core.exceptions import ValidationError

    from cairn.recommendations.factories import RecommendationFactory
    from cairn.recommendations.services.recommendations import recommendation_translate

    rec = RecommendationFactory(language="fr")

    with translation.override("fr"), pytest.raises(ValidationError) as too_long:
        recommendation_translate(actor=None, recommendation=rec, language="nl", title="x" * 301)
    with translation.override("fr"), pytest.raises(ValidationError) as same:
        recommendation_translate(actor=None, recommendation=rec, language="fr", title="Titre")

    assert too_long.value.message_dict == {"title": ["Assurez-vous que cette valeur comporte au plus 300 caractères (actuellement 301)."]}
    assert same.value.message_dict == {
        "language": ["La recommandation est déjà dans cette langue : une traduction est dans une autre langue."]
    }
    assert rec.translations.count() == 0
