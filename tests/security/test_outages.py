"""
Outages: a database that stops answering or runs a statement for minutes, a cache that goes
away while postings change. Through TCP proxies these tests start in front of PostgreSQL and
Redis: pages answer 503 within seconds (or serve what is right), workers are freed, nothing
stored changes, and no page shows figures the database no longer holds.
"""

import json
import os
import time

import pytest
from django.db import connection

from tests.production.conftest import (
    BEHIND_PROXY,
    GUNICORN,
    PORTS,
    POSTGRES,
    REDIS,
    Server,
    manage,
    production_env,
)
from tests.production.tcpproxy import TcpProxy
from tests.production.test_faults import open_count
from tests.security.conftest import database_digest
from tests.seed import ML_OPEN

# The production application plus the failing-on-purpose views of tests/production/urls.py.
TEST_APPLICATION = [str(GUNICORN), "--config", "careerguide/gunicorn.conf.py",
                    "tests.production.wsgi:application"]  # fmt: skip


# 2. A statement that would hold a worker for minutes ----------------------------------------


@pytest.mark.slow
def test_a_statement_of_a_web_request_is_cancelled_after_the_timeout(
    tmp_path, static_root, postgres_site
):
    env = production_env(
        **postgres_site,
        DJANGO_STATIC_ROOT=static_root,
        DATABASE_STATEMENT_TIMEOUT="1",
        GUNICORN_THREADS=1,  # one thread: the next request proves it was freed
    )
    before = database_digest(postgres_site["DATABASE_URL"])
    with Server(PORTS["spare"], env, tmp_path / "gunicorn.log", command=TEST_APPLICATION) as server:
        slow = server.get("/test/slow-query/", headers=BEHIND_PROXY)
        assert slow.status == 503, slow.body[:300]
        assert 0.9 < slow.seconds < 3, slow.seconds
        assert slow.header("Retry-After") == "30"
        after = server.get("/roles/", headers={**BEHIND_PROXY, "Cookie": "sessionid=reader"})
        assert after.status == 200
    faults = [line for line in server.log_lines() if line["logger"] == "careerguide.faults"]
    assert [line["message"] for line in faults] == ["Database unavailable: /test/slow-query/"]
    assert database_digest(postgres_site["DATABASE_URL"]) == before


# 5. A database that stops answering, on a kept connection -----------------------------------

GUIDE = "/roles/machine-learning-engineer/"
# A session cookie: past the shared page cache, so that every request needs the database.
WITH_SESSION = {**BEHIND_PROXY, "Cookie": "sessionid=reader"}


@pytest.mark.slow
def test_a_silent_database_gives_503_within_two_seconds_on_a_kept_connection(
    tmp_path, static_root, postgres_site
):
    proxy = TcpProxy(POSTGRES)
    env = production_env(
        DATABASE_URL=postgres_site["DATABASE_URL"].replace(":5432/", f":{proxy.port}/"),
        CACHE_URL="locmem://",
        DJANGO_STATIC_ROOT=static_root,
        GUNICORN_THREADS=1,  # one thread, one kept connection: the one that goes silent
    )
    before = database_digest(postgres_site["DATABASE_URL"])
    try:
        with Server(PORTS["spare"], env, tmp_path / "gunicorn.log") as server:
            assert server.get(GUIDE, headers=WITH_SESSION).status == 200  # connection kept

            proxy.freeze()  # open connections stay open; nothing passes any more
            kept = server.get(GUIDE, headers=WITH_SESSION)
            assert kept.status == 503
            assert kept.seconds < 2, kept.seconds
            # The requests behind it do not wait for the database either.
            for _ in range(3):
                behind = server.get(GUIDE, headers=WITH_SESSION)
                assert behind.status == 503
                assert behind.seconds < 2.5, behind.seconds  # at most a connect timeout

            proxy.up()
            assert wait_for_status(server, GUIDE, 200, within=6)
            assert server.process.poll() is None
    finally:
        proxy.close()
    faults = [line for line in server.log_lines() if line["logger"] == "careerguide.faults"]
    assert len(faults) >= 4
    assert {(line["level"], line["message"]) for line in faults} == {
        ("ERROR", f"Database unavailable: {GUIDE}")
    }
    assert database_digest(postgres_site["DATABASE_URL"]) == before


def wait_for_status(server, path, status, *, within):
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if server.get(path, headers=WITH_SESSION).status == status:
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db
def test_a_slow_statement_of_a_database_that_answers_is_left_to_finish():
    # Past each second without an answer the database is asked whether it is there; it
    # is, so the statement runs on (its own statement_timeout bounds it).
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL connections only")
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(2.2)")
    assert time.monotonic() - started >= 2.2


