"""Read a working group's recommendations document, as written in a collaborative pad.

``parse_pad`` needs no database: it turns the Markdown into a ``PadDocument`` (title,
people, introduction, numbered items) and lists every line it set aside — ignored on
purpose (pad blocks, tags, images, comments) or not placed, each with its reason.
``importers.plan_pad_import`` then compares the document with the registry.

markdown-it-py gives the block structure (ATX and setext headings, lists and the numbers
their items carry, code, HTML, tables); lines inside paragraphs are then read one by one,
because pads also number with ``1-``, ``2.1`` or ``a)``, which Markdown keeps as text.
The format is documented in ``docs/registry-import.md``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from markdown_it.token import Token

_md = MarkdownIt("commonmark").enable("table").enable("strikethrough")

TITLE_MAX = 300


@dataclass(frozen=True)
class SetAside:
    """A line of the pad that is not imported, and why."""

    line: int
    reason: str
    text: str = ""


@dataclass
class PadItem:
    line: int
    number: str
    parent_number: str | None
    section: str
    kind: str  # a ``Kind`` value
    lines: list[str] = field(default_factory=list)
    last_line: int = 0
    title: str = ""
    text: str = ""


@dataclass
class PadDocument:
    title: str = ""
    title_line: int = 0
    groups: list[str] = field(default_factory=list)
    people: list[tuple[str, str, str]] = field(default_factory=list)  # (role, name, group hint)
    languages: list[str] = field(default_factory=list)
    language: str = "fr"
    introduction: str = ""
    items: list[PadItem] = field(default_factory=list)
    ignored: list[SetAside] = field(default_factory=list)
    unplaced: list[SetAside] = field(default_factory=list)
    errors: list[SetAside] = field(default_factory=list)


def _fold(text: str) -> str:
    """Lower case, without accents or inclusive-writing dots: « Animateur·rices » → animateurrices."""
    decomposed = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z ]", "", decomposed).strip()


# Metadata labels, by the start of their folded form (French and Dutch).
_LABELS: list[tuple[str, str, str]] = [
    # (folded prefix, field, language of the label)
    ("groupes de travail", "groups", "fr"),
    ("groupe", "groups", "fr"),
    ("werkgroep", "groups", "nl"),
    ("groep", "groups", "nl"),
    ("animat", "facilitator", "fr"),
    ("facilitat", "facilitator", "fr"),
    ("begeleid", "facilitator", "nl"),
    ("facilitator", "facilitator", "nl"),
    ("secretaris", "secretary", "nl"),
    ("secretariaat", "secretary", "nl"),
    ("secretaire", "secretary", "fr"),
    ("participant", "participant", "fr"),
    ("deelnemer", "participant", "nl"),
    ("langue", "languages", "fr"),
    ("taal", "languages", "nl"),
    ("talen", "languages", "nl"),
]
_LANGUAGE_WORDS = {
    "fr": "fr", "francais": "fr", "french": "fr", "frans": "fr",
    "nl": "nl", "neerlandais": "nl", "nederlands": "nl", "dutch": "nl", "flamand": "nl", "vlaams": "nl",
    "en": "en", "anglais": "en", "english": "en", "engels": "en",
}  # fmt: skip

_META = re.compile(r"^\s*(?:[-*+]\s+)?[*_]{0,2}(?P<label>[^:*_]{2,40}?)[*_]{0,2}\s*:\s*[*_]{0,2}\s*(?P<value>.*)$")
_BOLD_NUMBER = r"[*_]{0,2}"
_TOP_NUMBER = re.compile(rf"^\s*{_BOLD_NUMBER}(?P<number>\d{{1,3}})\s*[.)\-–]{_BOLD_NUMBER}\s+(?P<rest>\S.*)$")
_SUB_NUMBER = re.compile(rf"^\s*{_BOLD_NUMBER}(?P<number>\d{{1,3}}(?:\.\d{{1,3}})+)\.?\s*[)\-–]?{_BOLD_NUMBER}\s+(?P<rest>\S.*)$")
_LETTER = re.compile(r"^\s*(?P<letter>[a-z])\s*[).]\s+(?P<rest>\S.*)$")
_RECOMMENDATION_HEADING = re.compile(
    r"^(?:recommandation|reco|aanbeveling|piste|denkpiste)\s*(?:n[°o]\.?|nr\.?|#)?\s*(?P<number>\d{1,3}(?:\.\d{1,3})*)\s*[:.)\-–]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_LINES_OF_THOUGHT = re.compile(r"^\W*(?:\d+\W+)?(?:pistes? de r[ée]flexion|denkpistes?)\b", re.IGNORECASE)
_INTRODUCTION = re.compile(r"^\W*(?:introduction|inleiding|pr[ée]ambule|voorwoord|contexte|context)\W*$", re.IGNORECASE)
_TAGS = re.compile(r"^\s*(?:#{1,6}\s*)?tags\s*:", re.IGNORECASE)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_COMMENT = re.compile(r"<!--.*?-->")
_TOC = re.compile(r"^\s*\[\[?toc\]?\]\s*$", re.IGNORECASE)
_TITLE_PREFIX = re.compile(r"^(?:th[ée]matique|th[èe]me|thema|recommandations|aanbevelingen)\s*[:–-]\s*", re.IGNORECASE)


@dataclass
class _Unit:
    """One line of the pad as the block parser saw it."""

    kind: str  # heading, item, bullet, text, block, html, ignored
    line: int  # 1-based
    text: str = ""
    level: int = 0  # heading level
    depth: int = 0  # list nesting
    number: str = ""  # an ordered item's number
    paragraph: int = 0  # lines of one paragraph share this id


def _mask(lines: list[str], ignored: list[SetAside]) -> list[str]:
    """Blank out pad-only blocks (front matter, ``:::`` containers) before Markdown sees them,
    keeping line numbers."""
    masked = list(lines)
    start = 0
    if lines and lines[0].strip() == "---":
        for end in range(1, len(lines)):
            if lines[end].strip() in {"---", "..."}:
                for i in range(0, end + 1):
                    masked[i] = ""
                ignored.append(SetAside(1, _("En-tête du pad (métadonnées YAML) ignoré.")))
                start = end + 1
                break
    opened: int | None = None
    for i in range(start, len(lines)):
        stripped = lines[i].strip()
        if opened is None and stripped.startswith(":::") and len(stripped) > 3:
            opened = i
        elif opened is not None and stripped == ":::":
            for j in range(opened, i + 1):
                masked[j] = ""
            ignored.append(SetAside(opened + 1, _("Bloc « %(block)s » du pad ignoré.") % {"block": lines[opened].strip()}))
            opened = None
    if opened is not None:
        ignored.append(
            SetAside(opened + 1, _("Bloc « %(block)s » jamais fermé : ignoré jusqu’à la fin.") % {"block": lines[opened].strip()})
        )
        for j in range(opened, len(lines)):
            masked[j] = ""
    return masked


def _units(tokens: list[Token], lines: list[str]) -> list[_Unit]:
    units: list[_Unit] = []
    depth = 0
    stack: list[tuple[str, str]] = []  # (list kind, current item number)
    pending_item: tuple[str, int] | None = None  # the item whose first paragraph is next
    paragraph_id = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        line = (token.map[0] + 1) if token.map else 0
        if token.type == "heading_open":
            units.append(_Unit("heading", line, tokens[i + 1].content.strip(), level=int(token.tag[1])))
            i += 3
            continue
        if token.type in {"ordered_list_open", "bullet_list_open"}:
            stack.append(("ordered" if token.type == "ordered_list_open" else "bullet", ""))
            depth += 1
        elif token.type in {"ordered_list_close", "bullet_list_close"}:
            stack.pop()
            depth -= 1
        elif token.type == "list_item_open":
            kind, _number = stack[-1]
            stack[-1] = (kind, token.info if kind == "ordered" else "")
            pending_item = (kind, line)
            if tokens[i + 1].type != "paragraph_open":
                units.append(_Unit("item" if kind == "ordered" else "bullet", line, "", depth=depth, number=token.info))
                pending_item = None
        elif token.type == "paragraph_open":
            paragraph_id += 1
            content = tokens[i + 1].content.split("\n")
            for offset, text in enumerate(content):
                if offset == 0 and pending_item is not None:
                    kind, _item_line = pending_item
                    number = stack[-1][1] if kind == "ordered" else ""
                    units.append(
                        _Unit(
                            "item" if kind == "ordered" else "bullet",
                            line,
                            text,
                            depth=depth,
                            number=number,
                            paragraph=paragraph_id,
                        )
                    )
                else:
                    units.append(_Unit("text", line + offset, text, depth=depth, paragraph=paragraph_id))
            pending_item = None
            i += 3
            continue
        elif token.type in {"fence", "code_block"}:
            units.append(_Unit("ignored", line, _("Bloc de code ignoré.")))
        elif token.type == "html_block":
            html = token.content.strip()
            if _COMMENT.sub("", html).strip() == "":
                units.append(_Unit("ignored", line, _("Commentaire HTML ignoré.")))
            else:
                units.append(_Unit("html", line, html.splitlines()[0] if html else ""))
        elif token.type in {"table_open", "blockquote_open"}:
            close = "table_close" if token.type == "table_open" else "blockquote_close"
            level = token.level
            end = i + 1
            while not (tokens[end].type == close and tokens[end].level == level):
                end += 1
            start, stop = token.map or (line - 1, line)
            raw = "\n".join(source.strip() for source in lines[start:stop])
            units.append(_Unit("block", line, raw, depth=depth))
            i = end + 1
            continue
        i += 1
    return units


def _clean_inline(text: str) -> str:
    text = _COMMENT.sub("", text)
    return _IMAGE.sub("", text).rstrip()


def _plain(text: str) -> str:
    """A title as plain text: no emphasis, links as their words."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|`|~~)", "", text)
    text = re.sub(r"(?<!\w)[*_](\S(?:.*?\S)?)[*_](?!\w)", r"\1", text)
    return " ".join(text.split())


