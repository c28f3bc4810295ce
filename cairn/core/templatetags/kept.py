"""``{% kept_csrf_token %}``: the CSRF field of a form inside HTML kept with ``{% cache %}``.

Kept HTML is served to more than one request, and a CSRF token belongs to one browser's
cookie: ``{% csrf_token %}`` inside a kept block would hand the first visitor's token to
the next, whose POST would then be refused. This tag writes a placeholder instead, which
``KeptCsrfTokenMiddleware`` (``cairn.core.http``) replaces, in every HTML response, with
the token of the request being answered.
"""

from django import template
from django.utils.safestring import SafeString, mark_safe

from cairn.core.http import KEPT_CSRF_FIELD

register = template.Library()


@register.simple_tag
def kept_csrf_token() -> SafeString:
    return mark_safe(KEPT_CSRF_FIELD)  # a constant, no user text
