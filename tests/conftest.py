import pytest
from django.core.cache import cache

from careerguide import cache as shared_cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts from an empty, reachable cache, whichever backend CACHE_URL names."""
    shared_cache.state.reset()
    cache.clear()
    yield
    shared_cache.state.reset()
    cache.clear()
