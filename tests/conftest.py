import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from careerguide import cache as shared_cache

SHIPPED = "shipped_data"


@pytest.fixture(autouse=True)
def _no_write_listener(settings):
    """Tests start the PostgreSQL write listener themselves when they need it: a thread
    holding a connection would outlive the test database."""
    settings.WRITE_LISTENER = False


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts from an empty, reachable cache, whichever backend CACHE_URL names."""
    shared_cache.state.reset()
    cache.clear()
    yield
    shared_cache.state.reset()
    cache.clear()


@pytest.fixture(scope="session")
def shipped_data(django_db_setup, django_db_blocker):
    """The shipped guides and postings, loaded once per run by `load_fixtures`.

    They live in a transaction that is rolled back when the run ends; each test runs in a
    savepoint inside it (pytest-django's `db`), so tests stay isolated from each other.
    Modules ask for it with `pytest.mark.usefixtures("shipped_data")`; their tests run
    after all others (below), so that no other test ever sees the data.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_fixtures", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.hookimpl(trylast=True)  # after pytest-django's own ordering (transactional tests last)
def pytest_collection_modifyitems(items):
    # A stable sort: both groups keep their order.
    items.sort(key=lambda item: SHIPPED in getattr(item, "fixturenames", ()))
