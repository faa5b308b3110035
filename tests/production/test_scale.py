"""Two gunicorn servers sharing PostgreSQL and Redis agree on every count, at once."""

import re
import time

import pytest

from tests.seed import ML_OPEN

from .conftest import BEHIND_PROXY, PORTS, Server, manage, production_env

pytestmark = pytest.mark.slow

GUIDE = "/roles/machine-learning-engineer/"
CLOSE_ONE = """
from jobs.models import JobPosting
postings = JobPosting.objects.open().filter(role__slug="machine-learning-engineer")
posting = postings.newest_first().first()
posting.status = JobPosting.Status.CLOSED
posting.save()
print(posting.pk)
"""
REOPEN = """
from jobs.models import JobPosting
posting = JobPosting.objects.get(pk={pk})
posting.status = JobPosting.Status.OPEN
posting.save()
"""


def open_count(server):
    response = server.get(GUIDE, headers=BEHIND_PROXY)
    assert response.status == 200, response.body[:500]
    found = re.search(r"<strong>([\d,]+)</strong>\s*(?:<span>)?open posting", response.body)
    assert found, "no open count on the guide"
    return int(found[1].replace(",", ""))


def test_a_closed_posting_shows_on_both_servers_at_once(tmp_path, static_root, postgres_site):
    env = production_env(DJANGO_STATIC_ROOT=static_root, **postgres_site)
    with (
        Server(PORTS["left"], env, tmp_path / "left.log") as left,
        Server(PORTS["right"], env, tmp_path / "right.log") as right,
    ):
        # Twice each: the second answer comes from the statistics cached in Redis.
        assert [open_count(left), open_count(right), open_count(left), open_count(right)] == [
            ML_OPEN
        ] * 4

        # Closed by another process, through the ORM: the save signal invalidates the cache.
        pk = manage("shell", "-v0", "-c", CLOSE_ONE, env=env).stdout.strip()
        started = time.monotonic()
        assert (open_count(left), open_count(right)) == (ML_OPEN - 1, ML_OPEN - 1)
        assert time.monotonic() - started < 2

        manage("shell", "-v0", "-c", REOPEN.format(pk=pk), env=env)
        assert (open_count(right), open_count(left)) == (ML_OPEN, ML_OPEN)
