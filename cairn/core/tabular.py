"""Read an uploaded CSV or XLSX file into rows of text, whatever spreadsheet wrote it.

Header names are normalised (lower case, no accents, spaces and dashes as ``_``) and
mapped through the caller's aliases, so "E-mail", "Courriel" and "email" are one column.
Row numbers are the ones a person sees in their spreadsheet (the header is row 1).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cairn.core.text import fold


class TabularError(ValueError):
    """The file as a whole cannot be read; the message is translated and shown as is."""


@dataclass
class Table:
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def normalise_header(name: str) -> str:
    return "_".join(fold(str(name or ""), ascii_only=True).replace("-", " ").replace("_", " ").split())


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TabularError(_("Le fichier n’est ni en UTF-8 ni en Windows-1252 : enregistrez-le en CSV UTF-8."))


def _read_csv(data: bytes) -> list[list[str]]:
    text = _decode(data)
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TabularError(_("Le classeur XLSX est illisible ou endommagé.")) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(["" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)) for v in values])
        return rows
    finally:
        workbook.close()


def read_table(data: bytes, filename: str, aliases: Mapping[str, str], *, max_bytes: int) -> Table:
    """Parse ``data``; ``aliases`` maps normalised header names to the caller's column keys."""
    if len(data) > max_bytes:
        raise TabularError(_("Le fichier dépasse la taille maximale de %(size)s Mo.") % {"size": max_bytes // (1024 * 1024)})
    if not data.strip():
        raise TabularError(_("Le fichier est vide."))
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        raw_rows = _read_xlsx(data)
    elif lower.endswith((".csv", ".txt")):
        raw_rows = _read_csv(data)
    else:
        raise TabularError(_("Format non reconnu : envoyez un fichier .csv ou .xlsx."))
    if not raw_rows:
        raise TabularError(_("Le fichier est vide."))
    header = [aliases.get(normalise_header(h), "") for h in raw_rows[0]]
    table = Table(columns=[h for h in header if h])
    for index, raw in enumerate(raw_rows[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue
        row = {key: (raw[i].strip() if i < len(raw) else "") for i, key in enumerate(header) if key}
        table.rows.append((index, row))
    return table
