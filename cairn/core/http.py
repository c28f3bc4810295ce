"""Typed requests for views: what the middleware stack adds to ``HttpRequest``."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request seen by django-htmx's middleware (``request.htmx``)."""

    htmx: HtmxDetails
