"""Hostile spreadsheets, built in the test that uses them (and by bench/hostile_files.py).

Each function returns the bytes of a small upload: a workbook openpyxl opens (content
types, workbook, relationships, one sheet whose XML the caller gives), or a zip or CSV
that is wrong in one precise way.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b"</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
).encode()
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
    f'<sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>'
).encode()
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
).encode()
SHEET_START = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
SHEET_END = b"</sheetData></worksheet>"

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (level, b"".join(b"&lol%s;" % (b"" if level == 1 else b"%d" % (level - 1)) for _ in range(10)))
        for level in range(1, 10)
    )
    + b"]>"
)
EXTERNAL_ENTITY = b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'


def cell(ref: str, text: str) -> bytes:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{ref}" t="inlineStr"><is><t>{escaped}</t></is></c>'.encode()


def header_and_rows(*rows: Iterable[str]) -> bytes:
    """A sheet's rows of text cells, from row 1."""
    out = []
    for number, values in enumerate(rows, start=1):
        cells = b"".join(cell(f"{chr(64 + column)}{number}", value) for column, value in enumerate(values, start=1))
        out.append(b'<row r="%d">%s</row>' % (number, cells))
    return b"".join(out)


def workbook(
    sheet: bytes | Iterable[bytes],
    *,
    parts: dict[str, bytes] | None = None,
    workbook_xml: bytes = WORKBOOK,
    level: int = 9,
) -> bytes:
    """An XLSX whose sheet XML is ``sheet`` (bytes, or chunks written one by one, deflated
    as they come so that gigabytes cost no memory), plus any other ``parts``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook_xml)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as stream:
            for chunk in [sheet] if isinstance(sheet, bytes) else sheet:
                stream.write(chunk)
        for name, content in (parts or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def sheet(rows: bytes, *, prolog: bytes = b'<?xml version="1.0" encoding="UTF-8"?>') -> bytes:
    """A sheet's XML around ``rows``, after ``prolog`` (where a document type would be)."""
    return SHEET_START.replace(b'<?xml version="1.0" encoding="UTF-8"?>', prolog) + rows + SHEET_END


def repeated_rows(count: int, *, row: bytes = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>') -> Iterable[bytes]:
    """The sheet XML of ``count`` identical rows, in chunks: a few hundred kilobytes deflated."""
    yield SHEET_START
    block = row * 10_000
    for _ in range(count // 10_000):
        yield block
    yield row * (count % 10_000)
    yield SHEET_END


def numbered_rows(count: int) -> Iterable[bytes]:
    """``count`` rows of one number each, every one different: a sheet that inflates about
    ten times, like a real one."""
    yield SHEET_START
    for start in range(1, count + 1, 10_000):
        yield b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n) for n in range(start, min(start + 10_000, count + 1)))
    yield SHEET_END


def declare_size(data: bytes, name: str, size: int) -> bytes:
    """The same zip, its directory and the local header claiming that ``name`` inflates to ``size``."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        local = archive.getinfo(name).header_offset
    struct.pack_into("<L", patched, local + 22, size)
    position, encoded = 0, name.encode()
    while (position := patched.find(b"PK\x01\x02", position + 1)) >= 0:
        length = struct.unpack("<H", patched[position + 28 : position + 30])[0]
        if bytes(patched[position + 46 : position + 46 + length]) == encoded:
            struct.pack_into("<L", patched, position + 24, size)
            return bytes(patched)
    raise KeyError(name)


def many_parts(count: int) -> bytes:
    """A zip of ``count`` empty files (plus a workbook's own)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        for number in range(count):
            archive.writestr(f"xl/media/{number:x}", b"")
    return buffer.getvalue()
