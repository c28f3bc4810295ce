"""A pad's Markdown, as the pad reader walks it: the document it fills, the lines it sets
aside (pad blocks, tags, images, comments), and the units (headings, list items, lines
of paragraphs) it reads one by one.

markdown-it-py gives the block structure (ATX and setext headings, lists and the numbers
their items carry, code, HTML, tables); lines inside paragraphs are then read one by one,
because pads also number with ``1-``, ``2.1`` or ``a)``, which Markdown keeps as text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from markdown_it.token import Token

from cairn.core.text import fold

MARKDOWN = MarkdownIt("commonmark").enable("table").enable("strikethrough")

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
    language: str = ""  # the half of a bilingual pad it is in, when the pad says so
    translations: dict[str, PadItem] = field(default_factory=dict)  # the other half's version, by language


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
    # How the document numbers its recommendations (a ``Structure`` value), worked out per document.
    structure: str = ""
    # The cycle the document names, in its front matter (``cycle: 2022-2023``, ``pays: BE``) or its title.
    cycle_name: str = ""
    cycle_country: str = ""
    cycle_line: int = 0


class Structure:
    """How a pad numbers its recommendations; the preview says which one it read."""

    HEADINGS = "headings"  # ### 1. Title, the text in the paragraphs that follow
    LIST = "list"  # 1. Title, as list items or numbered lines
    MIXED = "mixed"  # both, in different sections
    UNNUMBERED = "unnumbered"  # plain bullets, numbered by Cairn


def fold_label(text: str) -> str:
    """Lower case, without accents or inclusive-writing dots: « Animateur·rices » → animateurrices."""
    return re.sub(r"[^a-z ]", "", fold(text)).strip()


# Metadata labels, by the start of their folded form (French and Dutch).
LABELS: list[tuple[str, str, str]] = [
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
LANGUAGE_WORDS = {
    "fr": "fr", "francais": "fr", "french": "fr", "frans": "fr",
    "nl": "nl", "neerlandais": "nl", "nederlands": "nl", "dutch": "nl", "flamand": "nl", "vlaams": "nl",
    "en": "en", "anglais": "en", "english": "en", "engels": "en",
    "francaise": "fr", "franse": "fr", "franstalige": "fr", "nederlandse": "nl", "nederlandstalige": "nl",
}  # fmt: skip

META = re.compile(r"^\s*(?:[-*+]\s+)?[*_]{0,2}(?P<label>[^:*_]{2,40}?)[*_]{0,2}\s*:\s*[*_]{0,2}\s*(?P<value>.*)$")
_BOLD_NUMBER = r"[*_]{0,2}"
TOP_NUMBER = re.compile(rf"^\s*{_BOLD_NUMBER}(?P<number>\d{{1,3}})\s*[.)\-–]{_BOLD_NUMBER}\s+(?P<rest>\S.*)$")
SUB_NUMBER = re.compile(rf"^\s*{_BOLD_NUMBER}(?P<number>\d{{1,3}}(?:\.\d{{1,3}})+)\.?\s*[)\-–]?{_BOLD_NUMBER}\s+(?P<rest>\S.*)$")
LETTER = re.compile(r"^\s*(?P<letter>[a-z])\s*[).]\s+(?P<rest>\S.*)$")
RECOMMENDATION_HEADING = re.compile(
    r"^(?:recommandation|reco|aanbeveling|piste|denkpiste)\s*(?:n[°o]\.?|nr\.?|#)?\s*(?P<number>\d{1,3}(?:\.\d{1,3})*)\s*[:.)\-–]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
#: A heading that starts with a number: « 1. Titre », « 2) Titre », « 5- Titre », « 1.2 Titre ».
NUMBERED_HEADING = re.compile(r"^(?P<number>\d{1,3}(?:\.\d{1,3})*)\s*[.)\-–]?\s+(?P<rest>\S.*)$")
#: A heading over a table of contents: everything under it repeats the titles.
TOC_HEADING = re.compile(r"^\W*(?:sommaire|table des mati[èe]res|inhoud(?:stafel|sopgave)?|contents|table of contents)\W*$", re.IGNORECASE)
#: A table-of-contents line: only a link to an anchor of the document.
TOC_LINK = re.compile(r"^\s*(?:[-*+]\s+|\d{1,3}(?:\.\d{1,3})*[.)\-–]?\s+)?\[[^\]]+\]\(#[^)]*\)\s*$")
LINES_OF_THOUGHT = re.compile(r"^\W*(?:\d+\W+)?(?:pistes? de r[ée]flexion|denkpistes?)\b", re.IGNORECASE)
INTRODUCTION = re.compile(r"^\W*(?:introduction|inleiding|pr[ée]ambule|voorwoord|contexte|context)\W*$", re.IGNORECASE)
TAGS = re.compile(r"^\s*(?:#{1,6}\s*)?tags\s*:", re.IGNORECASE)
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_COMMENT = re.compile(r"<!--.*?-->")
TOC = re.compile(r"^\s*\[\[?toc\]?\]\s*$", re.IGNORECASE)
#: A cycle named in a title: « Logement — cycle 2022-2023 », « GT 2022-23 : Logement ».
CYCLE_IN_TITLE = re.compile(
    r"[\s(\[—–:,-]*\b(?:(?:cycle|cyclus|gt)\s*)?(?P<first>(?:19|20)\d{2})\s*[-–/]\s*(?P<second>(?:19|20)?\d{2})\b[)\]]?[\s—–:,-]*",
    re.IGNORECASE,
)
#: Front matter lines that name the cycle and its country.
FRONT_CYCLE = re.compile(r"^\s*(?:cycle|cyclus)\s*:\s*[\"']?(?P<value>[^\"'#]+?)[\"']?\s*$", re.IGNORECASE)
FRONT_COUNTRY = re.compile(r"^\s*(?:pays|land|country)\s*:\s*[\"']?(?P<value>[^\"'#]+?)[\"']?\s*$", re.IGNORECASE)


def cycle_in_title(title: str) -> tuple[str, str]:
    """« Logement — cycle 2022-2023 » → (« Logement », « 2022-2023 »); (title, "") when it names none."""
    match = CYCLE_IN_TITLE.search(title)
    if match is None:
        return title, ""
    first, second = match["first"], match["second"]
    if len(second) == 2:
        second = first[:2] + second
    rest = (title[: match.start()] + " " + title[match.end() :]).strip(" :—–-,")
    return (" ".join(rest.split()) or title), f"{first}-{second}"


#: A heading that opens one language's half of a bilingual pad.
LANGUAGE_HEADING = re.compile(
    r"^\W*(?:version|versie|tekst|texte)?\s*(?:in\s+het\s+|en\s+)?(?P<language>fran[cç]ais(?:e)?|nederlandse?|nederlandstalige|"
    r"n[ée]erlandais|english|anglais|frans(?:e|talige)?|vlaams|fr|nl)\b(?:\s+(?:version|versie|tekst))?\W*$",
    re.IGNORECASE,
)

_STOPWORDS = {
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "des",
            "du",
            "et",
            "un",
            "une",
            "pour",
            "par",
            "dans",
            "avec",
            "sur",
            "est",
            "sont",
            "qui",
            "que",
            "au",
            "aux",
            "ce",
            "cette",
            "ou",
            "il",
            "elle",
            "nous",
            "leur",
        ]
    ),
    "nl": frozenset(
        [
            "het",
            "een",
            "en",
            "van",
            "voor",
            "met",
            "op",
            "is",
            "zijn",
            "die",
            "dat",
            "te",
            "bij",
            "naar",
            "om",
            "ook",
            "niet",
            "of",
            "wordt",
            "worden",
            "we",
            "ze",
            "hun",
            "deze",
        ]
    ),
    "en": frozenset(["the", "and", "of", "to", "for", "with", "on", "is", "are", "that", "this", "by", "be", "an", "or", "from", "their"]),
}


def guess_language(text: str) -> str:
    """The language of a few sentences, by their common words: fr, nl, en, or "" when unsure."""
    words = re.findall(r"[a-zà-ÿ]+", text.casefold())
    scores = {language: sum(word in stopwords for word in words) for language, stopwords in _STOPWORDS.items()}
    ranked = sorted(scores.items(), key=lambda pair: -pair[1])
    best, second = ranked[0], ranked[1]
    return best[0] if best[1] > second[1] else ""


TITLE_PREFIX = re.compile(r"^(?:th[ée]matique|th[èe]me|thema|recommandations|aanbevelingen)\s*[:–-]\s*", re.IGNORECASE)


@dataclass
class Unit:
    """One line of the pad as the block parser saw it."""

    kind: str  # heading, item, bullet, text, block, html, ignored
    line: int  # 1-based
    text: str = ""
    level: int = 0  # heading level
    depth: int = 0  # list nesting
    number: str = ""  # an ordered item's number
    paragraph: int = 0  # lines of one paragraph share this id


def mask(lines: list[str], ignored: list[SetAside], front_matter: list[str] | None = None) -> list[str]:
    """Blank out pad-only blocks (front matter, ``:::`` containers) before Markdown sees them,
    keeping line numbers."""
    masked = list(lines)
    front_matter = front_matter if front_matter is not None else []
    start = 0
    if lines and lines[0].strip() == "---":
        for end in range(1, len(lines)):
            if lines[end].strip() in {"---", "..."}:
                for i in range(0, end + 1):
                    masked[i] = ""
                ignored.append(SetAside(1, _("En-tête du pad (métadonnées YAML) lu pour son cycle, le reste ignoré.")))
                front_matter.extend(lines[1:end])
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


def pad_units(tokens: list[Token], lines: list[str]) -> list[Unit]:
    units: list[Unit] = []
    depth = 0
    stack: list[tuple[str, str]] = []  # (list kind, current item number)
    pending_item: tuple[str, int] | None = None  # the item whose first paragraph is next
    paragraph_id = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        line = (token.map[0] + 1) if token.map else 0
        if token.type == "heading_open":
            units.append(Unit("heading", line, tokens[i + 1].content.strip(), level=int(token.tag[1])))
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
                units.append(Unit("item" if kind == "ordered" else "bullet", line, "", depth=depth, number=token.info))
                pending_item = None
        elif token.type == "paragraph_open":
            paragraph_id += 1
            content = tokens[i + 1].content.split("\n")
            for offset, text in enumerate(content):
                if offset == 0 and pending_item is not None:
                    kind, _item_line = pending_item
                    number = stack[-1][1] if kind == "ordered" else ""
                    units.append(
                        Unit(
                            "item" if kind == "ordered" else "bullet",
                            line,
                            text,
                            depth=depth,
                            number=number,
                            paragraph=paragraph_id,
                        )
                    )
                else:
                    units.append(Unit("text", line + offset, text, depth=depth, paragraph=paragraph_id))
            pending_item = None
            i += 3
            continue
        elif token.type in {"fence", "code_block"}:
            units.append(Unit("ignored", line, _("Bloc de code ignoré.")))
        elif token.type == "html_block":
            html = token.content.strip()
            if _COMMENT.sub("", html).strip() == "":
                units.append(Unit("ignored", line, _("Commentaire HTML ignoré.")))
            else:
                units.append(Unit("html", line, html.splitlines()[0] if html else ""))
        elif token.type in {"table_open", "blockquote_open"}:
            close = "table_close" if token.type == "table_open" else "blockquote_close"
            level = token.level
            end = i + 1
            while not (tokens[end].type == close and tokens[end].level == level):
                end += 1
            start, stop = token.map or (line - 1, line)
            raw = "\n".join(source.strip() for source in lines[start:stop])
            units.append(Unit("block", line, raw, depth=depth))
            i = end + 1
            continue
        i += 1
    return units


def clean_inline(text: str) -> str:
    text = _COMMENT.sub("", text)
    return _IMAGE.sub("", text).rstrip()


def plain(text: str) -> str:
    """A title as plain text: no emphasis, links as their words."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|`|~~)", "", text)
    text = re.sub(r"(?<!\w)[*_](\S(?:.*?\S)?)[*_](?!\w)", r"\1", text)
    return " ".join(text.split())


