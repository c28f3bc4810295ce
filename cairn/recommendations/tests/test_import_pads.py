"""Reading a working group's pad (``pads.parse_pad``): no database, only the Markdown.

Each test names one habit of real pads: heading and numbering styles, gaps, sub-items,
lines of thought, pad-only blocks, and the lines the parser cannot place.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cairn.recommendations.imports.pad_markdown import PadDocument
from cairn.recommendations.imports.pads import parse_pad

DATA = Path(__file__).parent / "data"


def line_of(source: str, needle: str) -> int:
    """The 1-based line number of the first line containing ``needle``."""
    return next(number for number, line in enumerate(source.splitlines(), start=1) if needle in line)


def numbers(document: PadDocument) -> list[str]:
    return [item.number for item in document.items]


def item(document: PadDocument, number: str):
    return next(i for i in document.items if i.number == number)


# --- the sample pads --------------------------------------------------------------------


def test_a_french_pad_with_every_habit_of_real_pads() -> None:
    source = (DATA / "pad_fr_cooperation.md").read_text()

    document = parse_pad(source)

    assert document.errors == []
    assert document.title == "Coopérer autrement : la vie coopérative au quotidien"
    assert document.groups == ["Bruxelles", "Liège", "Charleroi–Mons–Eupen–Louvain-la-Neuve"]
    assert document.people == [
        ("facilitator", "Marie Dupont", "Bruxelles"),
        ("facilitator", "Karim Benali", "Liège"),
        ("secretary", "Lucie Martin", ""),
    ]
    assert document.languages == ["fr"]
    assert document.language == "fr"
    assert document.introduction == (
        "Nous nous sommes réunis cinq fois entre novembre et avril, trois heures à chaque fois.\n"
        "Ce document rassemble les propositions des trois groupes."
    )
    # 1. / 1) / 1- styles, a gap (no 3), numbering running across sections, three kinds of sub-items.
    assert numbers(document) == ["1", "2", "2.a", "2.b", "4", "5", "6", "6.1", "6.2", "7", "7.1", "7.2", "P1", "P2"]
    assert [(i.number, i.parent_number) for i in document.items if i.parent_number] == [
        ("2.a", "2"), ("2.b", "2"), ("6.1", "6"), ("6.2", "6"), ("7.1", "7"), ("7.2", "7"),
    ]  # fmt: skip
    assert {i.section for i in document.items if i.kind == "recommendation"} == {"Modèle économique", "Vie coopérative"}
    assert [(i.number, i.section) for i in document.items if i.kind == "line_of_thought"] == [
        ("P1", "Pistes de réflexion"),
        ("P2", "Pistes de réflexion"),
    ]
    # A bold lead-in is the title; the rest is the text.
    first = item(document, "1")
    assert first.title == "Créer un fonds de solidarité entre sociétaires"
    assert first.text == "alimenté par une part des bénéfices, il aiderait les sociétaires en difficulté passagère."
    assert first.line == line_of(source, "1. **Créer un fonds")
    # A paragraph indented under an item belongs to it.
    assert item(document, "4").text.endswith("Le groupe de Liège souhaite une étude chiffrée avant toute décision.")
    # Pad-only blocks are set aside on purpose, each with its line.
    assert [(s.line, s.reason) for s in document.ignored] == [
        (1, "En-tête du pad (métadonnées YAML) lu pour son cycle, le reste ignoré."),
        (line_of(source, "###### tags"), "Ligne de tags du pad ignorée."),
        (line_of(source, ":::info"), "Bloc « :::info » du pad ignoré."),
        (line_of(source, "![](https://pad"), "Image ou commentaire ignoré."),
        (line_of(source, "<!-- ne pas oublier"), "Commentaire HTML ignoré."),
    ]
    # A head count is not a list of names: reported, not imported.
    assert [(s.line, s.reason) for s in document.unplaced] == [
        (line_of(source, "Participant·es : 23"), "Un nombre de personnes sans leurs noms : non importé."),
    ]


def test_a_dutch_pad_reads_dutch_labels_and_denkpistes() -> None:
    source = (DATA / "pad_nl_werkgroep.md").read_text()

    document = parse_pad(source)

    assert document.errors == []
    assert document.title == "Duurzaam ondernemen"
    assert document.groups == ["Gent", "Antwerpen"]
    assert document.people == [
        ("facilitator", "Jan Peeters", "Gent"),
        ("facilitator", "Els Janssens", "Antwerpen"),
        ("secretary", "Tom De Smet", ""),
        ("participant", "An Vermeulen", ""),
        ("participant", "Pieter Claes", ""),
    ]
    assert document.language == "nl"
    assert document.introduction == "We kwamen vijf keer samen tussen november en april."
    # Denkpistes restart at 1: "P" keeps them apart from recommendation 1.
    assert numbers(document) == ["1", "2", "3", "8", "P1"]
    assert item(document, "P1").kind == "line_of_thought"
    assert item(document, "8").text.endswith("- eerst een haalbaarheidsstudie\n- dan een aanbesteding")
    assert [(s.line, s.reason) for s in document.unplaced] == [
        (
            line_of(source, "Deze sectie begint"),
            "Texte dans la section « Mobiliteit » avant sa première recommandation numérotée : non importé.",
        ),
        (line_of(source, '<div class="note">'), "Bloc HTML : non importé."),
    ]


def test_setext_and_atx_headings_mix_and_pad_blocks_hide_their_content() -> None:
    source = (DATA / "pad_setext_mixed.md").read_text()

    document = parse_pad(source)

    assert document.errors == []
    assert document.title == "Mobilité douce"  # "Thématique :" is not part of the title
    assert [(i.number, i.section) for i in document.items] == [
        ("10", "Se déplacer autrement"),
        ("12", "Se déplacer autrement"),
        ("13", "Télétravail"),
    ]
    # Neither the heading nor the item inside :::warning became anything.
    assert "Ce titre est dans un bloc d'avertissement" not in {i.section for i in document.items}
    reasons = [s.reason for s in document.ignored]
    assert "Commentaire HTML ignoré." in reasons
    assert "Ligne de tags du pad ignorée." in reasons
    assert "Table des matières du pad ignorée." in reasons
    assert "Bloc « :::warning » du pad ignoré." in reasons
    assert document.unplaced == []


# --- one habit per test -----------------------------------------------------------------


def test_each_numbering_style_gives_the_number_as_written() -> None:
    document = parse_pad("# Thème\n\n## Section\n\n1. Un point.\n\n2) Deux points.\n\n5- Cinq points.\n\n7 – Sept points.\n")

    assert numbers(document) == ["1", "2", "5", "7"]
    assert [i.title for i in document.items] == ["Un point.", "Deux points.", "Cinq points.", "Sept points."]


def test_numbered_lines_without_blank_lines_between_them_are_separate_items() -> None:
    # Markdown folds these into one paragraph; a pad author means three items.
    document = parse_pad("# Thème\n\n## Section\n\n1- Premier.\n2- Deuxième.\n3- Troisième.\n")

    assert numbers(document) == ["1", "2", "3"]


def test_a_numbered_heading_style_names_the_recommendation() -> None:
    document = parse_pad("# Thème\n\n## Économie\n\n### Recommandation 3 : Un fonds commun\n\nLe texte du fonds.\n")

    assert [(i.number, i.title, i.text, i.section) for i in document.items] == [("3", "Un fonds commun", "Le texte du fonds.", "Économie")]


def test_sub_items_need_their_parent() -> None:
    source = "# Thème\n\n## Section\n\n1. Premier.\n\n3.1 Un sous-point orphelin.\n"

    document = parse_pad(source)

    assert numbers(document) == ["1"]
    assert [(s.line, s.reason) for s in document.unplaced] == [(7, "Sous-point 3.1 sans recommandation 3 : non importé.")]


def test_letters_under_an_item_are_its_sub_items() -> None:
    document = parse_pad("# Thème\n\n## Section\n\n4. Former les équipes :\n   a) aux outils ;\n   b) à l'accueil.\n")

    assert [(i.number, i.parent_number, i.title) for i in document.items] == [
        ("4", None, "Former les équipes :"),
        ("4.a", "4", "aux outils ;"),
        ("4.b", "4", "à l'accueil."),
    ]


def test_a_duplicate_number_is_an_error_with_both_lines() -> None:
    document = parse_pad("# Thème\n\n## A\n\n1. Premier.\n\n## B\n\n1. Encore un.\n")

    assert [(e.line, e.reason) for e in document.errors] == [
        (9, "Le numéro 1 est déjà utilisé à la ligne 5 : chaque numéro doit être unique dans la thématique.")
    ]


def test_a_document_without_title_or_without_numbered_items_is_refused() -> None:
    assert [e.reason for e in parse_pad("Juste du texte.\n").errors] == [
        "Le document n’a pas de titre : la première ligne doit être un titre (# Titre ou Titre souligné de ===)."
    ]
    assert [e.reason for e in parse_pad("# Titre\n\nDu texte.\n").errors] == [
        "Aucune recommandation trouvée dans le document : ni titre ou élément numéroté, ni liste à puces dans une section."
    ]


def test_text_before_the_title_is_reported() -> None:
    document = parse_pad("Brouillon du 3 mars\n\n# Thème\n\n## S\n\n1. Un point.\n")

    assert [(s.line, s.reason) for s in document.unplaced] == [(1, "Texte avant le titre du document : non importé.")]


def test_metadata_as_a_list_under_its_label() -> None:
    document = parse_pad("# Thème\n\nAnimateur·rices :\n- Ana (Mons)\n- Bert\n\nGroupes : Mons\n\n## S\n\n1. Un point.\n")

    assert document.people == [("facilitator", "Ana", "Mons"), ("facilitator", "Bert", "")]
    assert document.groups == ["Mons"]


def test_an_unknown_language_is_reported() -> None:
    document = parse_pad("# Thème\n\nLangues : français, klingon\n\n## S\n\n1. Un point.\n")

    assert document.languages == ["fr"]
    assert [(s.line, s.reason) for s in document.unplaced] == [(3, "Langue inconnue « klingon » : non importée.")]


def test_windows_line_endings_and_a_byte_order_mark_change_nothing() -> None:
    unix = "# Thème\n\n## S\n\n1. Un point.\n2. Deux.\n"

    assert numbers(parse_pad("\ufeff" + unix.replace("\n", "\r\n"))) == numbers(parse_pad(unix)) == ["1", "2"]


def test_a_long_first_sentence_is_cut_for_the_title_and_kept_in_the_text() -> None:
    sentence = "Mot " * 120
    document = parse_pad(f"# Thème\n\n## S\n\n1. {sentence.strip()}\n")

    only = document.items[0]
    assert len(only.title) <= 300
    assert only.title.endswith("…")
    assert only.text == sentence.strip()


def test_an_unclosed_pad_block_is_ignored_to_the_end_and_said_so() -> None:
    document = parse_pad("# Thème\n\n## S\n\n1. Un point.\n\n:::info\n2. caché\n")

    assert numbers(document) == ["1"]
    assert [s.reason for s in document.ignored] == ["Bloc « :::info » jamais fermé : ignoré jusqu’à la fin."]


def test_the_documented_example_reads_as_the_documentation_says() -> None:
    docs = (Path(__file__).resolve().parents[3] / "docs" / "registry-import.md").read_text()
    example = docs.split("```markdown\n", 1)[1].split("```", 1)[0]

    document = parse_pad(example)

    assert document.errors == document.unplaced == []
    assert document.title == "Coopérer autrement"
    assert document.groups == ["Bruxelles", "Liège"]
    assert numbers(document) == ["1", "2", "2.a", "2.b", "5", "5.1", "P1"]
    assert [s.reason for s in document.ignored] == ["Ligne de tags du pad ignorée.", "Bloc « :::info » du pad ignoré."]


PAD_LINES = [
    "# Titre", "Titre", "=====", "-----", "## Section", "### Pistes de réflexion", "## Denkpistes", "", "", "",
    "1. Un point.", "2) Deux.", "3- Trois.", "4.1 Sous-point.", "   a) lettre", "   1. imbriqué", "- puce", "  - sous-puce",
    ":::info", ":::", "###### tags: `x`", "tags: y", "![](img.png)", "<!-- commentaire -->", "<div>", "</div>",
    "Groupes : A, B", "Animateur·rices :", "Langues : fr, nl", "Participant·es : 12", "> citation", "| a | b |", "|---|---|",
    "```", "code", "**1.** gras", "Recommandation 7 : Titre", "Texte libre.", "[TOC]", "---",
]  # fmt: skip


@given(st.lists(st.sampled_from(PAD_LINES), max_size=40))
@settings(max_examples=300, deadline=None)
def test_any_mix_of_pad_lines_is_read_without_crashing(lines: list[str]) -> None:
    document = parse_pad("\n".join(lines))

    assert all(item.title and len(item.title) <= 300 for item in document.items)
    numbered = [item.number for item in document.items if item.number]
    assert len(set(numbered)) == len(numbered)  # unnumbered items (a list without numbers) get theirs from Cairn
    if document.structure == "unnumbered":  # then only lines of thought carry a number (P1, P2…)
        assert all(number.startswith("P") for number in numbered)
    assert all(item.parent_number in {i.number for i in document.items} for item in document.items if item.parent_number)
    assert all(1 <= aside.line <= max(len(lines), 1) for aside in [*document.unplaced, *document.ignored])


def test_a_numbered_list_under_an_introduction_heading_stays_in_the_introduction() -> None:
    document = parse_pad("# Thème\n\n## Introduction\n\nNos objectifs :\n\n1. écouter ;\n2. proposer.\n\n## Section\n\n1. Un point.\n")

    assert document.introduction == "Nos objectifs :\n\n1. écouter ;\n2. proposer."
    assert numbers(document) == ["1"]
