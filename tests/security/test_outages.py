"""
Outages: a database that stops answering or runs a statement for minutes, a cache that goes
away while postings change. Through TCP proxies these tests start in front of PostgreSQL and
Redis: pages answer 503 within seconds (or serve what is right), workers are freed, nothing
stored changes, and no page shows figures the database no longer holds.
"""

import pytest

from tests.production.conftest import (
    BEHIND_PROXY,
    GUNICORN,
    PORTS,
    Server,
    production_env,
)

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
    with Server(PORTS["spare"], env, tmp_path / "gunicorn.log", command=TEST_APPLICATION) as server:
        slow = server.get("/test/slow-query/", headers=BEHIND_PROXY)
        assert slow.status == 503, slow.body[:300]
        assert 0.9 < slow.seconds < 3, slow.seconds
        assert slow.header("Retry-After") == "30"
        after = server.get("/roles/", headers={**BEHIND_PROXY, "Cookie": "sessionid=reader"})
        assert after.status == 200
    faults = [line for line in server.log_lines() if line["logger"] == "careerguide.faults"]
    assert [line["message"] for line in faults] == ["Database unavailable: /test/slow-query/"]
