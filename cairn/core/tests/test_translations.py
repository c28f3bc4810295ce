"""The Dutch and English catalogues are complete, current and compiled (STYLE.md §14).

French is the source language: every msgid in the code is French, and ``cairn/locale/``
holds the Dutch and English catalogues. These tests fail when

- a string in the code or the templates has no entry in a catalogue, or an entry no
  longer matches any string (the catalogue was not refreshed with ``makemessages``);
- an entry is untranslated or fuzzy, or its header is not the right language;
- a translation drops or invents a ``%(name)s`` placeholder;
- the committed ``.mo`` is not what ``compilemessages`` makes of the committed ``.po``.

To find the strings, the tests run the project's own ``makemessages`` (see
``cairn/core/management/commands/makemessages.py``) into a copy of the catalogues, so the
working tree is never touched. The fix is always the same:

    uv run python manage.py makemessages -l nl -l en --no-obsolete
    # translate every new entry in cairn/locale/{nl,en}/LC_MESSAGES/django.po, remove "fuzzy"
    uv run python manage.py compilemessages

These tests need GNU gettext (``msgmerge``, ``msgattrib``, ``msgfmt``), like the commands.
"""

from __future__ import annotations

import contextlib
import gettext
import hashlib
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db.models.utils import get_blank_choice_label
from django.test import Client, override_settings
from django.utils import translation

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
REPO_ROOT = Path(settings.BASE_DIR)
TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"  # Dutch and English
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str, str]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def describe(self) -> str:
        where = f"  ({', '.join(self.references)})" if self.references else ""
        context = f"[{self.msgctxt}] " if self.msgctxt is not None else ""
        plural = f"  |  {self.msgid_plural!r}" if self.msgid_plural else ""
        return f"  {context}{self.msgid!r}{plural}{where}"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"'}


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"') and text.endswith('"'), f"not a PO string: {text}"
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m[1], m[0]), text[1:-1])


def read_po(text: str) -> tuple[Entry, list[Entry]]:
    """Parse PO text as the gettext tools write it: (header entry, message entries).

    Obsolete (``#~``) entries are left out: they are not compiled and not used.
    """
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in block.splitlines() if line.strip()]
        entry, current = Entry(), None
        strings: dict[str, str] = {}
        for line in lines:
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#:"):
                entry.references += line[2:].split()
            elif line.startswith("#"):
                continue  # translator, extracted and previous-msgid comments; "#~" obsolete lines
            elif line.startswith('"'):
                assert current is not None, f"continuation line outside an entry: {line}"
                strings[current] += _unquote(line)
            else:
                keyword, _space, value = line.partition(" ")
                current = keyword
                strings[current] = _unquote(value)
        if "msgid" not in strings:
            continue  # a block made only of comments or obsolete entries
        entry.msgid = strings["msgid"]
        entry.msgid_plural = strings.get("msgid_plural", "")
        entry.msgctxt = strings.get("msgctxt")
        if entry.msgid_plural:
            entry.msgstr = [strings[k] for k in sorted(k for k in strings if k.startswith("msgstr["))]
        else:
            entry.msgstr = [strings.get("msgstr", "")]
        entries.append(entry)
    header = entries.pop(0)
    assert header.msgid == "" and header.msgctxt is None, "the catalogue must start with its header entry"
    return header, entries


def _run(*args: str) -> str:
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(args)} failed:\n{result.stderr}", pytrace=False)
    return result.stdout


def _entries_selected_by(option: str, path: Path) -> list[Entry]:
    """The entries ``msgattrib <option>`` keeps: gettext itself decides what is untranslated or fuzzy."""
    output = _run("msgattrib", option, "--no-obsolete", str(path))
    return read_po(output)[1] if output.strip() else []


def _po_path(root: Path, language: str) -> Path:
    return root / language / "LC_MESSAGES" / "django.po"


