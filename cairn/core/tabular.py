"""Read an uploaded CSV or XLSX file into rows of text, whatever spreadsheet wrote it —
and refuse, quickly and with a translated message, a file built to hurt the server.

Header names are normalised (lower case, no accents, spaces and dashes as ``_``) and
mapped through the caller's aliases, so "E-mail", "Courriel" and "email" are one column.
Row numbers are the ones a person sees in their spreadsheet (the header is row 1).

Every import reads its file here (the member import, the registry's tables and pads, and
their commands), within ``LIMITS``:

- the upload's size (the caller's ``max_bytes``), then rows, columns and a cell's length,
  counted while the rows stream by: nothing holds the whole sheet;
- an XLSX is a zip: before anything parses it, its parts are counted, their declared
  sizes added up and compared with their compressed sizes (a "zip bomb" inflates a
  hundred times or more), then each part is inflated once, counting its real size;
- XML that declares a document type (the only place entities are declared: billion
  laughs, external entities) is refused in every part, by defusedxml, whatever openpyxl
  is configured with; openpyxl parses with defusedxml too (decision 0019).
"""

from __future__ import annotations

import csv
import io
import logging
import struct
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cairn.core.text import fold

logger = logging.getLogger(__name__)

_MB = 1024 * 1024
_CHUNK = 64 * 1024


class TabularError(ValueError):
    """The file as a whole cannot be read; the message is translated and shown as is."""


@dataclass(frozen=True)
class Limits:
    """What an imported file may hold. A file past any of them is refused whole."""

    rows: int = 100_000  # rows after the header: three times the cooperative's register
    columns: int = 100  # up to the last filled cell of a row
    cell_chars: int = 32_767  # a spreadsheet's own limit for one cell
    unpacked_bytes: int = 16 * _MB  # an XLSX's parts once inflated, all together (decision 0019)
    parts: int = 1_000  # files inside an XLSX (a workbook has a dozen)
    ratio: int = 100  # inflated / compressed size of one part (Apache POI's default)
    ratio_floor: int = 1 * _MB  # parts smaller than this inflate as they like


LIMITS = Limits()


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def normalise_header(name: str) -> str:
    return "_".join(fold(str(name or ""), ascii_only=True).replace("-", " ").replace("_", " ").split())


def _count(value: int) -> str:
    return number_format(value, force_grouping=True)


def check_size(size: int, max_bytes: int) -> None:
    """Refuse an upload larger than ``max_bytes`` (the forms call it before reading)."""
    if size > max_bytes:
        raise TabularError(_("Le fichier dépasse la taille maximale de %(size)s Mo.") % {"size": max_bytes // _MB})


def read_text(data: bytes, *, max_bytes: int, undecodable: str, encodings: tuple[str, ...] = ("utf-8-sig",)) -> str:
    """An uploaded text file (a CSV, a pad): within ``max_bytes``, in one of ``encodings``
    (else ``undecodable`` is the message), without NUL characters, not empty."""
    check_size(len(data), max_bytes)
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise TabularError(undecodable)
    if "\x00" in text:
        raise TabularError(_("Le fichier contient des caractères nuls : ce n’est pas un fichier texte."))
    if not text.strip():
        raise TabularError(_("Le fichier est vide."))
    return text


# --- CSV -------------------------------------------------------------------------------


def _csv_rows(data: bytes, *, max_bytes: int, limits: Limits) -> Iterator[list[str]]:
    text = read_text(
        data,
        max_bytes=max_bytes,
        encodings=("utf-8-sig", "cp1252"),
        undecodable=_("Le fichier n’est ni en UTF-8 ni en Windows-1252 : enregistrez-le en CSV UTF-8."),
    )
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            # csv's own limit on a field (131,072 characters) is above ours: a field it
            # refuses is a giant cell; anything else is a broken file.
            if str(exc).startswith("field larger than field limit"):
                raise TabularError(_too_long(reader.line_num, 0, limits)) from exc
            raise TabularError(_("Le fichier CSV est illisible à la ligne %(row)s.") % {"row": reader.line_num}) from exc
        yield row


# --- XLSX ------------------------------------------------------------------------------


def _refuse_unsafe_archive(data: bytes, limits: Limits) -> None:
    """Check an XLSX's zip before any XML parser sees it: how many parts, how large once
    inflated (declared, then real), how much each inflates, and no document type in XML."""
    too_many = _("Le classeur XLSX contient plus de %(count)s fichiers : ce n’est pas un tableau.") % {"count": _count(limits.parts)}
    # The end record says how many parts there are and how long their directory is,
    # before zipfile reads that directory into memory (a record of 46 bytes and a name
    # per part: 512 bytes each is more than any workbook needs).
    end = len(data) - 22 if data[-22:-18] == b"PK\x05\x06" else data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 65535))
    if end < 0 or len(data) < end + 22:
        raise TabularError(_("Le classeur XLSX est illisible ou endommagé."))
    *_fields, entries, directory_size, _offset, _comment = struct.unpack("<4s4H2LH", data[end : end + 22])
    if entries > limits.parts or directory_size > limits.parts * 512:
        raise TabularError(too_many)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
        if len(parts) > limits.parts:
            raise TabularError(too_many)
        too_large = _("Le classeur XLSX dépasse %(size)s Mo une fois décompressé : ce n’est pas un tableau ordinaire.") % {
            "size": limits.unpacked_bytes // _MB
        }
        if sum(part.file_size for part in parts) > limits.unpacked_bytes:
            raise TabularError(too_large)
        for part in parts:
            if part.file_size > limits.ratio_floor and part.file_size > limits.ratio * max(part.compress_size, 1):
                raise TabularError(
                    _("Le classeur XLSX se décompresse de façon anormale (plus de %(ratio)s fois sa taille) : il est refusé.")
                    % {"ratio": limits.ratio}
                )
        inflated = 0
        for part in parts:
            with archive.open(part) as stream:
                checker: _PrologChecker | None = _PrologChecker()
                while chunk := stream.read(_CHUNK):
                    # zipfile stops at the declared size (and then checks the CRC), but
                    # count anyway: the limit holds whatever the directory says.
                    inflated += len(chunk)
                    if inflated > limits.unpacked_bytes:
                        raise TabularError(too_large)
                    if checker is not None and checker.feed(chunk):
                        checker = None


