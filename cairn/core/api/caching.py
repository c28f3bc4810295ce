"""Conditional answers and caching: validators (``ETag``, ``Last-Modified``) from the
stamps an answer reads, a ``304`` decided before any other query when the caller's copy
is current, and the headers that say who may keep an answer (decision 0034)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import get_language

from cairn.core.api.cors import allow_public_reads
from cairn.core.api.tokens import is_public_request, viewer_id
from cairn.core.stamps import cache as page_cache
from cairn.core.stamps import cache_key

#: How long a public answer may be kept by a browser or a shared cache.
PUBLIC_MAX_AGE = 60
#: How long this server keeps an answer it made under stamps (its key holds them, so a
#: change of the data is a new key; the time only bounds the memory).
ANSWER_TTL = 300


class NotModified(Exception):
    """The caller's copy is current: answer 304 with the same validators."""


class Served(Exception):
    """This answer was made already, under the same stamps: send its body again."""

    def __init__(self, body: bytes) -> None:
        super().__init__("served from the cache")
        self.body = body


def conditional(request: HttpRequest, *, stamps: Iterable[Callable[[], Any]] = (), parts: Iterable[object] = ()) -> None:
    """Validators from the stamps the answer depends on: an ``ETag`` over the stamps, the
    audience, the language, the address and the day (a default such as "as of today" moves
    with it), and the time this server first saw that ETag as ``Last-Modified``. When the
    caller's copy is current, raises ``NotModified`` (304) before any other query; when
    this answer was made already, raises ``Served`` with its body, before serialising it
    again (``with_validators`` keeps it). Without stamps, ``CairnAPI`` hashes the answer."""
    audience = "public" if is_public_request(request) else f"user:{viewer_id(request)}"
    # The absolute URL: the answer's links (``url``, ``next``) are built on the host asked.
    key = cache_key("api-answer", *parts, audience, get_language(), request.build_absolute_uri(), timezone.localdate(), stamps=stamps)
    etag = quote_etag(key.rsplit(":", 1)[1])
    seen_key, body_key = f"{key}:seen", f"{key}:body"
    found = page_cache.get_many([seen_key, body_key])
    first_seen = found.get(seen_key)
    if first_seen is None:
        first_seen = int(time.time())
        page_cache.set(seen_key, first_seen, 86_400)
    request.api_validators = (etag, first_seen)  # type: ignore[attr-defined]
    request.api_body_key = body_key  # type: ignore[attr-defined]
    if matches(request, etag, first_seen):
        raise NotModified
    if (body := found.get(body_key)) is not None:
        raise Served(body)


def matches(request: HttpRequest, etag: str, last_modified: int | None) -> bool:
    """Whether the caller's copy (``If-None-Match``, else ``If-Modified-Since``) is current."""
    if request.method not in ("GET", "HEAD"):
        return False
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return etag in tags or "*" in tags
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and last_modified is not None and last_modified <= since


def with_validators(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A successful read with its ``ETag`` (and ``Last-Modified``): the stamps' when the
    endpoint called ``conditional``, else a hash of the answer, which may still be a 304."""
    if response.status_code != 200 or request.method not in ("GET", "HEAD"):
        return response
    validators = getattr(request, "api_validators", None)
    if body_key := getattr(request, "api_body_key", None):
        page_cache.set(body_key, response.content, ANSWER_TTL)
    if validators is None:
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        validators = (etag, None)
        if matches(request, etag, None):
            response = HttpResponse(status=304)
    etag, last_modified = validators
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return response


def cache_headers(request: HttpRequest, response: HttpResponse) -> None:
    response["Vary"] = "Accept-Language, Authorization, Cookie"
    response["Content-Language"] = get_language() or settings.LANGUAGE_CODE
    if request.method in ("GET", "HEAD") and is_public_request(request):
        response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
        allow_public_reads(response)
    else:
        response["Cache-Control"] = "private, no-store"


def not_modified(request: HttpRequest, exc: Any) -> HttpResponse:
    """The handler of ``NotModified``: a 304 with the validators ``conditional`` made."""
    response = HttpResponse(status=304)
    etag, last_modified = request.api_validators  # type: ignore[attr-defined]
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    cache_headers(request, response)
    return response


def served(request: HttpRequest, exc: Any) -> HttpResponse:
    """The handler of ``Served``: the kept body, with its validators and cache headers."""
    response = HttpResponse(exc.body, content_type="application/json; charset=utf-8")
    etag, last_modified = request.api_validators  # type: ignore[attr-defined]
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    cache_headers(request, response)
    return response
