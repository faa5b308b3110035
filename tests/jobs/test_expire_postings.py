"""`manage.py expire_postings`: closes open postings past their expiry date."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from jobs import statistics, tallies
from jobs.models import JobPosting
from tests.factories import make_posting, make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def postings():
    now = timezone.now()
    role = make_role()
    past = {"posted_at": now - timedelta(days=30), "expires_at": now - timedelta(days=1)}
    return {
        "expired": make_posting(role=role, **past),
        "expired_too": make_posting(role=role, **past),
        "live": make_posting(role=role, expires_at=now + timedelta(days=3)),
        "no_expiry": make_posting(role=role),
        "closed_expired": make_posting(role=role, status="closed", **past),
    }


def expire(*args):
    out = StringIO()
    call_command("expire_postings", *args, stdout=out)
    return out.getvalue()


def statuses(postings):
    return {name: JobPosting.objects.get(pk=p.pk).status for name, p in postings.items()}


def test_closes_open_postings_past_expiry(postings):
    assert "Closed 2 postings past expiry." in expire()
    assert statuses(postings) == {
        "expired": "closed",
        "expired_too": "closed",
        "live": "open",
        "no_expiry": "open",
        "closed_expired": "closed",
    }
    assert "Closed 0 postings past expiry." in expire()


def test_dry_run_counts_and_changes_nothing(postings):
    assert "Dry run: 2 open postings past expiry would be closed." in expire("--dry-run")
    assert statuses(postings)["expired"] == "open"


def test_counts_stay_what_readers_saw(postings):
    role = postings["live"].role
    before = statistics.open_postings_count(role)  # computed, not cached
    expire()
    assert statistics.open_postings_count(role) == before == 2
    assert tallies.rebuild() == {}  # the closing reached the tallies too


def test_quiet_at_verbosity_zero(postings):
    assert expire("--verbosity", "0") == ""
