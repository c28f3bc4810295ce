"""Cross-origin reads (CORS): any site may read public data, never with credentials, so an
answer to a session or a token stays private to its caller."""

from __future__ import annotations

from django.http import HttpResponse

#: The headers a script of another site may read on a public answer.
EXPOSED_HEADERS = "ETag, Last-Modified, Retry-After, Content-Language"


def allow_public_reads(response: HttpResponse) -> None:
    """A public answer: readable from any origin. No ``Access-Control-Allow-Credentials``
    ever, so a browser never sends a session's cookie across sites for it."""
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
