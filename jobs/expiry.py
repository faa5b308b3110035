"""Closing postings whose expiry date has passed: `manage.py expire_postings`."""

from django.db import transaction
from django.db.models.functions import Now

from . import statistics
from .models import JobPosting


def expired_postings():
    """Postings still marked open although their expiry date has passed."""
    return JobPosting.objects.filter(status=JobPosting.Status.OPEN, expires_at__lte=Now())


@transaction.atomic
def close_expired_postings(*, dry_run=False):
    """Mark expired postings closed; returns how many (would be) closed.

    Lists and counts already leave expired postings out, so readers see no change; the
    status catches up so that admin filters and exports agree with the pages."""
    if dry_run:
        return expired_postings().count()
    closed = expired_postings().update(status=JobPosting.Status.CLOSED, updated_at=Now())
    if closed:
        # update() sends no signals: cached figures go stale now and again after commit.
        statistics.invalidate()
        transaction.on_commit(statistics.invalidate)
    return closed