def _fingerprint(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def fresh_locale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of ``cairn/locale`` refreshed by ``makemessages`` from today's code and templates.

    ``makemessages`` writes to the first of ``LOCALE_PATHS`` for files outside any other
    ``locale`` folder, but it also adopts every ``locale`` folder it meets while walking the
    tree (``cairn/locale`` among them) for the files beside it. Ignoring folders named
    ``locale`` and pointing ``LOCALE_PATHS`` at the copy sends every string to the copy.
    """
    copy = tmp_path_factory.mktemp("i18n") / "locale"
    shutil.copytree(LOCALE_DIR, copy, ignore=shutil.ignore_patterns("*.mo", "*.pot"))
    committed = _fingerprint(LOCALE_DIR)
    with override_settings(LOCALE_PATHS=[str(copy)]), contextlib.chdir(REPO_ROOT):
        call_command("makemessages", locale=TRANSLATED_LANGUAGES, no_obsolete=True, ignore_patterns=["locale"], verbosity=0)
    assert _fingerprint(LOCALE_DIR) == committed, "makemessages wrote into cairn/locale instead of the temporary copy"
    return copy


def test_cairn_has_one_locale_folder() -> None:
    """Every string goes to ``cairn/locale``; an app-level ``locale`` folder would split the
    catalogue, and the checks below would not see it as ``makemessages`` does."""
    folders = sorted(str(p.relative_to(REPO_ROOT)) for p in (REPO_ROOT / "cairn").rglob("locale") if p.is_dir())
    assert folders == [str(LOCALE_DIR.relative_to(REPO_ROOT))]
    assert settings.LANGUAGE_CODE == "fr"
    assert TRANSLATED_LANGUAGES == ["nl", "en"]


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_catalogue_has_exactly_the_strings_of_the_code(fresh_locale: Path, language: str) -> None:
    _header, fresh = read_po(_po_path(fresh_locale, language).read_text(encoding="utf-8"))
    _header, committed = read_po(_po_path(LOCALE_DIR, language).read_text(encoding="utf-8"))
    committed_keys = {entry.key for entry in committed}
    fresh_keys = {entry.key for entry in fresh}
    missing = [entry.describe() for entry in fresh if entry.key not in committed_keys]
    stale = [entry.describe() for entry in committed if entry.key not in fresh_keys]
    problems = []
    if missing:
        problems.append(f"{len(missing)} string(s) of the code missing from the {language} catalogue:\n" + "\n".join(missing))
    if stale:
        problems.append(f"{len(stale)} {language} entr(ies) no longer in the code:\n" + "\n".join(stale))
    if problems:
        pytest.fail(
            "\n\n".join(problems)
            + "\n\nRun `uv run python manage.py makemessages -l nl -l en --no-obsolete`, translate, then compilemessages.",
            pytrace=False,
        )


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_string_of_the_code_is_translated(fresh_locale: Path, language: str) -> None:
    """Untranslated or fuzzy entries, in the catalogue as ``makemessages`` leaves it: a new
    string shows up here too (empty, or fuzzy when ``msgmerge`` guessed from a similar one)."""
    path = _po_path(fresh_locale, language)
    untranslated = _entries_selected_by("--untranslated", path)
    fuzzy = _entries_selected_by("--only-fuzzy", path)
    # msgattrib keeps a plural entry with only some forms filled in out of --untranslated.
    _header, entries = read_po(path.read_text(encoding="utf-8"))
    partial = [entry for entry in entries if entry.msgid_plural and not all(entry.msgstr)]
    problems = []
    for title, found in (("untranslated", untranslated), ("fuzzy", fuzzy), ("with an empty plural form", partial)):
        if found:
            problems.append(f"{len(found)} {language} entr(ies) {title}:\n" + "\n".join(entry.describe() for entry in found))
    if problems:
        pytest.fail(
            "\n\n".join(problems) + f"\n\nTranslate them in {_po_path(LOCALE_DIR, language).relative_to(REPO_ROOT)}.", pytrace=False
        )


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_catalogue_header_names_its_language(language: str) -> None:
    header, _entries = read_po(_po_path(LOCALE_DIR, language).read_text(encoding="utf-8"))
    fields = dict(line.split(": ", 1) for line in header.msgstr[0].splitlines() if ": " in line)
    assert "fuzzy" not in header.flags, "a fuzzy header is skipped by msgfmt: the catalogue would lose its plural rule"
    assert fields.get("Language") == language
    assert fields.get("Plural-Forms") == PLURAL_FORMS
    assert fields.get("Content-Type") == "text/plain; charset=UTF-8"


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_translations_keep_the_placeholders(language: str) -> None:
    """A dropped ``%(name)s`` loses information; an unknown one raises KeyError at run time."""
    _header, entries = read_po(_po_path(LOCALE_DIR, language).read_text(encoding="utf-8"))
    wrong = []
    for entry in entries:
        if "python-format" not in entry.flags:
            continue
        expected = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural))
        for form in entry.msgstr:
            found = set(PLACEHOLDER.findall(form))
            # A singular form may leave out the count ("one member"); no form may add a name.
            if found - expected or (not entry.msgid_plural and found != expected):
                wrong.append(f"{entry.describe()}\n    -> {form!r}")
    if wrong:
        pytest.fail(f"{language} translations whose placeholders differ from the French:\n" + "\n".join(wrong), pytrace=False)


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_compiled_catalogue_matches_the_po(tmp_path: Path, language: str) -> None:
    """The committed ``.mo`` is the committed ``.po`` compiled. File dates mean nothing after a
    git checkout, so the messages themselves are compared."""
    po = _po_path(LOCALE_DIR, language)
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo.relative_to(REPO_ROOT)} is missing: run `uv run python manage.py compilemessages`."
    fresh_mo = tmp_path / "django.mo"
    _run("msgfmt", "--check", "-o", str(fresh_mo), str(po))  # what compilemessages runs, with the header checks too
    with mo.open("rb") as committed_file, fresh_mo.open("rb") as fresh_file:
        # _catalog maps every msgid (plural ones as (msgid, n), with context as "ctxt\x04msgid")
        # to its translation, the header included: the whole content of a compiled catalogue.
        committed = gettext.GNUTranslations(committed_file)._catalog  # type: ignore[attr-defined]
        expected = gettext.GNUTranslations(fresh_file)._catalog  # type: ignore[attr-defined]
    differing = sorted(repr(key) for key in committed.keys() | expected.keys() if committed.get(key) != expected.get(key))
    if differing:
        pytest.fail(
            f"{mo.relative_to(REPO_ROOT)} is out of date with its .po for {len(differing)} message(s):\n  "
            + "\n  ".join(differing[:50])
            + "\n\nRun `uv run python manage.py compilemessages`.",
            pytrace=False,
        )


@pytest.mark.django_db
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_language_switch_names_each_language_in_itself(client: Client, language: str) -> None:
    """Français, Nederlands, English on every page: never "Anglais" on a French page."""
    page = client.get(f"/{language}/")
    options = re.findall(r'<option value="(\w+)" lang="\w+"[^>]*>([^<]*)</option>', page.text)
    assert options == list(settings.LANGUAGES)


@pytest.mark.parametrize(
    ("language", "label"), [("fr", "- Choisir une option -"), ("nl", "- Kies een optie -"), ("en", "- Select an option -")]
)
def test_empty_choice_speaks_the_page_language(language: str, label: str) -> None:
    """Django 6.1's own label has no Dutch yet and fell back to French on Dutch pages."""
    with translation.override(language):
        assert str(get_blank_choice_label()) == label