def _split_title(item: PadItem) -> None:
    """Title and text of an item: a bold lead-in is the title; otherwise its first sentence."""
    body = "\n".join(item.lines).strip()
    bold = re.match(r"^(\*\*|__)(?P<title>.+?)\1\s*[:.–-]?\s*", body)
    if bold:
        item.title = _plain(bold["title"]).rstrip(" :.")
        item.text = body[bold.end() :].strip()
    else:
        first_paragraph = body.split("\n\n", 1)[0]
        sentence = re.split(r"(?<=[.!?])\s+", " ".join(first_paragraph.split()), maxsplit=1)[0]
        item.title = _plain(sentence)
        item.text = "" if _plain(body) == item.title else body
    if len(item.title) > TITLE_MAX:
        cut = item.title[: TITLE_MAX - 1].rsplit(" ", 1)[0]
        item.title = cut + "…"
        if not item.text:
            item.text = body


def _split_names(value: str) -> list[tuple[str, str]]:
    """« Marie Dupont (Liège), Jan Peeters et Sophie » → [(name, hint)]."""
    people = []
    for part in re.split(r"\s*(?:[,;/]|\bet\b|\ben\b|&)\s*", value):
        part = _plain(part).strip(" .")
        if not part:
            continue
        hint = ""
        match = re.match(r"^(?P<name>.*?)\s*\((?P<hint>[^)]*)\)$", part)
        if match:
            part, hint = match["name"].strip(), match["hint"].strip()
        if part:
            people.append((part, hint))
    return people


