"""Read a working group's recommendations document, as written in a collaborative pad.

``parse_pad`` needs no database: it turns the Markdown into a ``PadDocument`` (title,
people, introduction, numbered items) and lists every line it set aside — ignored on
purpose (pad blocks, tags, images, comments) or not placed, each with its reason.
``pad_structure`` works out how the document numbers its recommendations (numbered
headings, their level, the halves of a bilingual pad); ``plan_pad_import`` (in
``pad_plan``) then compares the document with the registry. The format is
documented in ``docs/registry-import.md``."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from cairn.recommendations.imports.pad_markdown import (
    FRONT_COUNTRY,
    FRONT_CYCLE,
    INTRODUCTION,
    LABELS,
    LANGUAGE_HEADING,
    LANGUAGE_WORDS,
    LETTER,
    LINES_OF_THOUGHT,
    MARKDOWN,
    META,
    NUMBERED_HEADING,
    RECOMMENDATION_HEADING,
    SUB_NUMBER,
    TAGS,
    TITLE_PREFIX,
    TOC,
    TOC_HEADING,
    TOC_LINK,
    TOP_NUMBER,
    PadDocument,
    PadItem,
    SetAside,
    Structure,
    Unit,
    clean_inline,
    cycle_in_title,
    fold_label,
    mask,
    pad_units,
    plain,
    split_names,
    split_title,
)
from cairn.recommendations.imports.pad_structure import numbered_headings, pair_translations


class _PadReader:
    def __init__(
        self,
        document: PadDocument,
        heading_level: int | None = None,
        heading_titles: frozenset[str] = frozenset(),
        *,
        unnumbered: bool = False,
    ) -> None:
        self.doc = document
        self.unnumbered = unnumbered  # a section's top-level bullets are recommendations without numbers
        # The heading level that numbers recommendations (``### 1. Titre``), if the document does.
        self.heading_level = heading_level
        self.heading_titles = heading_titles  # their titles, folded: a table of contents repeats them
        self.heading_item: tuple[PadItem, int] | None = None  # the numbered heading whose text is being read
        self.toc_level: int | None = None  # under a « Sommaire » heading
        self.from_headings = 0
        self.from_lines = 0
        self.half_language = ""  # under « ## Version française » / « ## Nederlandse versie »
        self.repeated: list[tuple[PadItem, PadItem, str]] = []  # (item, the earlier item of its number, its line)
        self.zone = "header"  # header (before any section), intro, section
        self.section = ""
        self.lines_of_thought_level: int | None = None
        self.current: PadItem | None = None  # the item text lines are added to
        self.top: PadItem | None = None  # the last top-level numbered item
        self.by_number: dict[str, PadItem] = {}
        self.pending_label: tuple[str, int] | None = None  # a metadata label waiting for its list
        self.intro: list[str] = []
        self.intro_paragraph = 0
        self.intro_last_kind = ""
        self.current_paragraph = 0
        self.auto_number = 0
        self.label_votes = {"fr": 0, "nl": 0}
        self.last_kind = ""
        self.item_at_depth: dict[int, PadItem] = {}  # the last numbered list item at each list depth

    # --- items -------------------------------------------------------------------
    def start_item(self, unit: Unit, number: str, parent: str | None, text: str) -> None:
        kind = "line_of_thought" if self.lines_of_thought_level is not None else "recommendation"
        if kind == "line_of_thought" and not number.startswith("P"):
            # Lines of thought often restart at 1: "P" keeps their numbers apart from the recommendations'.
            number, parent = f"P{number}", (f"P{parent}" if parent and not parent.startswith("P") else parent)
        item = PadItem(unit.line, number, parent, self.section, kind, [text] if text else [], unit.line, language=self.half_language)
        if number and number in self.by_number:
            # The same number again: the other language's half of a bilingual pad, or an
            # error — decided once the item's text is read (``pad_structure.pair_translations``).
            self.repeated.append((item, self.by_number[number], unit.text))
            self.current = item
            self.current_paragraph = unit.paragraph
            self.last_kind = unit.kind
            return
        if parent is None:
            if unit.kind == "heading":
                self.from_headings += 1
            else:
                self.from_lines += 1
        self.doc.items.append(item)
        if number:
            self.by_number[number] = item
        self.current = item
        self.current_paragraph = unit.paragraph
        self.last_kind = unit.kind
        if parent is None:
            self.top = item if number else None

    def add_to_current(self, unit: Unit, text: str) -> None:
        if self.current is None:
            return
        same_list = unit.kind == "bullet" and self.last_kind == "bullet"
        if (unit.paragraph != self.current_paragraph or unit.kind == "block") and not same_list:
            self.current.lines.append("")
        self.last_kind = unit.kind
        self.current.lines.append(text)
        self.current.last_line = unit.line
        self.current_paragraph = unit.paragraph

    def add_to_intro(self, unit: Unit, text: str) -> None:
        same_list = unit.kind in {"item", "bullet"} and self.intro_last_kind in {"item", "bullet"}
        if self.intro and unit.paragraph != self.intro_paragraph and not same_list:
            self.intro.append("")
        self.intro.append(text)
        self.intro_paragraph = unit.paragraph
        self.intro_last_kind = unit.kind

    # --- metadata ----------------------------------------------------------------
    def metadata(self, text: str) -> tuple[str, str] | None:
        match = META.match(text)
        if not match:
            return None
        label = fold_label(match["label"])
        if len(label.split()) > 4:
            return None
        for prefix, name, language in LABELS:
            if label.startswith(prefix):
                self.label_votes[language] += 1
                return name, match["value"].strip()
        return None

    def apply_metadata(self, unit: Unit, name: str, value: str) -> None:
        value = plain(value)
        if not value:
            return
        if name == "groups":
            for group in re.split(r"\s*[,;|]\s*", value):
                group = group.strip(" .")
                if group and group.casefold() not in {g.casefold() for g in self.doc.groups}:
                    self.doc.groups.append(group)
        elif name == "languages":
            for word in re.split(r"[\s,;/&+]+|\bet\b|\ben\b", value):
                folded = fold_label(word)
                if not folded:
                    continue
                code = LANGUAGE_WORDS.get(folded)
                if code is None:
                    self.doc.unplaced.append(
                        SetAside(unit.line, _("Langue inconnue « %(value)s » : non importée.") % {"value": word}, unit.text)
                    )
                elif code not in self.doc.languages:
                    self.doc.languages.append(code)
        else:
            if re.fullmatch(r"[\d\s~±+]+(?:\s+\w+)*", value) and any(c.isdigit() for c in value[:3]):
                self.doc.unplaced.append(SetAside(unit.line, _("Un nombre de personnes sans leurs noms : non importé."), unit.text))
                return
            for person, hint in split_names(value):
                self.doc.people.append((name, person[:120], hint))

    # --- the walk ------------------------------------------------------------------
    def heading(self, unit: Unit) -> None:
        text = plain(clean_inline(unit.text))
        self.current = None
        self.item_at_depth.clear()
        self.pending_label = None
        if TAGS.match(unit.text):
            self.doc.ignored.append(SetAside(unit.line, _("Ligne de tags du pad ignorée."), unit.text))
            return
        if not text:
            return
        if not self.doc.title:
            title, cycle = cycle_in_title(TITLE_PREFIX.sub("", text))
            self.doc.title = title[:200]
            self.doc.title_line = unit.line
            if cycle and not self.doc.cycle_name:
                self.doc.cycle_name, self.doc.cycle_line = cycle, unit.line
            return
        if self.toc_level is not None and unit.level > self.toc_level:
            self.doc.ignored.append(SetAside(unit.line, _("Table des matières du pad ignorée."), unit.text))
            return
        self.toc_level = None
        if (half := LANGUAGE_HEADING.match(text)) is not None:
            # « ## Version française » … « ## Nederlandse versie »: the halves of a bilingual pad.
            self.half_language = LANGUAGE_WORDS.get(fold_label(half["language"]).split()[0], "") or self.half_language
            self.heading_item, self.current, self.section, self.zone = None, None, "", "section"
            self.lines_of_thought_level = None
            return
        if TOC_HEADING.match(text):
            self.toc_level = unit.level
            self.heading_item = None
            self.doc.ignored.append(SetAside(unit.line, _("Table des matières du pad ignorée."), unit.text))
            return
        if self.numbered_heading(unit, text):
            return
        if self.heading_item is not None:
            item, level = self.heading_item
            if unit.level > level:
                # « #### Constat » under « ### 1. Titre »: part of the recommendation's text.
                self.current = item
                self.item_at_depth[0] = item
                self.add_to_current(unit, f"**{text}**")
                return
            self.heading_item = None
        if self.lines_of_thought_level is not None and unit.level <= self.lines_of_thought_level:
            self.lines_of_thought_level = None
        heading_item = RECOMMENDATION_HEADING.match(text)
        if heading_item:
            number = heading_item["number"]
            parent = number.rsplit(".", 1)[0] if "." in number else None
            if parent is not None and parent not in self.by_number:
                self.doc.unplaced.append(
                    SetAside(
                        unit.line,
                        _("Sous-point %(number)s sans recommandation %(parent)s : non importé.") % {"number": number, "parent": parent},
                        unit.text,
                    )
                )
                return
            self.start_item(unit, number, parent, f"**{heading_item['rest']}**" if heading_item["rest"] else "")
            if self.current is not None:
                self.heading_item = (self.current, unit.level)
                self.item_at_depth[0] = self.current
            return
        if INTRODUCTION.match(text):
            self.zone = "intro"
            return
        self.zone = "section"
        self.section = text[:200]
        if LINES_OF_THOUGHT.match(text):
            self.lines_of_thought_level = unit.level

    def numbered_heading(self, unit: Unit, text: str) -> bool:
        """« ### 1. Titre »: a recommendation at the document's numbering level, its
        sub-item deeper inside one, a section above. False when the heading has no number."""
        match = NUMBERED_HEADING.match(text)
        if match is None or self.heading_level is None:
            return False
        number, rest = match["number"], match["rest"].strip()
        if unit.level < self.heading_level:
            self.heading_item = None
            self.zone = "section"
            self.section = rest[:200]
            return True
        if self.heading_item is not None and self.heading_item[1] < unit.level:
            parent = self.heading_item[0]
            if not number.startswith(f"{parent.number}."):
                number = f"{parent.number}.{number.rsplit('.', 1)[-1]}"
            self.start_item(unit, number, parent.number, f"**{rest}**")
            self.item_at_depth[0] = parent
            return True
        if unit.level > self.heading_level:
            return False  # a numbered heading deeper than the items, outside any: read as a section
        self.heading_item = None
        self.lines_of_thought_level = (
            None if self.lines_of_thought_level is not None and unit.level <= self.lines_of_thought_level else self.lines_of_thought_level
        )
        self.zone = "section"
        parent_number = number.rsplit(".", 1)[0] if "." in number else None
        self.start_item(unit, number, parent_number if parent_number in self.by_number else None, f"**{rest}**")
        if self.current is not None:
            self.heading_item = (self.current, unit.level)
            self.item_at_depth[0] = self.current
        return True

    def is_toc_line(self, unit: Unit, text: str) -> bool:
        """A line that only repeats a numbered heading's title (or links to it): the table of contents."""
        if self.toc_level is not None or TOC_LINK.match(unit.text):
            return True
        if not self.heading_titles or unit.kind not in {"item", "text", "bullet"}:
            return False
        match = NUMBERED_HEADING.match(plain(text).strip()) if unit.kind != "item" else None
        rest = match["rest"] if match else plain(text)
        return fold_label(rest) in self.heading_titles and (unit.kind == "item" or match is not None)

    def line(self, unit: Unit) -> None:
        raw = unit.text
        if TAGS.match(raw):
            self.doc.ignored.append(SetAside(unit.line, _("Ligne de tags du pad ignorée."), raw))
            return
        if TOC.match(raw):
            self.doc.ignored.append(SetAside(unit.line, _("Table des matières du pad ignorée."), raw))
            return
        text = clean_inline(raw)
        if not text.strip():
            if raw.strip():
                self.doc.ignored.append(SetAside(unit.line, _("Image ou commentaire ignoré."), raw))
            return
        if self.is_toc_line(unit, text):
            self.doc.ignored.append(SetAside(unit.line, _("Table des matières du pad ignorée."), raw))
            return
        if not self.doc.title:
            self.doc.unplaced.append(SetAside(unit.line, _("Texte avant le titre du document : non importé."), raw))
            return

        # Metadata, before the first section.
        if self.zone == "header" and self.current is None:
            if self.pending_label is not None and unit.kind == "bullet":
                self.apply_metadata(unit, self.pending_label[0], text)
                return
            found = self.metadata(text)
            if found:
                name, value = found
                self.pending_label = (name, unit.line) if not value else None
                self.apply_metadata(unit, name, value)
                return
            self.pending_label = None

        if unit.kind in {"item", "bullet"}:
            for deeper in [d for d in self.item_at_depth if d >= unit.depth]:
                del self.item_at_depth[deeper]
        if unit.kind == "item" and self.zone != "intro":
            parent_item = self.item_at_depth.get(unit.depth - 1)
            if parent_item is not None:
                self.start_item(unit, f"{parent_item.number}.{unit.number}", parent_item.number, text)
            else:
                self.start_item(unit, unit.number, None, text)
            if self.current is not None:
                self.item_at_depth[unit.depth] = self.current
            return

        if self.zone != "intro":
            sub = SUB_NUMBER.match(text)
            if sub:
                number = sub["number"]
                parent = number.rsplit(".", 1)[0]
                if parent in self.by_number:
                    self.start_item(unit, number, parent, sub["rest"])
                else:
                    self.doc.unplaced.append(
                        SetAside(
                            unit.line,
                            _("Sous-point %(number)s sans recommandation %(parent)s : non importé.") % {"number": number, "parent": parent},
                            raw,
                        )
                    )
                return
            top = TOP_NUMBER.match(text) if unit.kind in {"text", "bullet"} else None
            if top and unit.depth == 0:
                if self.heading_item is not None:  # « 1- … » under « ### 5. Titre »: its sub-item 5.1
                    parent = self.heading_item[0]
                    self.start_item(unit, f"{parent.number}.{top['number']}", parent.number, top["rest"])
                    return
                self.start_item(unit, top["number"], None, top["rest"])
                return
            letter = LETTER.match(text)
            if letter and self.top is not None and self.current is not None:
                self.start_item(unit, f"{self.top.number}.{letter['letter']}", self.top.number, letter["rest"])
                return
            if (
                self.unnumbered
                and unit.kind == "bullet"
                and unit.depth == 1
                and self.zone == "section"
                and self.lines_of_thought_level is None
            ):
                self.start_item(unit, "", None, text)
                return
            if (
                unit.kind == "bullet"
                and self.lines_of_thought_level is not None
                and unit.depth == 1
                and (self.current is None or self.current.number.startswith("P"))
            ):
                self.auto_number += 1
                while f"P{self.auto_number}" in self.by_number:
                    self.auto_number += 1
                self.start_item(unit, f"P{self.auto_number}", None, text)
                return

        if self.current is not None:
            if unit.kind == "bullet":
                text = "  " * max(unit.depth - 2, 0) + "- " + text.strip()
            self.add_to_current(unit, text if unit.kind != "text" else text.strip())
            return
        if self.zone in {"header", "intro"}:
            if unit.kind == "bullet":
                text = "  " * max(unit.depth - 1, 0) + "- " + text.strip()
            elif unit.kind == "item":  # a numbered list in the introduction stays a list
                text = "   " * max(unit.depth - 1, 0) + f"{unit.number}. " + text.strip()
            self.add_to_intro(unit, text.strip() if unit.kind == "text" else text)
            return
        self.doc.unplaced.append(
            SetAside(
                unit.line,
                _("Texte dans la section « %(section)s » avant sa première recommandation numérotée : non importé.")
                % {"section": self.section},
                raw,
            )
        )


