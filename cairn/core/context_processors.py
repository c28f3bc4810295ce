from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from cairn.core.stamps import PAGE_CACHE, cache_key, reader

#: How long the header is kept at most (menus change only with a deploy or a role, which
#: is in its key; this bounds a renamed menu entry).
HEADER_TTL = 300


def site(request: HttpRequest) -> dict[str, object]:
    """Values every page needs: the cooperative's name and the language switch."""
    return {
        "cooperative_name": settings.CAIRN_COOPERATIVE_NAME,
        "site_languages": settings.LANGUAGES,
    }


def header(request: HttpRequest) -> dict[str, object]:
    """The key the layout keeps its header under (``{% cache %}`` in ``base.html``): what
    the header shows is the reader's menus (their roles, staff and superuser flags), the
    name in their account menu, the language and the address (the current link, the
    language switch's return address). The key is computed only when the layout asks."""

    def key() -> str:
        user: Any = getattr(request, "user", None)
        profile = getattr(user, "profile", None) if getattr(user, "is_authenticated", False) else None
        return cache_key(
            "site-header",
            reader(user),
            bool(getattr(user, "is_staff", False)),
            bool(getattr(user, "is_superuser", False)),
            getattr(profile, "public_name", ""),
            get_language(),
            request.get_full_path(),
        )

    return {"header_key": SimpleLazyObject(key), "header_ttl": HEADER_TTL, "page_cache": PAGE_CACHE}
