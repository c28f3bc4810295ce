"""Cairn's URLs plus one view that fails, to see the 500 page a reader gets."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpRequest, HttpResponse
from django.urls import path

from cairn.urls import handler400, handler500
from cairn.urls import urlpatterns as cairn_urlpatterns

__all__ = ["handler400", "handler500", "urlpatterns"]


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("not enough values to unpack")


urlpatterns = [*i18n_patterns(path("echec/", fails)), *cairn_urlpatterns]
