"""The API's rate limits: ``CAIRN_API_RATE_PER_IP`` requests a minute per client address
without a token, ``CAIRN_API_RATE_PER_TOKEN`` per token; over the limit a ``429`` with
``Retry-After`` (``problems.throttled``)."""

from __future__ import annotations

import datetime
import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.http import HttpRequest
from django.utils import timezone
from ninja.throttling import BaseThrottle

from cairn.core.services import rate_count

#: The window of the rate limits, in seconds.
RATE_WINDOW = 60


class RateLimit(BaseThrottle):
    """A fixed window per minute in the shared cache (``default``: Redis, or the database
    table every worker sees — decision 0020), keyed on the token or on the client address
    allauth's adapter reads (the one rule for it, docs/architecture.md)."""

    def __init__(self) -> None:
        self._wait = 0

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "api_token", None)
        if token is not None:
            who, limit = f"token:{token.pk}", settings.CAIRN_API_RATE_PER_TOKEN
        else:
            who, limit = f"ip:{get_adapter().get_client_ip(request)}", settings.CAIRN_API_RATE_PER_IP
        now = int(time.time())
        window = now // RATE_WINDOW
        key = f"cairn:api-rate:{who}:{window}"
        shared = caches["default"]
        if isinstance(shared, DatabaseCache):
            # Without Redis: one statement on a table of counters (decision 0039), not the
            # database cache's read then write (six queries and a transaction).
            count = rate_count(key=key, expires=timezone.now() + datetime.timedelta(seconds=RATE_WINDOW + 5))
        else:
            # Increment first: the same number of round trips whether the window's counter
            # exists or not.
            try:
                count = shared.incr(key)
            except ValueError:
                count = 1 if shared.add(key, 1, RATE_WINDOW + 5) else shared.incr(key)
        self._wait = (window + 1) * RATE_WINDOW - now
        return count <= limit

    def wait(self) -> float:
        return max(self._wait, 1)
