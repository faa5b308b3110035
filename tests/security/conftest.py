"""
Security tests: hostile imports, hostile query strings and headers, admin abuse, outages.

Each test does something an attacker (or an accident) would, and asserts what the site
answered and that nothing stored changed: `nothing_stored_changes()` compares every row of
the site's own tables, users, groups and permissions before and after.
"""

from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Group, Permission, User
from reversion.models import Revision, Version

from jobs.models import Company, JobPosting, Location, PostingTally, Technology
from roles.models import FAQ, CareerStage, RelatedRole, Responsibility, Role, Skill, Specialization
from tests.admin.conftest import _fast_passwords, editor, editor_client  # noqa: F401
from tests.production.conftest import postgres_site, sqlite_site, static_root  # noqa: F401

STORED = [
    Role, Responsibility, Skill, CareerStage, Specialization, FAQ, RelatedRole,
    JobPosting, JobPosting.locations.through, JobPosting.technologies.through,
    Company, Location, Technology, PostingTally,
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
