"""The corpus of real-shaped pads in ``data/``: each structure the importer supports, read
to the exact recommendations it must give, then imported twice into the registry.

Add a pad here when a group writes its document in a way the corpus does not show yet.
"""

from __future__ import annotations

from pathlib import Path

import pytest

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
        (1, "En-tête du pad (métadonnées YAML) ignoré."),
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

    assert [e.reason for e in document.errors] == ["Aucune recommandation numérotée trouvée dans le document."]


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
