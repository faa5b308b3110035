import pytest
from django.core.cache import cache

from jobs import statistics


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts from an empty, reachable cache, whichever backend CACHE_URL names."""
    statistics._cache_down_until = 0.0
    cache.clear()
    yield
    statistics._cache_down_until = 0.0
    cache.clear()