def parse_pad(source: str) -> PadDocument:
    """Read a pad's Markdown; nothing is looked up in the database.

    A document whose recommendations carry no number at all is read a second time, its
    sections' top-level bullets as recommendations that Cairn will number."""
    source = source.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    document, reader = _read(source, unnumbered=False)
    if document.title and not document.errors and not any(i.kind == "recommendation" for i in document.items):
        unnumbered, unnumbered_reader = _read(source, unnumbered=True)
        if any(i.kind == "recommendation" for i in unnumbered.items):
            document, reader = unnumbered, unnumbered_reader
            document.structure = Structure.UNNUMBERED
    return _finish(document, reader)


def _read(source: str, *, unnumbered: bool) -> tuple[PadDocument, _PadReader]:
    document = PadDocument()
    lines = source.split("\n")
    front_matter: list[str] = []
    masked = mask(lines, document.ignored, front_matter)
    for line in front_matter:
        if (found := FRONT_CYCLE.match(line)) and not document.cycle_name:
            document.cycle_name, document.cycle_line = found["value"].strip()[:40], 1
        elif found := FRONT_COUNTRY.match(line):
            document.cycle_country = found["value"].strip()[:20]
    tokens = MARKDOWN.parse("\n".join(masked))
    units = pad_units(tokens, masked)
    heading_level, heading_titles = numbered_headings(units)
    reader = _PadReader(document, heading_level, heading_titles, unnumbered=unnumbered)
    for unit in units:
        if unit.kind == "heading":
            reader.heading(unit)
        elif unit.kind == "ignored":
            document.ignored.append(SetAside(unit.line, unit.text))
        elif unit.kind == "html":
            document.unplaced.append(SetAside(unit.line, _("Bloc HTML : non importé."), unit.text))
        else:
            reader.line(unit)
    document.introduction = "\n".join(reader.intro).strip()
    for item in document.items:
        split_title(item)
        if not item.title:
            document.unplaced.append(
                SetAside(item.line, _("Recommandation %(number)s sans texte : non importée.") % {"number": item.number})
            )
    document.items = [item for item in document.items if item.title]
    pair_translations(document, reader.repeated)
    if reader.from_headings and reader.from_lines:
        document.structure = Structure.MIXED
    elif reader.from_headings:
        document.structure = Structure.HEADINGS
    elif document.items:
        document.structure = Structure.LIST
    return document, reader


def _finish(document: PadDocument, reader: _PadReader) -> PadDocument:
    if document.languages == ["nl"] or (not document.languages and reader.label_votes["nl"] > reader.label_votes["fr"]):
        document.language = "nl"
    if not document.title:
        document.errors.append(
            SetAside(1, _("Le document n’a pas de titre : la première ligne doit être un titre (# Titre ou Titre souligné de ===)."))
        )
    elif not document.items:
        document.errors.append(
            SetAside(
                document.title_line,
                _("Aucune recommandation trouvée dans le document : ni titre ou élément numéroté, ni liste à puces dans une section."),
            )
        )
    document.ignored.sort(key=lambda s: s.line)
    document.unplaced.sort(key=lambda s: s.line)
    return document
