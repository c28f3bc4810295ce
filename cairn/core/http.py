"""Typed requests for views: what the middleware stack adds to ``HttpRequest``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request seen by django-htmx's middleware (``request.htmx``)."""

    htmx: HtmxDetails


def form_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A page with a form: after a POST that was refused (the form shown again with its
    errors) it answers 400, so that tools and tests see the refusal; otherwise 200."""
    return render(request, template, context, status=400 if request.method == "POST" else 200)
