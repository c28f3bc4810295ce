"""Typed requests for views: what the middleware stack adds to ``HttpRequest``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request seen by django-htmx's middleware (``request.htmx``)."""

    htmx: HtmxDetails


def form_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A page with a form: after a POST that was refused (the form shown again with its
    errors) it answers 400, so that tools and tests see the refusal; otherwise 200."""
    # A form sent back by a people picker's "Chercher" button (no JavaScript) is not refused.
    searching = getattr(context.get("form"), "searching_people", False)
    return render(request, template, context, status=400 if request.method == "POST" and not searching else 200)


def personal[**P, R: HttpResponseBase](view: Callable[P, R]) -> Callable[P, R]:
    """A response about one person or opened by a secret link: a private calendar feed, a
    member's data export, an organiser's list or export of registrants, the pages a token
    opens. ``Cache-Control: private, no-store`` (with Django's ``never_cache`` headers):
    no proxy or shared cache keeps it, no browser writes it to disk. The one way to mark
    such a view; ``cairn/tests/test_personal_responses.py`` checks each, and that every
    URL taking a token is marked."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        response = view(*args, **kwargs)
        add_never_cache_headers(response)
        return response

    wrapper.personal = True  # type: ignore[attr-defined]
    return wrapper


#: What ``{% kept_csrf_token %}`` writes in kept HTML in place of a request's CSRF field: a
#: whole element, which no user text can produce (escaped, or sanitised without <input>),
#: so no one can make a page carry its reader's token somewhere else (a link, an image).
KEPT_CSRF_FIELD = '<input type="hidden" name="csrfmiddlewaretoken" data-kept-csrf-token>'
_KEPT_CSRF_BYTES = KEPT_CSRF_FIELD.encode()


class KeptCsrfTokenMiddleware:
    """Put this request's CSRF field where kept HTML has the placeholder of
    ``{% kept_csrf_token %}`` (``cairn/core/templatetags/kept.py``), so that a form kept
    with ``{% cache %}`` posts with the token of whoever it is served to. Only whole HTML
    responses are read; ``get_token`` marks the token as used, so Django's CSRF middleware
    (listed before this one) sets the cookie it belongs to."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            isinstance(response, HttpResponse)
            and response.get("Content-Type", "").startswith("text/html")
            and _KEPT_CSRF_BYTES in response.content
        ):
            from django.middleware.csrf import get_token

            field = f'<input type="hidden" name="csrfmiddlewaretoken" value="{get_token(request)}">'
            response.content = response.content.replace(_KEPT_CSRF_BYTES, field.encode())
        return response
