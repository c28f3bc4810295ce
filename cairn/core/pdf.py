"""Every PDF Cairn writes: HTML rendered by WeasyPrint, which may read only Cairn's own
static files and public media files, from disk.

The HTML holds text people typed (an analysis's Markdown may name an image), and
WeasyPrint would otherwise fetch whatever a page names: ``file:///etc/passwd``, a path on
the server, an address inside the network (``http://127.0.0.1:…``). ``CairnUrlFetcher``
serves a URL only when its path is under ``STATIC_URL`` or ``MEDIA_URL`` (of the site
itself or relative to it) and names a file inside the static or media folders once every
``..`` and symbolic link is resolved; ``data:`` URLs (charts) are read as they are.
Everything else is refused and logged: the PDF is still built, without that resource.

A long document is laid out in parts (``html_parts_to_pdf``): WeasyPrint holds the boxes of
every page of a document until it is written, about 50 MB per thousand lines of the
state of play's annex, so the 20,000 recommendations of a large registry would need
gigabytes at once. Each part is written to its own file and forgotten before the next is
laid out; pypdf then joins the files, and numbers the pages across them with an overlay
laid out by WeasyPrint as well.
"""

from __future__ import annotations

import gc
import io
import logging
import mimetypes
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

logger = logging.getLogger(__name__)


def _static_roots() -> list[str]:
    """Where static files live: the collected folder in production, and the apps' folders
    (the finders') when no collectstatic ran (tests, the demo)."""
    roots = [str(settings.STATIC_ROOT)] if settings.STATIC_ROOT else []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            roots.append(storage.location)
    return roots


def _inside(root: str, relative: str) -> Path | None:
    """The file ``relative`` names under ``root``, when it is a file there once every
    ``..`` and symbolic link is resolved; ``None`` otherwise."""
    real_root = os.path.realpath(root)
    candidate = os.path.realpath(os.path.join(real_root, relative))
    if os.path.commonpath([real_root, candidate]) != real_root or not os.path.isfile(candidate):
        return None
    return Path(candidate)


def resolve_local_file(url: str) -> Path | None:
    """The file on disk a URL of Cairn's own static or public media files names, or
    ``None`` for any other URL (another host, another scheme, a private file, a path that
    climbs out of its folder)."""
    parts = urlsplit(url)
    site = urlsplit(settings.SITE_URL)
    if parts.scheme not in {"http", "https"} or (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
        return None
    path = unquote(parts.path)
    if "\x00" in path or "\\" in path or any(segment in {"..", "."} for segment in path.split("/")):
        return None
    for prefix, roots in ((settings.STATIC_URL, _static_roots()), (settings.MEDIA_URL, [str(settings.MEDIA_ROOT)])):
        prefix = "/" + prefix.strip("/") + "/"
        if path.startswith(prefix):
            relative = path.removeprefix(prefix)
            for root in roots:
                if (found := _inside(root, relative)) is not None:
                    return found
    return None


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class CairnUrlFetcher(URLFetcher):
        """WeasyPrint's fetcher, narrowed to Cairn's static and public media files."""

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            found = resolve_local_file(url)
            if found is None:
                logger.warning("PDF: refused to fetch %r (only Cairn's static and public media files)", url[:300])
                raise ValueError(f"not one of Cairn's static or media files: {url[:300]}")
            content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, found.read_bytes(), {"Content-Type": content_type})

    return CairnUrlFetcher


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html``; relative URLs are the site's (``SITE_URL``)."""
    from weasyprint import HTML

    fetcher = _fetcher_class()(allowed_protocols={"data", "http", "https"})
    return HTML(string=html, base_url=settings.SITE_URL.rstrip("/") + "/", url_fetcher=fetcher).write_pdf() or b""


def html_parts_to_pdf(parts: Iterable[str], *, page_numbers: Callable[[int], str]) -> bytes:
    """One PDF of the documents ``parts``, each starting on a new page, laid out one at a
    time so memory holds a single part's pages (``parts`` may be a generator that renders
    each part when it is asked for).

    ``page_numbers(total)`` is an HTML document of ``total`` blank pages with the same page
    size, whose margin boxes number them: page ``n`` of it is laid over page ``n`` of the
    result, so the numbers run across the parts. The result keeps the first part's title,
    language and metadata and every part's bookmarks.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    with tempfile.TemporaryDirectory(prefix="cairn-pdf-") as folder:
        files = []
        for number, html in enumerate(parts):
            path = Path(folder) / f"{number:05}.pdf"
            path.write_bytes(html_to_pdf(html))
            files.append(path)
            del html
            gc.collect()  # the part's boxes hold cycles: free them before the next layout
        if not files:
            raise ValueError("a PDF needs at least one part")
        writer = PdfWriter()
        for path in files:
            writer.append(str(path))
        first = PdfReader(str(files[0]))
        if first.metadata:
            writer.add_metadata(dict(first.metadata))
        for key in ("/Lang", "/ViewerPreferences", "/MarkInfo"):
            if key in first.root_object:
                writer.root_object[NameObject(key)] = first.root_object[key]
        numbers = PdfReader(io.BytesIO(html_to_pdf(page_numbers(len(writer.pages)))))
        for page, overlay in zip(writer.pages, numbers.pages, strict=True):
            page.merge_page(overlay)
        writer.compress_identical_objects()
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue()
