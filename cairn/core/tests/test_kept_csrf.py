"""``{% kept_csrf_token %}`` and ``KeptCsrfTokenMiddleware`` (decision 0042): kept HTML holds
a placeholder, each response gets its reader's token in its place, and no user text can
make a page carry a reader's token anywhere."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, _unmask_cipher_token
from django.template import Context, Template
from django.test import RequestFactory

from cairn.core.http import KEPT_CSRF_FIELD, KeptCsrfTokenMiddleware


def answered(response: HttpResponse) -> tuple[HttpResponse, object]:
    request = RequestFactory().get("/fr/")
    CsrfViewMiddleware(lambda r: response).process_request(request)
    return KeptCsrfTokenMiddleware(lambda r: response)(request), request


def test_the_tag_writes_the_placeholder() -> None:
    assert Template("{% load kept %}{% kept_csrf_token %}").render(Context()) == KEPT_CSRF_FIELD


def test_each_response_gets_its_reader_s_token_in_place_of_the_placeholder() -> None:
    html = f'<form method="post">{KEPT_CSRF_FIELD}<button>OK</button></form>'
    response, request = answered(HttpResponse(html))

    assert KEPT_CSRF_FIELD.encode() not in response.content
    token = response.content.decode().split('value="')[1].split('"')[0]
    # The token is one of this request's secret, which Django's middleware sets as a cookie.
    assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_user_text_cannot_produce_the_placeholder() -> None:
    """Escaped, the placeholder is no longer the element the middleware looks for."""
    text = Template("<p>{{ text }}</p>").render(Context({"text": KEPT_CSRF_FIELD}))
    response, _request = answered(HttpResponse(text))
    assert "csrfmiddlewaretoken" in response.content.decode() and 'value="' not in response.content.decode()


def test_other_responses_are_left_alone() -> None:
    response, request = answered(JsonResponse({"field": KEPT_CSRF_FIELD}))
    assert b"data-kept-csrf-token" in response.content
    assert "CSRF_COOKIE_NEEDS_UPDATE" not in request.META
