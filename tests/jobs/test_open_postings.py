from datetime import timedelta

import pytest
from django.utils import timezone

from jobs.models import JobPosting
from tests.factories import make_posting, make_role

pytestmark = pytest.mark.django_db


def test_open_means_open_and_not_past_expiry():
    role = make_role()
    now = timezone.now()
    no_expiry = make_posting(role=role)
    future = make_posting(role=role, expires_at=now + timedelta(days=3))
    make_posting(role=role, status=JobPosting.Status.CLOSED)
    make_posting(role=role, posted_at=now - timedelta(days=9), expires_at=now - timedelta(days=1))
    make_posting(
        role=role,
        status=JobPosting.Status.CLOSED,
        expires_at=now + timedelta(days=3),
    )

    assert set(JobPosting.objects.open()) == {no_expiry, future}


def test_is_open_agrees_with_the_queryset():
    now = timezone.now()
    expired = make_posting(posted_at=now - timedelta(days=9), expires_at=now - timedelta(days=1))
    closed = make_posting(status=JobPosting.Status.CLOSED)
    live = make_posting(expires_at=now + timedelta(hours=1))
    assert (expired.is_open, closed.is_open, live.is_open) == (False, False, True)
    assert expired.is_expired and not live.is_expired
