import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Start every test with an empty cache: allauth keeps its rate limits (sign-ups, failed
    logins per address) and Cairn its home figures there, and neither may leak between tests."""
    cache.clear()