def split_title(item: PadItem) -> None:
    """Title and text of an item: a bold lead-in is the title; otherwise its first sentence."""
    body = "\n".join(item.lines).strip()
    bold = re.match(r"^(\*\*|__)(?P<title>.+?)\1\s*[:.–-]?\s*", body)
    if bold:
        item.title = plain(bold["title"]).rstrip(" :.")
        item.text = body[bold.end() :].strip()
    else:
        first_paragraph = body.split("\n\n", 1)[0]
        sentence = re.split(r"(?<=[.!?])\s+", " ".join(first_paragraph.split()), maxsplit=1)[0]
        item.title = plain(sentence)
        item.text = "" if plain(body) == item.title else body
    if len(item.title) > TITLE_MAX:
        cut = item.title[: TITLE_MAX - 1].rsplit(" ", 1)[0]
        item.title = cut + "…"
        if not item.text:
            item.text = body


def split_names(value: str) -> list[tuple[str, str]]:
    """« Marie Dupont (Liège), Jan Peeters et Sophie » → [(name, hint)]."""
    people = []
    for part in re.split(r"\s*(?:[,;/]|\bet\b|\ben\b|&)\s*", value):
        part = plain(part).strip(" .")
        if not part:
            continue
        hint = ""
        match = re.match(r"^(?P<name>.*?)\s*\((?P<hint>[^)]*)\)$", part)
        if match:
            part, hint = match["name"].strip(), match["hint"].strip()
        if part:
            people.append((part, hint))
    return people
