"""Writes the site did not make (raw SQL from another connection) show on the next page load."""

import re
import sqlite3
import subprocess
import time

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
    assert f'"roles:{role.pk}"' in output.stdout
    assert f"roles:{other.pk}" not in output.stdout


def test_notices_name_scopes():
    assert listener.scopes_of("roles:3,8") == ["postings", "data-through", "role:3", "role:8"]
    assert listener.scopes_of("site") == ["site"]
    assert listener.scopes_of("roles:") == ["site"]


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
