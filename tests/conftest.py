import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts from an empty cache, whichever backend CACHE_URL names."""
    cache.clear()
    yield
    cache.clear()
