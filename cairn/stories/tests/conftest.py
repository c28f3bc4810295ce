import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """The home page caches its latest stories: start every test without the previous one's."""
    cache.clear()
