from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    """Values every page needs: the cooperative's name and the language switch."""
    return {
        "cooperative_name": settings.CAIRN_COOPERATIVE_NAME,
        "site_languages": settings.LANGUAGES,
    }