# 6. Writes made while the cache was unreachable ---------------------------------------------


@pytest.mark.slow
def test_a_write_made_while_redis_was_away_shows_once_it_is_back(
    tmp_path, static_root, own_postgres_database
):
    redis = TcpProxy(REDIS)
    prefix = f"cgsecurity{os.getpid()}"
    env = production_env(
        DATABASE_URL=own_postgres_database,
        CACHE_URL=f"redis://127.0.0.1:{redis.port}/6?prefix={prefix}",
        DJANGO_STATIC_ROOT=static_root,
        CACHE_CHECK_SECONDS=1,
    )
    before = database_digest(own_postgres_database)
    closing = open_ml_posting(own_postgres_database, status="closed")
    feed = tmp_path / "close-one.jsonl"
    feed.write_text(json.dumps(closing) + "\n")
    try:
        with Server(PORTS["spare"], env, tmp_path / "gunicorn.log") as server:
            assert open_count(server.get(GUIDE, headers=BEHIND_PROXY).body) == ML_OPEN  # cached

            redis.down()
            # An import in its own process closes a posting, cannot tell the cache, and ends.
            imported = manage("import_postings", str(feed), env=env)
            assert "0 created, 1 updated" in imported.stdout
            redis.up()

            # No request of the server's saw the outage; it still learns of the write.
            deadline = time.monotonic() + 4
            while (shown := open_count(server.get(GUIDE, headers=BEHIND_PROXY).body)) == ML_OPEN:
                assert time.monotonic() < deadline, (
                    "the page still shows the state before the write"
                )
                time.sleep(0.2)
            assert shown == ML_OPEN - 1
    finally:
        redis.close()
        flush_prefix(prefix)
    # The import's write (the posting, its links written again, its tallies, its History):
    # nothing else.
    after = database_digest(own_postgres_database)
    changed = {table for table in before if before[table] != after[table]}
    assert changed <= {
        "jobs_jobposting",
        "jobs_jobposting_locations",
        "jobs_jobposting_technologies",
        "jobs_postingtally",
        "reversion_revision",
        "reversion_version",
    }


@pytest.mark.slow
def test_a_frozen_cache_costs_one_short_wait_then_pages_come_from_the_database(
    tmp_path, static_root, postgres_site
):
    redis = TcpProxy(REDIS)
    prefix = f"cgsecurityfrozen{os.getpid()}"
    env = production_env(
        DATABASE_URL=postgres_site["DATABASE_URL"],
        CACHE_URL=f"redis://127.0.0.1:{redis.port}/6?prefix={prefix}",
        DJANGO_STATIC_ROOT=static_root,
        GUNICORN_THREADS=1,
    )
    before = database_digest(postgres_site["DATABASE_URL"])
    try:
        with Server(PORTS["spare"], env, tmp_path / "gunicorn.log") as server:
            assert open_count(server.get(GUIDE, headers=BEHIND_PROXY).body) == ML_OPEN
            redis.freeze()
            first = server.get(GUIDE, headers=BEHIND_PROXY)
            assert first.status == 200 and open_count(first.body) == ML_OPEN
            assert first.seconds < 1.5, first.seconds  # one socket timeout (0.5 s) at most
            for _ in range(3):  # then the cache is left alone: straight from the database
                later = server.get(GUIDE, headers=BEHIND_PROXY)
                assert later.status == 200 and later.seconds < 0.5, later.seconds
            redis.up()
            assert server.get("/readyz").status == 200
    finally:
        redis.close()
        flush_prefix(prefix)
    assert database_digest(postgres_site["DATABASE_URL"]) == before


def open_ml_posting(url, **changes):
    """One open Machine Learning Engineer posting of the database at `url`, as an import row."""
    import psycopg
    from psycopg.rows import dict_row

    query = """
        SELECT p.source, p.external_id, r.slug AS role, p.title, c.name AS company, p.description,
               p.seniority, p.posted_at, p.apply_url
        FROM jobs_jobposting p JOIN roles_role r ON r.id = p.role_id
        JOIN jobs_company c ON c.id = p.company_id
        WHERE r.slug = 'machine-learning-engineer' AND p.status = 'open'
          AND p.expires_at IS NULL
        ORDER BY p.posted_at LIMIT 1
    """
    with psycopg.connect(url.replace("postgres://", "postgresql://"), row_factory=dict_row) as db:
        row = db.execute(query).fetchone()
    return {**row, "posted_at": row["posted_at"].isoformat(), **changes}


def flush_prefix(prefix):
    import redis

    client = redis.Redis(host=REDIS[0], port=REDIS[1], db=6)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
