"""Writes the site did not make (raw SQL from another connection) show on the next page load."""

import re
import sqlite3
import subprocess
import time
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.db import connection

from careerguide import listener
from jobs.models import JobPosting
from tests.factories import make_full_guide, make_posting, make_role

pytestmark = pytest.mark.django_db(transaction=True)

CLOSE = "UPDATE jobs_jobposting SET status = 'closed' WHERE role_id = {role}"


def open_count(client, slug):
    """The count the guide's page shows (kept in the cache, or not)."""
    html = client.get(f"/roles/{slug}/").content.decode()
    return int(re.search(r"<strong>(\d+)</strong> open posting", html)[1])


def raw_sql_from_another_connection(statement):
    """As a database job or another service would: its own connection, committed."""
    database = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        other = __import__("psycopg").connect(
            **{k: v for k, v in connection.get_connection_params().items() if k != "context"},
            autocommit=True,
        )
        other.execute(statement)
        other.close()
    else:
        name = database["TEST"].get("NAME") or connection.settings_dict["NAME"]
        other = sqlite3.connect(name, uri=str(name).startswith("file:"))
        other.execute(statement)
        other.commit()
        other.close()


def test_raw_sql_shows_on_the_next_request(client):
    role = make_full_guide(slug="watched")
    make_posting(role=role)
    make_posting(role=role)
    if connection.vendor == "postgresql":
        settings.WRITE_LISTENER = True
        assert listener.start_listener().connected.wait(5)
    try:
        assert open_count(client, "watched") == 2
        assert open_count(client, "watched") == 2  # now from the cache
        raw_sql_from_another_connection(CLOSE.format(role=role.pk))
        if connection.vendor == "postgresql":
            time.sleep(0.05)  # the notification's way from the commit to the listener
        assert open_count(client, "watched") == 0
        assert not JobPosting.objects.open().exists()
    finally:
        listener.stop_listener()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's notifications")
def test_notifications_name_the_roles_a_statement_touched():
    role, other = make_role(), make_role()
    make_posting(role=role)
    make_posting(role=other)
    psql = ["psql", "-X", "-At", "-d", connection.settings_dict["NAME"], "-h", "127.0.0.1",
            "-U", connection.settings_dict["USER"] or "postgres"]  # fmt: skip
    script = f"LISTEN {listener.CHANNEL};\n{CLOSE.format(role=role.pk)};\nSELECT 1;\n"
    output = subprocess.run(psql, input=script, capture_output=True, text=True, check=True)
    assert f'"roles:{role.pk};newest:' in output.stdout
    assert f"roles:{other.pk}" not in output.stdout


def test_notices_name_scopes():
    assert listener.read_notice("roles:3,8") == (["postings", "role:3", "role:8"], {})
    assert listener.read_notice("roles:3;newest:1764600000;tx:9") == (
        ["postings", "role:3"],
        {"newest": "1764600000", "tx": "9"},
    )
    assert listener.read_notice("site") == (["site"], {})
    assert listener.read_notice("roles:") == (["site"], {})


def test_figures_ending_at_the_newest_posting_are_retired_when_a_notice_says_it_moved():
    heard = listener.Listener({})
    assert "data-through" in heard.scopes("roles:3;newest:100;tx:1")  # first heard of
    assert heard.scopes("roles:3;newest:100;tx:2") == ["postings", "role:3"]  # a title edited
    assert heard.scopes("roles:4,3") == ["postings", "role:4", "role:3"]  # a posting's links
    assert "data-through" in heard.scopes("roles:4;newest:200;tx:3")  # a newer posting
    assert "data-through" in heard.scopes("roles:4;newest:100;tx:4")  # the newest deleted
    assert "data-through" in heard.scopes("roles:4;newest:none;tx:5")  # the last one deleted


def test_of_the_processes_hearing_a_notice_the_first_retires_what_it_names():
    first, second = listener.Listener({}), listener.Listener({})
    assert first.scopes("roles:3;newest:100;tx:7") == ["postings", "role:3", "data-through"]
    assert second.scopes("roles:3;newest:100;tx:7") == []
    assert second.scopes("roles:3;newest:100;tx:8") == ["postings", "role:3"]


def test_notices_that_name_no_transaction_are_acted_on_every_time():
    # "site" and a posting's links say nothing that tells one write from the next.
    first, second = listener.Listener({}), listener.Listener({})
    for heard in (first, second, first, second):
        assert heard.scopes("site") == ["site"]
        assert heard.scopes("roles:4,3") == ["postings", "role:4", "role:3"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's notifications")
def test_notices_of_posting_writes_say_when_the_newest_posting_was_posted():
    role = make_role()
    make_posting(role=role, posted_at=datetime(2026, 11, 20, 17, 40, tzinfo=UTC))
    psql = ["psql", "-X", "-At", "-d", connection.settings_dict["NAME"], "-h", "127.0.0.1",
            "-U", connection.settings_dict["USER"] or "postgres"]  # fmt: skip
    script = f"LISTEN {listener.CHANNEL};\n{CLOSE.format(role=role.pk)};\nSELECT 1;\n"
    output = subprocess.run(psql, input=script, capture_output=True, text=True, check=True)
    notice = re.search(rf'"roles:{role.pk};newest:([0-9.]+);tx:[0-9]+"', output.stdout)
    assert float(notice[1]) == datetime(2026, 11, 20, 17, 40, tzinfo=UTC).timestamp()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's notifications")
def test_a_process_serves_only_once_its_listener_has_retired_older_pages():
    # Were the first page kept before the listener's first connection, that connection's
    # retiring everything would take the page away again (and, with the database away,
    # leave readers an error instead of the kept page).
    settings.WRITE_LISTENER = True
    try:
        listener.OutsideWritesMiddleware(lambda request: None)
        assert listener.start_listener().connected.is_set()
    finally:
        listener.stop_listener()
