"""
Faults: with the database gone, pages answer a friendly 503 within two seconds and the site
recovers by itself when it is back; with the cache gone, the site serves from the database.
"""

import json
import re
import socket
import time

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.factories import make_posting, make_role
from tests.seed import ML_OPEN

from .conftest import BEHIND_PROXY, PORTS, POSTGRES, Server, production_env, require
from .tcpproxy import TcpProxy

UNREACHABLE_CACHE = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",
    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
}
PAGES = ["/", "/roles/", "/roles/machine-learning-engineer/", "/jobs/", "/roles/x/jobs/"]


def refuse_every_query(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


def open_count(html):
    found = re.search(r"<strong>([\d,]+)</strong>\s*(?:<span>)?open posting", html)
    assert found, "no open count on the page"
    return int(found[1].replace(",", ""))


# In-process: the middleware and the pages -------------------------------------------------


@pytest.mark.django_db
def test_pages_answer_503_while_the_database_fails_and_recover_after():
    role = make_role(slug="machine-learning-engineer", title="Machine Learning Engineer")
    make_posting(role=role)
    client = Client(raise_request_exception=False)

    with connection.execute_wrapper(refuse_every_query):
        for url in PAGES:
            started = time.monotonic()
            response = client.get(url)
            assert time.monotonic() - started < 2, url
            assert response.status_code == 503, url
            assert b"We will be back in a moment" in response.content

    response = client.get("/roles/machine-learning-engineer/")
    assert response.status_code == 200
    assert open_count(response.content.decode()) == 1


@pytest.mark.django_db
def test_htmx_requests_get_the_503_too():
    with connection.execute_wrapper(refuse_every_query):
        response = Client().get("/roles/?q=data", headers={"HX-Request": "true"})
    assert response.status_code == 503


@pytest.mark.django_db
def test_database_outage_is_one_error_line_not_a_mail_per_request(client, caplog):
    with connection.execute_wrapper(refuse_every_query):
        client.get("/roles/")
    errors = [record for record in caplog.records if record.levelname == "ERROR"]
    assert [(record.name, record.getMessage()) for record in errors] == [
        ("careerguide.faults", "Database unavailable: /roles/")
    ]
    # Under "careerguide", not "django": Django's mail_admins handler never sees it.
    assert errors[0].exc_info[0] is OperationalError


@pytest.mark.django_db
def test_site_serves_from_the_database_when_the_cache_is_unreachable(settings):
    role = make_role(slug="machine-learning-engineer", title="Machine Learning Engineer")
    make_posting(role=role)
    make_posting(role=role)
    settings.CACHES = {"default": UNREACHABLE_CACHE}
    client = Client()
    for url in ["/", "/roles/", "/roles/machine-learning-engineer/", "/jobs/"]:
        started = time.monotonic()
        response = client.get(url)
        assert response.status_code == 200, url
        assert time.monotonic() - started < 2, url
    assert open_count(response_for(client, "/roles/machine-learning-engineer/")) == 2
    make_posting(role=role)  # invalidation fails quietly too; the count is still live
    assert open_count(response_for(client, "/roles/machine-learning-engineer/")) == 3


def response_for(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# Under gunicorn: real connections to nowhere --------------------------------------------


@pytest.mark.slow
def test_gunicorn_answers_503_fast_when_postgresql_refuses(tmp_path, static_root):
    env = production_env(
        DATABASE_URL="postgres://postgres@127.0.0.1:1/careerguide",
        DJANGO_STATIC_ROOT=static_root,
    )
    with Server(PORTS["spare"], env, tmp_path / "gunicorn.log") as server:
        for url in PAGES:
            response = server.get(url, headers=BEHIND_PROXY)
            assert response.status == 503, url
            assert response.seconds < 2, (url, response.seconds)
            assert "We will be back in a moment" in response.body
            assert re.search(r'href="/static/css/site\.[0-9a-f]{12}\.css"', response.body)
            assert "Traceback" not in response.body and "127.0.0.1:1" not in response.body
            assert response.header("Retry-After") == "30"
        assert server.get("/healthz").status == 200
        ready = server.get("/readyz")
        assert (ready.status, json.loads(ready.body)["failed"]) == (503, ["database"])
    faults = [line for line in server.log_lines() if line["logger"] == "careerguide.faults"]
    assert len(faults) == len(PAGES)
    assert all(line["level"] == "ERROR" and line["request_id"] for line in faults)


@pytest.mark.slow
def test_gunicorn_waits_no_longer_than_the_connect_timeout_for_a_silent_database(
    tmp_path, static_root
):
    # A host that accepts and never answers: only the connect timeout (2 s) ends the wait.
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    env = production_env(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{port}/careerguide",
        DJANGO_STATIC_ROOT=static_root,
    )
    try:
        with Server(PORTS["spare"], env, tmp_path / "gunicorn.log") as server:
            response = server.get("/roles/", headers=BEHIND_PROXY)
    finally:
        listener.close()
    assert response.status == 503
    assert 1.5 < response.seconds < 3, response.seconds


@pytest.mark.slow
def test_gunicorn_recovers_without_restart_when_postgresql_returns(
    tmp_path, static_root, postgres_site
):
    require(("PostgreSQL", POSTGRES))
    proxy = TcpProxy(POSTGRES)
    database = postgres_site["DATABASE_URL"].replace(":5432/", f":{proxy.port}/")
    env = production_env(
        DATABASE_URL=database,
        CACHE_URL="locmem://",
        DJANGO_STATIC_ROOT=static_root,
        GUNICORN_THREADS=1,  # one thread, one kept connection: the one the outage cuts
    )
    guide = "/roles/machine-learning-engineer/"
    try:
        with Server(PORTS["spare"], env, tmp_path / "gunicorn.log") as server:
            before = server.get(guide, headers=BEHIND_PROXY)
            assert before.status == 200
            assert open_count(before.body) == ML_OPEN

            proxy.down()
            # A reader without a session still gets the page kept in the cache...
            kept = server.get(guide, headers=BEHIND_PROXY)
            assert kept.status == 200 and open_count(kept.body) == ML_OPEN
            # ...while whatever needs the database answers 503 at once.
            with_session = {**BEHIND_PROXY, "Cookie": "sessionid=reader"}
            for _ in range(3):
                outage = server.get(guide, headers=with_session)
                assert outage.status == 503
                assert outage.seconds < 2, outage.seconds
            assert server.get("/readyz").status == 503

            proxy.up()
            after = server.get(guide, headers=BEHIND_PROXY)
            assert after.status == 200
            assert open_count(after.body) == ML_OPEN
            assert server.get("/readyz").status == 200
            assert server.process.poll() is None
    finally:
        proxy.close()