class _RootReached(Exception):
    pass


class _StopAtRoot:
    """A parser target that stops at the root element: a document type can only come before."""

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        raise _RootReached

    def end(self, tag: str) -> None:
        pass

    def data(self, data: str) -> None:
        pass

    def close(self) -> None:
        pass


class _PrologChecker:
    """Feeds a part's first bytes to defusedxml, which refuses any document type (and so
    every entity declaration and external reference) with ``DTDForbidden``."""

    def __init__(self) -> None:
        self.parser = DefusedXMLParser(target=_StopAtRoot(), forbid_dtd=True)

    def feed(self, chunk: bytes) -> bool:
        """True once the part is known to be clean (its root element began) or not XML at
        all (an image: openpyxl refuses it later if it is meant to be XML)."""
        try:
            self.parser.feed(chunk)
        except _RootReached:
            return True
        except ParseError:
            return True
        return False


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(data: bytes, *, limits: Limits) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        _refuse_unsafe_archive(data, limits)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            # The sheet's declared size is only a claim; read what is there.
            sheet.reset_dimensions()
            for values in sheet.iter_rows(values_only=True):
                yield [_cell_text(value) for value in values]
        finally:
            workbook.close()
    except TabularError:
        raise
    except DefusedXmlException as exc:
        raise TabularError(_unsafe_xml()) from exc
    except Exception as exc:  # openpyxl raises anything on a broken workbook; none is our fault
        logger.info("Unreadable XLSX upload: %r", exc)
        raise TabularError(_("Le classeur XLSX est illisible ou endommagé.")) from exc


def _unsafe_xml() -> str:
    return _(
        "Le classeur XLSX contient du XML refusé (déclaration de type de document ou d’entités, référence externe) : "
        "enregistrez-le de nouveau depuis votre tableur."
    )


# --- both ------------------------------------------------------------------------------


def _too_long(row: int, column: int, limits: Limits) -> str:
    where = {"row": row, "column": column, "count": _count(limits.cell_chars)}
    if column:
        return _("Ligne %(row)s, colonne %(column)s : une cellule dépasse %(count)s caractères.") % where
    return _("Ligne %(row)s : une cellule dépasse %(count)s caractères.") % where


def read_table(data: bytes, filename: str, aliases: Mapping[str, str], *, max_bytes: int, limits: Limits = LIMITS) -> Table:
    """Parse ``data``; ``aliases`` maps normalised header names to the caller's column keys.
    Raises ``TabularError`` when the file as a whole is refused."""
    check_size(len(data), max_bytes)
    if not data.strip():
        raise TabularError(_("Le fichier est vide."))
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        raw_rows = _xlsx_rows(data, limits=limits)
    elif lower.endswith((".csv", ".txt")):
        raw_rows = _csv_rows(data, max_bytes=max_bytes, limits=limits)
    else:
        raise TabularError(_("Format non reconnu : envoyez un fichier .csv ou .xlsx."))
    header: list[str] | None = None
    table = Table(columns=[])
    for number, raw in enumerate(raw_rows, start=1):
        if number > limits.rows + 1:
            raise TabularError(
                _("Le fichier dépasse %(count)s lignes : découpez-le en plusieurs fichiers.") % {"count": _count(limits.rows)}
            )
        while raw and not raw[-1].strip():
            raw.pop()
        if len(raw) > limits.columns:
            raise TabularError(_("Ligne %(row)s : plus de %(count)s colonnes remplies.") % {"row": number, "count": _count(limits.columns)})
        for column, cell in enumerate(raw, start=1):
            if len(cell) > limits.cell_chars:
                raise TabularError(_too_long(number, column, limits))
        if header is None:
            header = [aliases.get(normalise_header(h), "") for h in raw]
            table.columns = [h for h in header if h]
            continue
        if not raw:
            continue
        row = {key: (raw[i].strip() if i < len(raw) else "") for i, key in enumerate(header) if key}
        table.rows.append((number, row))
    if header is None:
        raise TabularError(_("Le fichier est vide."))
    return table
