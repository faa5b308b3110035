"""
Security tests: hostile imports, hostile query strings and headers, admin abuse, outages.

Each test does something an attacker (or an accident) would, and asserts what the site
answered and that nothing stored changed: `nothing_stored_changes()` compares every row of
the site's own tables, users, groups and permissions before and after.
"""

import os
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Group, Permission, User
from reversion.models import Revision, Version

from jobs.models import (
    Company,
    Feed,
    FeedRun,
    JobPosting,
    Location,
    PostingTally,
    Technology,
    TitleRule,
)
from roles.models import FAQ, CareerStage, RelatedRole, Responsibility, Role, Skill, Specialization
from tests.admin.conftest import _fast_passwords, editor, editor_client  # noqa: F401
from tests.production.conftest import postgres_site, sqlite_site, static_root  # noqa: F401

STORED = [
    Role, Responsibility, Skill, CareerStage, Specialization, FAQ, RelatedRole,
    JobPosting, JobPosting.locations.through, JobPosting.technologies.through,
    Company, Location, Technology, PostingTally, Feed, FeedRun, TitleRule,
    User, User.groups.through, User.user_permissions.through,
    Group, Group.permissions.through, Permission,
    Revision, Version,
]  # fmt: skip


def stored():
    """Every row of the tables above, comparable as a whole."""
    return {
        model._meta.label: sorted(model._base_manager.values_list(), key=repr) for model in STORED
    }


@contextmanager
def nothing_stored_changes():
    before = stored()
    yield
    after = stored()
    changed = [label for label in before if before[label] != after[label]]
    assert changed == [], f"stored rows changed in {changed}"


@pytest.fixture
def unchanged():
    """`with unchanged(): ...` asserts that the block stored nothing."""
    return nothing_stored_changes


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: starts servers or builds a virtualenv in subprocesses (in make test)"
    )


@pytest.fixture
def own_postgres_database(request):
    """A PostgreSQL database of this test's own, with the shipped fixtures (copied from the
    template `postgres_site` made), for tests that write to it; dropped after."""
    import psycopg

    request.getfixturevalue("postgres_site")  # skips without PostgreSQL, builds the template
    from tests.production.conftest import _postgres_template

    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    template = _postgres_template(admin)
    name = f"careerguide_security_test_{os.getpid()}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    yield f"postgres://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_digest(url):
    """A digest of every row of the site's tables in the database at `url`."""
    import psycopg

    tables = [model._meta.db_table for model in STORED]
    with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as db:
        return {
            table: db.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                f'FROM "{table}" t'
            ).fetchone()
            for table in tables
        }