class _PadReader:
    def __init__(self, document: PadDocument) -> None:
        self.doc = document
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
    def start_item(self, unit: _Unit, number: str, parent: str | None, text: str) -> None:
        kind = "line_of_thought" if self.lines_of_thought_level is not None else "recommendation"
        if kind == "line_of_thought" and not number.startswith("P"):
            # Lines of thought often restart at 1: "P" keeps their numbers apart from the recommendations'.
            number, parent = f"P{number}", (f"P{parent}" if parent and not parent.startswith("P") else parent)
        if number in self.by_number:
            other = self.by_number[number]
            self.doc.errors.append(
                SetAside(
                    unit.line,
                    _("Le numéro %(number)s est déjà utilisé à la ligne %(line)s : chaque numéro doit être unique dans la thématique.")
                    % {"number": number, "line": other.line},
                    unit.text,
                )
            )
            self.current = None
            return
        item = PadItem(unit.line, number, parent, self.section, kind, [text] if text else [], unit.line)
        self.doc.items.append(item)
        self.by_number[number] = item
        self.current = item
        self.current_paragraph = unit.paragraph
        self.last_kind = unit.kind
        if parent is None:
            self.top = item

    def add_to_current(self, unit: _Unit, text: str) -> None:
        if self.current is None:
            return
        same_list = unit.kind == "bullet" and self.last_kind == "bullet"
        if (unit.paragraph != self.current_paragraph or unit.kind == "block") and not same_list:
            self.current.lines.append("")
        self.last_kind = unit.kind
        self.current.lines.append(text)
        self.current.last_line = unit.line
        self.current_paragraph = unit.paragraph

    def add_to_intro(self, unit: _Unit, text: str) -> None:
        same_list = unit.kind in {"item", "bullet"} and self.intro_last_kind in {"item", "bullet"}
        if self.intro and unit.paragraph != self.intro_paragraph and not same_list:
            self.intro.append("")
        self.intro.append(text)
        self.intro_paragraph = unit.paragraph
        self.intro_last_kind = unit.kind

    # --- metadata ----------------------------------------------------------------
    def metadata(self, text: str) -> tuple[str, str] | None:
        match = _META.match(text)
        if not match:
            return None
        label = _fold(match["label"])
        if len(label.split()) > 4:
            return None
        for prefix, name, language in _LABELS:
            if label.startswith(prefix):
                self.label_votes[language] += 1
                return name, match["value"].strip()
        return None

    def apply_metadata(self, unit: _Unit, name: str, value: str) -> None:
        value = _plain(value)
        if not value:
            return
        if name == "groups":
            for group in re.split(r"\s*[,;|]\s*", value):
                group = group.strip(" .")
                if group and group.casefold() not in {g.casefold() for g in self.doc.groups}:
                    self.doc.groups.append(group)
        elif name == "languages":
            for word in re.split(r"[\s,;/&+]+|\bet\b|\ben\b", value):
                folded = _fold(word)
                if not folded:
                    continue
                code = _LANGUAGE_WORDS.get(folded)
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
            for person, hint in _split_names(value):
                self.doc.people.append((name, person[:120], hint))

    # --- the walk ------------------------------------------------------------------
    def heading(self, unit: _Unit) -> None:
        text = _plain(_clean_inline(unit.text))
        self.current = None
        self.item_at_depth.clear()
        self.pending_label = None
        if _TAGS.match(unit.text):
            self.doc.ignored.append(SetAside(unit.line, _("Ligne de tags du pad ignorée."), unit.text))
            return
        if not text:
            return
        if not self.doc.title:
            self.doc.title = _TITLE_PREFIX.sub("", text)[:200]
            self.doc.title_line = unit.line
            return
        if self.lines_of_thought_level is not None and unit.level <= self.lines_of_thought_level:
            self.lines_of_thought_level = None
        heading_item = _RECOMMENDATION_HEADING.match(text)
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
            return
        if _INTRODUCTION.match(text):
            self.zone = "intro"
            return
        self.zone = "section"
        self.section = text[:200]
        if _LINES_OF_THOUGHT.match(text):
            self.lines_of_thought_level = unit.level

    def line(self, unit: _Unit) -> None:
        raw = unit.text
        if _TAGS.match(raw):
            self.doc.ignored.append(SetAside(unit.line, _("Ligne de tags du pad ignorée."), raw))
            return
        if _TOC.match(raw):
            self.doc.ignored.append(SetAside(unit.line, _("Table des matières du pad ignorée."), raw))
            return
        text = _clean_inline(raw)
        if not text.strip():
            if raw.strip():
                self.doc.ignored.append(SetAside(unit.line, _("Image ou commentaire ignoré."), raw))
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
            sub = _SUB_NUMBER.match(text)
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
            top = _TOP_NUMBER.match(text) if unit.kind in {"text", "bullet"} else None
            if top and unit.depth == 0:
                self.start_item(unit, top["number"], None, top["rest"])
                return
            letter = _LETTER.match(text)
            if letter and self.top is not None and self.current is not None:
                self.start_item(unit, f"{self.top.number}.{letter['letter']}", self.top.number, letter["rest"])
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
    """Read a pad's Markdown; nothing is looked up in the database."""
    document = PadDocument()
    source = source.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = source.split("\n")
    masked = _mask(lines, document.ignored)
    tokens = _md.parse("\n".join(masked))
    reader = _PadReader(document)
    for unit in _units(tokens, masked):
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
        _split_title(item)
        if not item.title:
            document.unplaced.append(
                SetAside(item.line, _("Recommandation %(number)s sans texte : non importée.") % {"number": item.number})
            )
    document.items = [item for item in document.items if item.title]
    if document.languages == ["nl"] or (not document.languages and reader.label_votes["nl"] > reader.label_votes["fr"]):
        document.language = "nl"
    if not document.title:
        document.errors.append(
            SetAside(1, _("Le document n’a pas de titre : la première ligne doit être un titre (# Titre ou Titre souligné de ===)."))
        )
    elif not document.items:
        document.errors.append(SetAside(document.title_line, _("Aucune recommandation numérotée trouvée dans le document.")))
    document.ignored.sort(key=lambda s: s.line)
    document.unplaced.sort(key=lambda s: s.line)
    return document
