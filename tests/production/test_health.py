"""/healthz says the process answers; /readyz says the database and the cache do too."""

import pytest
from django.db import OperationalError, connection


def refuse_every_query(execute, sql, params, many, context):
    raise OperationalError("connection refused")


@pytest.fixture
def broken_cache(settings):
    settings.CACHES = {  # a closed port: every cache call fails at once
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


def test_healthz_answers_without_touching_database_or_cache(client, broken_cache):
    # No `django_db` mark: pytest-django fails a test like this that touches the database.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_ok_when_database_and_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_names_the_database_when_it_is_down(client):
    with connection.execute_wrapper(refuse_every_query):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["database"]}


@pytest.mark.django_db
def test_readyz_names_the_cache_when_it_is_down(client, broken_cache):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failed": ["cache"]}


@pytest.mark.django_db
def test_readyz_names_both(client, broken_cache):
    with connection.execute_wrapper(refuse_every_query):
        response = client.get("/readyz")
    assert response.json()["failed"] == ["database", "cache"]


@pytest.mark.django_db
def test_readyz_detail_stays_in_the_log(client, caplog):
    with connection.execute_wrapper(refuse_every_query):
        response = client.get("/readyz")
    assert b"refused" not in response.content
    assert "readiness: database unreachable" in caplog.text


def test_health_endpoints_only_read(client):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200


@pytest.mark.django_db
def test_readyz_cache_check_is_a_real_round_trip(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    # The dummy cache accepts writes and forgets them: not a working cache.
    response = client.get("/readyz")
    assert response.json() == {"status": "unavailable", "failed": ["cache"]}
